/**
 * Scheduled (every 5 minutes): for every municipality, tells citizens what the county's Zulassungsstelle did with
 * their vehicles — done, or failed with the reason and what to do — once per outcome, and brings the municipality's
 * handover records up to date (`news.ts`). A failing tenant does not stop the others; the run then fails at the end,
 * so it is repeated (harmless: nothing is sent twice).
 */
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { tenantIdSchema } from '#core/tenant-id';
import * as z from '#core/zod';
import { tenantIds } from '#functions/tenants/config';
import { tellOutcomes, type NewsTotals } from './news.ts';

// A scheduled rule delivers its own envelope (`detail-type`, `time`, …); only `tenants` is ours.
const eventSchema = z.looseObject({ tenants: z.optional(z.array(tenantIdSchema).check(z.maxLength(200))) });

export class HandoverNewsFailed extends Error {
  override readonly name = 'HandoverNewsFailed';
}

export const handler = taskHandler(eventSchema, async (event) => {
  const now = new Date();
  // Offboarded municipalities still learn the outcomes of handovers they made.
  const tenants = event.tenants ?? (await tenantIds(tableFor(COUNTY_TENANT_ID), COUNTY_TENANT_ID, ['active', 'deactivated']));
  const totals: NewsTotals = { read: 0, notified: 0 };
  const failed: string[] = [];
  for (const tenantId of tenants) {
    try {
      const result = await tellOutcomes(tableFor(tenantId), tenantId, now);
      totals.read += result.read;
      totals.notified += result.notified;
      if (result.read > 0) logger.info('Vehicle task outcomes of a municipality', { tenantId, ...result });
    } catch (error) {
      failed.push(tenantId);
      logger.error('Vehicle task outcomes of a municipality failed', { tenantId, error: error as Error });
    }
  }
  if (failed.length > 0) throw new HandoverNewsFailed(`Vehicle task outcomes failed for: ${failed.join(', ')}`);
  return { tenants: tenants.length, ...totals };
});
