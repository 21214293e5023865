import { systemTable } from '#core/ddb';
import { logger } from '#core/logger';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { tenantIdSchema } from '#core/tenant-id';
import * as z from '#core/zod';
import { tenantIds } from '#functions/tenants/config';
import { paymentProvider } from './providers.ts';
import { noReconciliations, reconcileDuePayments, type ReconciliationCounts } from './reconcile.ts';

// A scheduled rule delivers its own envelope; only these fields are ours. An operator (or a test) may run it for some
// tenants, and check payments due up to `dueWithinSeconds` from now at once (after an outage of the provider).
const eventSchema = z.looseObject({
  tenants: z.optional(z.array(tenantIdSchema).check(z.maxLength(200))),
  dueWithinSeconds: z.optional(z.int().check(z.gte(0), z.lte(24 * 3600))),
});

export class ReconciliationIncomplete extends Error {
  override readonly name = 'ReconciliationIncomplete';
}

/**
 * Scheduled (every minute): asks the payment providers about the open payments whose status check is due
 * (`reconcile.ts`), tenant by tenant — offboarded tenants too, their payments still end. Fails at the end when a
 * check failed, so that it shows in the function's errors; the failed payments are rescheduled.
 */
export const handler = taskHandler(eventSchema, async (event) => {
  const now = new Date();
  const dueBy = new Date(now.getTime() + (event.dueWithinSeconds ?? 0) * 1000);
  const provider = await paymentProvider(systemTable);
  const totals: ReconciliationCounts = noReconciliations();
  for (const tenantId of event.tenants ?? (await tenantIds(systemTable, COUNTY_TENANT_ID, ['active', 'deactivated']))) {
    try {
      const counts = await reconcileDuePayments(systemTable, provider, tenantId, now, dueBy);
      for (const [name, count] of Object.entries(counts) as Array<[keyof ReconciliationCounts, number]>) totals[name] += count;
      if (counts.checked > 0) logger.info('Payments reconciled', { tenantId, ...counts });
    } catch (error) {
      totals.errors += 1;
      logger.error('Reconciling the payments of a tenant failed', { tenantId, errorName: (error as Error).name, errorMessage: (error as Error).message });
    }
  }
  if (totals.errors > 0) throw new ReconciliationIncomplete(`${totals.errors} payment status checks failed`);
  return totals;
});
