import middy from '@middy/core';
import { systemTable } from '#core/ddb';
import { logger } from '#core/logger';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { tenantConfig, tenantIds } from '#functions/tenants/config';
import { forwardStatements } from './xapi/forward.ts';

/**
 * Scheduled (every 15 minutes): forwards each tenant's new xAPI statements to the external LRS it configured
 * (`trainingLrsEndpoint`). A failing LRS is retried by the next run; one tenant's LRS never holds up another's.
 */
export const handler = middy<unknown, { tenants: number; forwarded: number; failed: number }>({ timeoutEarlyInMillis: 0 }).handler(async () => {
  const now = new Date();
  let forwarded = 0;
  let failed = 0;
  let tenants = 0;
  for (const tenantId of await tenantIds(systemTable, COUNTY_TENANT_ID, ['active'])) {
    const endpoint = (await tenantConfig(systemTable, tenantId)).trainingLrsEndpoint;
    if (!endpoint) continue;
    tenants += 1;
    const outcome = await forwardStatements(systemTable, tenantId, endpoint, { now, fetch: (url, init) => fetch(url, init) });
    forwarded += outcome.forwarded;
    if (outcome.error) {
      failed += 1;
      logger.warn('xAPI forwarding failed; retried next run', { tenantId, error: outcome.error });
    }
  }
  return { tenants, forwarded, failed };
});
