import { noContent } from '#core/contract';
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { draftPathSchema, draftServiceTitle } from './domain.ts';
import { deleteDraft } from './store.ts';

/** DELETE /drafts/{serviceId} — the caller discards the draft (and its expiry notice); 204 also when there was none. */
export const handler = httpHandler({ audit: { record: 'draft', action: 'delete', id: 'param:serviceId', subject: ['caller'] }, params: draftPathSchema, responses: { 204: noContent } }, async ({ params, caller }) => {
  draftServiceTitle(params.serviceId);
  await deleteDraft(tableFor(caller.tenantId), caller.tenantId, caller.userId, params.serviceId);
  return json(204);
});
