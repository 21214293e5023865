import { systemTable } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { HttpProblem, NotFound } from '#core/problem';
import { COUNTY_TENANT_ID, requireCountyAdmin } from '#core/tenancy';
import { rememberTenantStatus } from '#core/tenant-status';
import { startAccountsJob } from './accounts-workflow.ts';
import { planStatusChange } from './domain.ts';
import { tenantPathSchema } from './schemas.ts';
import { changeTenantStatus, getTenantRecord } from './store.ts';
import { statusChangeSchema } from './views.ts';

/**
 * POST /tenants/{id}/deactivate — offboarding. From now on every request of the tenant is refused (403), whatever its
 * tokens say, and it accepts no applications; the tenant-accounts workflow disables its users in the user pool, so
 * nobody signs in any more. All data is kept (retention rules decide about deletion, not offboarding). 409 unless the
 * tenant is active (or its account job failed: then it runs again). Writes into the tenant's partition, hence
 * `access: 'county'`.
 */
export const handler = httpHandler({ params: tenantPathSchema, responses: { 200: statusChangeSchema } }, async ({ params, caller }) => {
  requireCountyAdmin(caller);
  if (params.id === COUNTY_TENANT_ID) throw new HttpProblem('conflict', 'Der Kreis selbst kann nicht deaktiviert werden.');
  const record = await getTenantRecord(systemTable, COUNTY_TENANT_ID, params.id);
  if (!record) throw new NotFound(`Mandant "${params.id}" wurde nicht gefunden.`);
  const now = new Date();
  const change = planStatusChange(record, 'deactivated', now);
  await changeTenantStatus(systemTable, COUNTY_TENANT_ID, params.id, change, now);
  rememberTenantStatus(params.id, 'deactivated');
  await startAccountsJob(systemTable, params.id, change.job);
  return json(200, { id: params.id, status: 'deactivated', accounts: change.job });
});
