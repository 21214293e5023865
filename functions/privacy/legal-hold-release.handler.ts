/** DELETE /applications/{id}/legal-hold — releases a hold (see legal-hold.handler.ts); the retention applies again. */
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import { appendAudit } from '#functions/audit/trail';
import { callerEntry } from './trail-entries.ts';
import { applicationPathSchema } from '#functions/applications/schemas';
import { CaseNotFound, releaseHold } from './retention-store.ts';
import { legalHoldViewSchema } from './schemas.ts';

export const handler = httpHandler({ params: applicationPathSchema, responses: { 200: legalHoldViewSchema }, problems: [409] }, async ({ params, caller, requestId }) => {
  const db = tableFor(caller.tenantId);
  try {
    await releaseHold(db, caller.tenantId, params.id);
  } catch (error) {
    if (error instanceof CaseNotFound) throw new NotFound('Der Vorgang wurde nicht gefunden.');
    throw error;
  }
  await appendAudit(db, [callerEntry(caller, { action: 'update', recordType: 'application', recordId: params.id, purpose: 'legal-hold-released' }, requestId)]);
  return json(200, { applicationId: params.id, held: false });
});
