import { systemTable } from '#core/ddb';
import { logger } from '#core/logger';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { tenantIdSchema } from '#core/tenant-id';
import * as z from '#core/zod';
import { tenantIds } from '#functions/tenants/config';
import { DEFAULT_GRACE_MS, noRepairs, repairTenant, type RepairCounts } from './repair.ts';

// A scheduled rule delivers its own envelope (`detail-type`, `time`, …); only these fields are ours. An operator may
// run the repair by hand for some tenants, and with `graceSeconds: 0` when nothing can be in flight (after an outage).
const eventSchema = z.looseObject({
  tenants: z.optional(z.array(tenantIdSchema).check(z.maxLength(200))),
  graceSeconds: z.optional(z.int().check(z.gte(0), z.lte(3600))),
});

export class RepairIncomplete extends Error {
  override readonly name = 'RepairIncomplete';
}

/**
 * Scheduled (every 10 minutes): repairs the applications a crash or a lost message left waiting — undelivered
 * decisions and withdrawals, workflows that were never started or are gone, payments whose confirmation was lost
 * (`repair.ts`). Tenant by tenant, including offboarded tenants (their applications still finish). Idempotent: two
 * runs at once, or a run repeated by Lambda's retry, do nothing twice. A run in which something failed fails at the
 * end (after every tenant was tried), so it shows in the function's errors.
 */
export const handler = taskHandler(eventSchema, async (event) => {
  const now = new Date();
  const graceMs = event.graceSeconds === undefined ? DEFAULT_GRACE_MS : event.graceSeconds * 1000;
  const tenants = event.tenants ?? (await tenantIds(systemTable, COUNTY_TENANT_ID, ['active', 'deactivated']));
  const totals: RepairCounts = noRepairs();
  for (const tenantId of tenants) {
    try {
      const counts = await repairTenant(systemTable, tenantId, now, graceMs);
      for (const [name, count] of Object.entries(counts) as Array<[keyof RepairCounts, number]>) totals[name] += count;
      if (Object.values(counts).some((count) => count > 0)) logger.info('Applications repaired', { tenantId, ...counts });
    } catch (error) {
      totals.errors += 1;
      logger.error('Repair of a tenant failed', { tenantId, error: error as Error });
    }
  }
  if (totals.errors > 0) throw new RepairIncomplete(`The repair left ${totals.errors} problem(s); see the log`);
  return { tenants: tenants.length, ...totals };
});
