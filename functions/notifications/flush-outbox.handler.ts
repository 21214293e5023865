import middy from '@middy/core';
import { systemTable } from '#core/ddb';
import { logger } from '#core/logger';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { tenantIds } from '#functions/tenants/config';
import { deliver } from './deliver.ts';
import { duePending } from './outbox.ts';

/**
 * Scheduled (every 5 minutes): delivers the notifications whose immediate delivery failed, tenant by tenant,
 * with backoff; after the last attempt a notification is `dead` and stays visible.
 */
export const handler = middy<unknown, { sent: number; retry: number; dead: number }>({ timeoutEarlyInMillis: 0 }).handler(async () => {
  const now = new Date();
  const counts = { sent: 0, retry: 0, dead: 0 };
  // Offboarded tenants may still have notifications to deliver.
  for (const tenantId of await tenantIds(systemTable, COUNTY_TENANT_ID, ['active', 'deactivated'])) {
    for (const id of await duePending(systemTable, tenantId, now)) {
      const outcome = await deliver(systemTable, tenantId, id, now);
      if (outcome !== 'skipped') counts[outcome] += 1;
    }
  }
  if (counts.sent + counts.retry + counts.dead > 0) logger.info('Outbox flushed', counts);
  return counts;
});
