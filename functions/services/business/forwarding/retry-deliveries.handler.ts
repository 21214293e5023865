/**
 * Delivery retries — a scheduled function (EventBridge, every 5 minutes). For every tenant (or the tenants named in
 * the event, `{ "tenants": ["neuss"] }`) it attempts the deliveries whose next attempt is due: `failed` ones (with
 * the recipient's backoff) and `pending` ones whose first attempt never happened (e.g. a crash right after they were
 * stored). After the recipient's last attempt a delivery is `dead` and waits for a caseworker's resend.
 * A failing tenant does not stop the others; the run then fails at the end so that it is visible.
 */
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { tenantIdSchema } from '#core/tenant-id';
import * as z from '#core/zod';
import { tenantIds } from '#functions/tenants/config';
import { attemptAll, CURRENT_SETUP } from './deliver.ts';
import { dueDeliveries } from './store.ts';

// A scheduled rule delivers its own envelope (`detail-type`, `time`, …); only `tenants` is ours.
const eventSchema = z.looseObject({ tenants: z.optional(z.array(tenantIdSchema).check(z.maxLength(200))) });

/**
 * A pending delivery is normally attempted right after it is stored (the issue step, a caseworker's forwarding); the
 * schedule takes it only when that has not happened for a while, so the two rarely send the same message twice
 * (harmless anyway: the transport and the receiver recognise the message id).
 */
export const PENDING_GRACE_MS = 60_000;

export class DeliveryRetriesFailed extends Error {
  override readonly name = 'DeliveryRetriesFailed';
}

export const handler = taskHandler(eventSchema, async (event) => {
  const now = new Date();
  // Offboarded tenants may still have deliveries to finish.
  const tenants = event.tenants ?? (await tenantIds(tableFor(COUNTY_TENANT_ID), COUNTY_TENANT_ID, ['active', 'deactivated']));
  const totals = { delivered: 0, failed: 0, dead: 0, skipped: 0, error: 0 };
  const failedTenants: string[] = [];
  for (const tenantId of tenants) {
    try {
      const db = tableFor(tenantId);
      const due = [
        ...(await dueDeliveries(db, tenantId, 'failed', now)),
        ...(await dueDeliveries(db, tenantId, 'pending', new Date(now.getTime() - PENDING_GRACE_MS))),
      ];
      if (due.length === 0) continue;
      const counts = await attemptAll(db, tenantId, [...new Set(due)], now, CURRENT_SETUP);
      for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += counts[key];
      logger.info('Delivery retries of a tenant', { tenantId, ...counts });
    } catch (error) {
      failedTenants.push(tenantId);
      logger.error('Delivery retries of a tenant failed', { tenantId, error: error as Error });
    }
  }
  if (failedTenants.length > 0) throw new DeliveryRetriesFailed(`Delivery retries failed for: ${failedTenants.join(', ')}`);
  return { tenants: tenants.length, ...totals };
});
