/** DELETE /applications/{id}/legal-hold — releases a hold (see legal-hold.handler.ts); the retention applies again. */
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import { applicationPathSchema } from '#functions/applications/schemas';
import { CaseNotFound, releaseHold } from './retention-store.ts';
import { legalHoldViewSchema } from './schemas.ts';

export const handler = httpHandler({ audit: { record: 'application', action: 'update', id: 'param:id' }, params: applicationPathSchema, responses: { 200: legalHoldViewSchema }, problems: [409] }, async ({ audit, params, caller }) => {
  const db = tableFor(caller.tenantId);
  try {
    await releaseHold(db, caller.tenantId, params.id);
  } catch (error) {
    if (error instanceof CaseNotFound) throw new NotFound('Der Vorgang wurde nicht gefunden.');
    throw error;
  }
  audit({ purpose: 'legal-hold-released' });
  return json(200, { applicationId: params.id, held: false });
});
