import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import { COUNTY_TENANT_ID, requireCountyAdmin } from '#core/tenancy';
import { correctedRequest } from './domain.ts';
import { startOnboarding } from './onboarding.ts';
import { onboardingCorrectionSchema, tenantPathSchema } from './schemas.ts';
import * as z from '#core/zod';
import { getTenantRecord, restartOnboarding } from './store.ts';

const retriedSchema = z.object({ id: z.string(), status: z.literal('onboarding'), attempt: z.int() });

/**
 * POST /tenants/{id}/retry — a failed onboarding runs again as a new attempt; only from `failed` (else 409). The body
 * may correct the onboarding request (e.g. an `adminEmail` that belongs to another tenant's account): the corrections
 * are stored with the registry entry and the new attempt works from them. A corrected AGS or prefix must be free (409).
 */
export const handler = httpHandler({ params: tenantPathSchema, body: onboardingCorrectionSchema, responses: { 202: retriedSchema } }, async ({ params, body, caller }) => {
  requireCountyAdmin(caller);
  const db = tableFor(caller.tenantId);
  const record = await getTenantRecord(db, COUNTY_TENANT_ID, params.id);
  if (!record) throw new NotFound(`Mandant "${params.id}" wurde nicht gefunden.`);
  const attempt = record.attempt + 1;
  await restartOnboarding(db, COUNTY_TENANT_ID, record, { request: correctedRequest(record.request, body), attempt, by: caller.userId, now: new Date() });
  await startOnboarding(db, { tenantId: params.id, attempt });
  return json(202, { id: params.id, status: 'onboarding', attempt }, { location: `/tenants/${params.id}` });
});
