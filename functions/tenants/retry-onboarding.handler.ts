import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import { COUNTY_TENANT_ID, requireCountyAdmin } from '#core/tenancy';
import { startOnboarding } from './onboarding.ts';
import { tenantPathSchema } from './schemas.ts';
import { getTenantRecord, transitionRecord } from './store.ts';

/** POST /tenants/{id}/retry — a failed onboarding runs again as a new attempt; only from `failed` (else 409). */
export const handler = httpHandler({ params: tenantPathSchema }, async ({ params, caller }) => {
  requireCountyAdmin(caller);
  const db = tableFor(caller.tenantId);
  const record = await getTenantRecord(db, COUNTY_TENANT_ID, params.id);
  if (!record) throw new NotFound(`Mandant "${params.id}" wurde nicht gefunden.`);
  const attempt = record.attempt + 1;
  await transitionRecord(db, COUNTY_TENANT_ID, params.id, { from: ['failed'], to: 'onboarding', now: new Date(), attempt });
  await startOnboarding(db, { tenantId: params.id, attempt });
  return json(202, { id: params.id, status: 'onboarding', attempt }, { location: `/tenants/${params.id}` });
});
