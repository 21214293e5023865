import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { serviceDescriptor } from '#functions/services/descriptors';
import { draftListView, draftState } from './domain.ts';
import { draftsOf } from './store.ts';

/**
 * GET /drafts — the caller's drafts (without their content) and the drafts that expired recently, for "Meine
 * Anträge" and the service pages: one query of the caller's draft partition.
 */
export const handler = httpHandler({ audit: { record: 'draft', action: 'read', id: 'items:serviceId', subject: ['caller'] }, responses: { 200: draftListView } }, async ({ caller }) => {
  const { drafts, notices } = await draftsOf(tableFor(caller.tenantId), caller.tenantId, caller.userId);
  const now = new Date();
  const serviceIds = [...new Set([...drafts.map((draft) => draft.serviceId), ...notices.map((notice) => notice.serviceId)])].sort();
  const answer: z.infer<typeof draftListView> = { items: [], expired: [] };
  for (const serviceId of serviceIds) {
    const serviceTitle = serviceDescriptor(serviceId)?.title ?? serviceId;
    const state = draftState(
      drafts.find((draft) => draft.serviceId === serviceId),
      notices.find((notice) => notice.serviceId === serviceId),
      now,
    );
    if (state.kind === 'active') {
      const { draft } = state;
      answer.items.push({ serviceId, serviceTitle, ...(draft.step ? { step: draft.step } : {}), version: draft.version, updatedAt: draft.updatedAt, expiresAt: draft.expiresAt });
    } else if (state.kind === 'expired') answer.expired.push({ serviceId, serviceTitle, expiredAt: state.expiredAt });
  }
  return json(200, z.parse(draftListView, answer));
});
