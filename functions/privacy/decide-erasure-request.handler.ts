/**
 * POST /privacy/erasure-requests/{id}/decision — the data protection officer approves the review: everything it marks
 * `erase` is erased now (erasure.ts), the rest is kept with its reason, and the person gets the answer (on "Meine
 * Daten", announced by e-mail). The plan is computed again at this moment, so a case opened or held since the review
 * is kept. Erasing first and recording the decision after makes a crash harmless: the request stays open, and deciding
 * again erases nothing twice. A request decided already is 409.
 */
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { HttpProblem, NotFound } from '#core/problem';
import { tenantConfig } from '#functions/tenants/config';
import { erasurePlan } from './erasure-plan.ts';
import { carryOutErasure } from './erasure.ts';
import { tellPerson } from './export.ts';
import { personData } from './inventory.ts';
import { getErasureRequest, personView, recordDecision } from './requests-store.ts';
import { decisionBodySchema, erasureRequestViewSchema, requestPathSchema } from './schemas.ts';

export const handler = httpHandler({ audit: { record: 'erasure-request', action: 'update', id: 'param:id' }, params: requestPathSchema, body: decisionBodySchema, responses: { 200: erasureRequestViewSchema }, problems: [409] }, async ({ params, body, caller, requestId }) => {
  const db = tableFor(caller.tenantId);
  const now = new Date();
  const request = await getErasureRequest(db, caller.tenantId, params.id);
  if (!request) throw new NotFound('Der Antrag wurde nicht gefunden.');
  if (request.status !== 'open') throw new HttpProblem('conflict', 'Über diesen Antrag wurde bereits entschieden.');
  const [config, data] = await Promise.all([tenantConfig(db, caller.tenantId), personData(db, caller.tenantId, request.userId)]);
  const plan = erasurePlan(data, config.retention, now);
  const erased = await carryOutErasure(db, data, plan, { tenantId: caller.tenantId, actorId: caller.userId, role: 'data-protection-officer', purpose: 'art-17', at: now.toISOString(), requestId });
  const erasedIds = new Set(erased.map((item) => `${item.recordType}#${item.recordId}`));
  const kept = plan.filter((item) => !erasedIds.has(`${item.recordType}#${item.recordId}`)).map((item) => (item.action === 'erase' ? { ...item, action: 'keep' as const, reason: 'Der Vorgang hat sich während der Prüfung geändert und wird erneut geprüft.' } : item));
  const decision = { decidedBy: caller.userId, decidedAt: now.toISOString(), answer: body.answer, erased, kept };
  await recordDecision(db, request, decision);
  if (request.email) await tellPerson(db, caller.tenantId, request.email, 'privacy-request-answered', config.displayName, `privacy-request#${request.requestId}`, now);
  return json(200, personView({ ...request, status: 'decided', decision }));
});
