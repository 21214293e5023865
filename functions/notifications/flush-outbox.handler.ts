import middy from '@middy/core';
import { tableFor } from '#core/ddb';
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
  // The registry with the county's credentials, then each tenant's outbox with that tenant's.
  for (const tenantId of await tenantIds(tableFor(COUNTY_TENANT_ID), COUNTY_TENANT_ID, ['active', 'deactivated'])) {
    const db = tableFor(tenantId);
    for (const id of await duePending(db, tenantId, now)) {
      const outcome = await deliver(db, tenantId, id, now);
      if (outcome !== 'skipped') counts[outcome] += 1;
    }
  }
  if (counts.sent + counts.retry + counts.dead > 0) logger.info('Outbox flushed', counts);
  return counts;
});
