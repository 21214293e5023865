import middy from '@middy/core';
import { systemTable } from '#core/ddb';
import { logger } from '#core/logger';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { tenantIds } from '#functions/tenants/config';
import { sandboxProvider } from '../providers.ts';
import type { SandboxDelivery } from './ledger.ts';

/**
 * Scheduled (dev stages, every minute): the payment sandbox sends the confirmations it could not deliver — a webhook
 * that failed, or one that never went out because the process died right after the payer's action — as a real
 * provider retries, with backoff (`delivery.ts`). Tenant by tenant; offboarded tenants may still have some.
 */
type Counts = Record<SandboxDelivery['state'], number>;

export const handler = middy<unknown, Counts>({ timeoutEarlyInMillis: 0 }).handler(async () => {
  const counts: Counts = { delivered: 0, pending: 0, refused: 0, abandoned: 0 };
  const sandbox = await sandboxProvider(systemTable);
  if (!sandbox) return counts;
  const now = new Date();
  for (const tenantId of await tenantIds(systemTable, COUNTY_TENANT_ID, ['active', 'deactivated'])) {
    for (const transaction of await sandbox.dueConfirmations(tenantId, now)) {
      const { state } = await sandbox.deliverConfirmation(transaction, new Date());
      counts[state] += 1;
    }
  }
  if (Object.values(counts).some((count) => count > 0)) logger.info('Sandbox confirmations redelivered', counts);
  return counts;
});
