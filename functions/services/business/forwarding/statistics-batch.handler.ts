/**
 * The statistics office's monthly batch (§ 3 Abs. 2 und 5 GewAnzV: at the latest on the first working day of the
 * following month) — a scheduled function. It runs DAILY: each run batches every closed month that still has
 * notices waiting, so a missed run is made up the next day and the first run of a month sends the previous one.
 * One XGewerbeordnung message (`sta.gewerbemeldung.0100`) per tenant and month (split when large), delivered and
 * retried like every other delivery. Event: `{ "tenants": ["neuss"] }` limits the run.
 */
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { tenantIdSchema } from '#core/tenant-id';
import * as z from '#core/zod';
import { tenantIds } from '#functions/tenants/config';
import { batchStatistics, CURRENT_SETUP } from './deliver.ts';

const eventSchema = z.looseObject({ tenants: z.optional(z.array(tenantIdSchema).check(z.maxLength(200))) });

export class StatisticsBatchFailed extends Error {
  override readonly name = 'StatisticsBatchFailed';
}

export const handler = taskHandler(eventSchema, async (event) => {
  const now = new Date();
  const tenants = event.tenants ?? (await tenantIds(tableFor(COUNTY_TENANT_ID), COUNTY_TENANT_ID, ['active', 'deactivated']));
  const totals = { batches: 0, records: 0, notConfigured: 0 };
  const failed: string[] = [];
  for (const tenantId of tenants) {
    try {
      const result = await batchStatistics(tableFor(tenantId), tenantId, now, CURRENT_SETUP);
      totals.batches += result.batches;
      totals.records += result.records;
      if (result.notConfigured) totals.notConfigured += 1;
      if (result.batches > 0) logger.info('Statistics batch of a tenant', { tenantId, ...result });
    } catch (error) {
      failed.push(tenantId);
      logger.error('Statistics batch of a tenant failed', { tenantId, error: error as Error });
    }
  }
  if (failed.length > 0) throw new StatisticsBatchFailed(`Statistics batch failed for: ${failed.join(', ')}`);
  return { tenants: tenants.length, ...totals };
});
