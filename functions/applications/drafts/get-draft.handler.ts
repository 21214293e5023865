import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { readItems } from '#core/item-reads';
import { Gone, NotFound } from '#core/problem';
import * as z from '#core/zod';
import { DRAFT_TTL_DAYS, draftPathSchema, draftServiceTitle, draftState, draftView, germanDay } from './domain.ts';
import { draftRead, expiryNoticeRead } from './store.ts';

/**
 * GET /drafts/{serviceId} — the caller's draft of a service (ETag: its version), one read of the draft and its
 * expiry notice. A draft that expired is answered 410 with when and why, so the person is told rather than left
 * wondering; none at all is 404.
 */
export const handler = httpHandler({ audit: { record: 'draft', action: 'read', id: 'param:serviceId', subject: ['caller'] }, params: draftPathSchema, responses: { 200: draftView } }, async ({ params, caller }) => {
  const title = draftServiceTitle(params.serviceId);
  const [draft, notice] = await readItems(tableFor(caller.tenantId), [
    draftRead(caller.tenantId, caller.userId, params.serviceId),
    expiryNoticeRead(caller.tenantId, caller.userId, params.serviceId),
  ]);
  const state = draftState(draft, notice, new Date());
  if (state.kind === 'active') return json(200, z.parse(draftView, state.draft), { etag: `"${state.draft.version}"` });
  if (state.kind === 'expired') {
    throw new Gone(
      `Ihr Entwurf für „${title}“ wurde am ${germanDay(state.expiredAt)} gelöscht, weil er ${DRAFT_TTL_DAYS} Tage lang nicht gespeichert wurde. Bitte beginnen Sie den Antrag neu.`,
    );
  }
  throw new NotFound(`Sie haben keinen Entwurf für „${title}“.`);
});
