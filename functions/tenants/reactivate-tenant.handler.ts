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
 * POST /tenants/{id}/reactivate — undoes a deactivation: the tenant's requests are served again and the tenant-accounts
 * workflow enables exactly the accounts the deactivation disabled (an account disabled for another reason stays so).
 * 409 unless the tenant is deactivated and its accounts are no longer being disabled (or the enabling failed: then it
 * runs again); the county itself is never deactivated.
 */
export const handler = httpHandler({ params: tenantPathSchema, responses: { 200: statusChangeSchema } }, async ({ params, caller }) => {
  requireCountyAdmin(caller);
  if (params.id === COUNTY_TENANT_ID) throw new HttpProblem('conflict', 'Der Kreis selbst ist nie deaktiviert.');
  const record = await getTenantRecord(systemTable, COUNTY_TENANT_ID, params.id);
  if (!record) throw new NotFound(`Mandant "${params.id}" wurde nicht gefunden.`);
  const now = new Date();
  const change = planStatusChange(record, 'active', now);
  await changeTenantStatus(systemTable, COUNTY_TENANT_ID, params.id, change, now);
  rememberTenantStatus(params.id, 'active');
  await startAccountsJob(systemTable, params.id, change.job);
  return json(200, { id: params.id, status: 'active', accounts: change.job });
});
