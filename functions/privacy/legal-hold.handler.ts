/**
 * PUT /applications/{id}/legal-hold — a caseworker or the data protection officer stops the deletion of a case
 * (litigation, an audit by the Rechnungsprüfung, a criminal complaint: Art. 17 Abs. 3 lit. b and e DSGVO), with the
 * reason. The retention sweep and erasure requests leave a held case alone until the hold is released
 * (`DELETE`, legal-hold-release.handler.ts). Both are recorded in the audit trail.
 */
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import { applicationPathSchema } from '#functions/applications/schemas';
import { CaseNotFound, placeHold } from './retention-store.ts';
import { legalHoldSchema, legalHoldViewSchema } from './schemas.ts';

export const handler = httpHandler({ audit: { record: 'application', action: 'update', id: 'param:id' }, params: applicationPathSchema, body: legalHoldSchema, responses: { 201: legalHoldViewSchema }, problems: [409] }, async ({ audit, params, body, caller }) => {
  const db = tableFor(caller.tenantId);
  const now = new Date();
  const hold = { reason: body.reason, by: caller.userId, at: now.toISOString() };
  try {
    await placeHold(db, caller.tenantId, params.id, hold);
  } catch (error) {
    if (error instanceof CaseNotFound) throw new NotFound('Der Vorgang wurde nicht gefunden.');
    throw error;
  }
  // The reason stays with the hold; the trail names only the action (it may name a court case, not for the trail).
  audit({ purpose: 'legal-hold-placed' });
  return json(201, { applicationId: params.id, held: true, ...hold });
});
