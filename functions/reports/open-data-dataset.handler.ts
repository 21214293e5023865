import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { prefersCsv } from '#functions/training/reports/domain';
import { tenantPathSchema } from '#functions/tenants/schemas';
import { DATASET_IDS, datasetCsv, datasetOf, datasetSchema } from './open-data.ts';
import { CACHE_HEADERS, coveredUntil, publishingTenant } from './open-data-store.ts';
import { formatField, yearField } from './schemas.ts';
import { countersOf } from './store.ts';
import { reportYear } from './years.ts';

const paramsSchema = z.strictObject({
  tenantId: tenantPathSchema.shape.id,
  datasetId: z.enum(DATASET_IDS, { error: `Diesen Datensatz gibt es nicht (vorhanden: ${DATASET_IDS.join(', ')}).` }),
});

/**
 * GET /open-data/{tenantId}/datasets/{datasetId}?year=&format= — one open dataset of a tenant for a year, CSV or JSON,
 * for everyone, without sign-in; cacheable. Small counts are withheld (`open-data.ts`). Three reads: the registry
 * entry and one BatchGetItem of the year's counter shards (with the tenant's configuration).
 */
export const handler = httpHandler(
  { params: paramsSchema, query: z.strictObject({ year: z.optional(yearField), format: z.optional(formatField) }), responses: { 200: { 'application/json': datasetSchema, 'text/csv': z.string() } } },
  async ({ params, query, headers }) => {
    await publishingTenant(params.tenantId);
    const until = coveredUntil(new Date());
    const year = reportYear(query.year, until);
    const [counters] = await countersOf(tableFor(params.tenantId), [params.tenantId], [year]);
    const dataset = datasetOf(params.tenantId, params.datasetId, year, counters!.years.get(year)!, until.slice(0, 7));
    if ((query.format ?? (prefersCsv(headers.accept) ? 'csv' : 'json')) === 'csv') {
      return json(200, datasetCsv(dataset), {
        ...CACHE_HEADERS,
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${params.tenantId}-${params.datasetId}-${year}.csv"`,
      });
    }
    return json(200, dataset, CACHE_HEADERS);
  },
);
