import { systemTable } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { HttpProblem, NotFound } from '#core/problem';
import { COUNTY_TENANT_ID, requireCountyAdmin } from '#core/tenancy';
import { tenantPathSchema } from './schemas.ts';
import { getTenantRecord, setTenantStatus } from './store.ts';

/**
 * POST /tenants/{id}/deactivate — offboarding. The tenant accepts no new applications; all data is kept (retention
 * rules decide about deletion, not offboarding). Writes into the tenant's partition, hence `access: 'county'`.
 */
export const handler = httpHandler({ params: tenantPathSchema }, async ({ params, caller }) => {
  requireCountyAdmin(caller);
  if (params.id === COUNTY_TENANT_ID) throw new HttpProblem('conflict', 'Der Kreis selbst kann nicht deaktiviert werden.');
  const record = await getTenantRecord(systemTable, COUNTY_TENANT_ID, params.id);
  if (!record) throw new NotFound(`Mandant "${params.id}" wurde nicht gefunden.`);
  await setTenantStatus(systemTable, COUNTY_TENANT_ID, params.id, { from: ['active'], to: 'deactivated', now: new Date() });
  return json(200, { id: params.id, status: 'deactivated' });
});
