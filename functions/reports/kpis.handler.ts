import { berlinDate } from '#core/dates';
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { prefersCsv } from '#functions/training/reports/domain';
import { PRECISION_NOTE, kpiCsv, kpiReportSchema, tenantKpis, type KpiReport } from './kpis.ts';
import { kpiQuerySchema } from './schemas.ts';
import { countersOf, trainingSnapshot } from './store.ts';
import { reportYear } from './years.ts';

/**
 * GET /reports/kpis?year= — the e-government KPIs of the caller's tenant for a year and the year before, JSON or CSV
 * (`?format=csv` or `Accept: text/csv`). Three reads whatever the volume: one BatchGetItem (the counters of both years
 * and the tenant's name) and two small queries (the training snapshots at the end of each year).
 */
export const handler = httpHandler(
  { query: kpiQuerySchema, responses: { 200: { 'application/json': kpiReportSchema, 'text/csv': z.string() } } },
  async ({ query, headers, caller }) => {
    const { tenantId } = caller;
    const db = tableFor(tenantId);
    const today = berlinDate(new Date());
    const year = reportYear(query.year, today);
    const [[counters], current, previous] = await Promise.all([
      countersOf(db, [tenantId], [year, year - 1]),
      trainingSnapshot(db, tenantId, `${year}-12-31` < today ? `${year}-12-31` : today),
      trainingSnapshot(db, tenantId, `${year - 1}-12-31`),
    ]);
    const report: KpiReport = { year, generatedAt: new Date().toISOString(), precision: PRECISION_NOTE, tenants: [tenantKpis(counters!, year, today, { current, previous })] };
    return kpiReply(report, query.format ?? (prefersCsv(headers.accept) ? 'csv' : 'json'), tenantId);
  },
);

export function kpiReply(report: KpiReport, format: 'json' | 'csv', name: string) {
  const vary = { vary: 'accept' };
  if (format === 'csv') {
    return json(200, kpiCsv(report), { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="kennzahlen-${name}-${report.year}.csv"`, ...vary });
  }
  return json(200, report, vary);
}
