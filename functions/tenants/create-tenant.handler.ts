import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { HttpProblem } from '#core/problem';
import { COUNTY_TENANT_ID, requireCountyAdmin } from '#core/tenancy';
import { newTenantRecord, publicRecord } from './domain.ts';
import { startOnboarding } from './onboarding.ts';
import { createTenantSchema } from './schemas.ts';
import { registerTenant } from './store.ts';
import { registryEntrySchema } from './views.ts';

/**
 * POST /tenants — registers the tenant and claims its AGS and case-number prefix in one transaction (the same id, AGS
 * or prefix is never taken twice: 409 naming the field) and starts the onboarding workflow. Answers 202: the workflow
 * creates profile, configuration and the first admin.
 */
export const handler = httpHandler({ body: createTenantSchema, responses: { 202: registryEntrySchema } }, async ({ body, caller }) => {
  requireCountyAdmin(caller);
  if (body.id === COUNTY_TENANT_ID) {
    throw new HttpProblem('conflict', 'Der Kreis selbst ist bereits Mandant.');
  }
  const db = tableFor(caller.tenantId);
  const record = newTenantRecord(body, { userId: caller.userId, now: new Date() });
  await registerTenant(db, COUNTY_TENANT_ID, record);
  await startOnboarding(db, { tenantId: record.tenantId, attempt: record.attempt });
  return json(202, registryEntrySchema.parse(publicRecord(record)), { location: `/tenants/${record.tenantId}` });
});
