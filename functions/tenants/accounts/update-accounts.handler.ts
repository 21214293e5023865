import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { finishAccountsJob } from '../store.ts';
import { disableTenantAccounts, enableTenantAccounts } from './job.ts';
import { accountsJobInput } from './steps.ts';

/** Time left for the return and the state transition when a slice stops. */
const SAFETY_MS = 3_000;

/**
 * The one working step of the tenant-accounts workflow: one slice of disabling or enabling the tenant's accounts.
 * Returns the next input (with the cursor) and `done`; the last slice records the job as done in the registry.
 */
export const handler = taskHandler(accountsJobInput, async ({ tenantId, action, run, cursor }, context) => {
  const deadline = Date.now() + Math.max(1_000, context.getRemainingTimeInMillis() - SAFETY_MS);
  const progress =
    action === 'disable' ? await disableTenantAccounts(tenantId, run, cursor ?? undefined, deadline) : await enableTenantAccounts(tenantId, deadline);
  logger.info('Tenant accounts slice', { tenantId, action, run, changed: progress.changed, done: progress.done });
  if (progress.done) await finishAccountsJob(tableFor(COUNTY_TENANT_ID), COUNTY_TENANT_ID, tenantId, { run, state: 'done', now: new Date() });
  return { tenantId, action, run, cursor: progress.cursor ?? null, done: progress.done };
});
