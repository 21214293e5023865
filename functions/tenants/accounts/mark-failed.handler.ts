import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import * as z from '#core/zod';
import { finishAccountsJob } from '../store.ts';
import { accountsJobInput } from './steps.ts';

const input = z.object({
  ...accountsJobInput.shape,
  error: z.object({ Error: z.string(), Cause: z.optional(z.string()) }),
});

/**
 * The Catch target of the tenant-accounts workflow: the job is `failed` in the registry, with a reason a county admin
 * understands. Asking for the same (de)activation again runs it again; it goes on where the accounts are.
 */
export const handler = taskHandler(input, async ({ tenantId, action, run, error }) => {
  logger.warn('Tenant accounts job failed', { tenantId, action, run, errorName: error.Error });
  const what = action === 'disable' ? 'Sperren' : 'Freischalten';
  await finishAccountsJob(tableFor(COUNTY_TENANT_ID), COUNTY_TENANT_ID, tenantId, {
    run,
    state: 'failed',
    failureReason: `Das ${what} der Benutzerkonten ist fehlgeschlagen (${error.Error}). Bitte die ${action === 'disable' ? 'Deaktivierung' : 'Reaktivierung'} erneut auslösen.`,
    now: new Date(),
  });
  return { tenantId, action, run, state: 'failed' };
});
