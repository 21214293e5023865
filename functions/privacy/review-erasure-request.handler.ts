/**
 * GET /privacy/erasure-requests/{id} — the data protection officer's review of a request: per record of the person
 * whether an approval erases it or why it must be kept (retention duty, open case, legal hold), as of now. Titles,
 * ids and reasons only — the DPO decides without reading the case data. Recorded in the audit trail.
 */
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import { tenantConfig } from '#functions/tenants/config';
import { erasurePlan } from './erasure-plan.ts';
import { personData } from './inventory.ts';
import { getErasureRequest, officerView } from './requests-store.ts';
import { erasureReviewSchema, requestPathSchema } from './schemas.ts';

export const handler = httpHandler({ audit: { record: 'erasure-request', action: 'read', id: 'param:id' }, params: requestPathSchema, responses: { 200: erasureReviewSchema } }, async ({ audit, params, caller }) => {
  const db = tableFor(caller.tenantId);
  const request = await getErasureRequest(db, caller.tenantId, params.id);
  if (!request) throw new NotFound('Der Antrag wurde nicht gefunden.');
  const [config, data] = await Promise.all([tenantConfig(db, caller.tenantId), personData(db, caller.tenantId, request.userId)]);
  audit({ subjectId: request.userId, purpose: 'art-17-review' });
  return json(200, { request: officerView(request), plan: erasurePlan(data, config.retention, new Date()) });
});
