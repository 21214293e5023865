import type { draftListView, draftView } from '#functions/applications/drafts/domain';
import type * as z from '#core/zod';
import { api, ApiProblem } from '../api/client.ts';

/**
 * Drafts on the server (`/drafts/{serviceId}`): the form's raw values, the step, and the uploaded files' names,
 * saved on every step change and on request; each save keeps the draft for another 30 days.
 */
export type Draft = z.infer<typeof draftView>;
export type DraftList = z.infer<typeof draftListView>;

export type LoadedDraft = { kind: 'draft'; draft: Draft } | { kind: 'expired'; message: string } | { kind: 'none' };

export async function loadDraft(serviceId: string): Promise<LoadedDraft> {
  try {
    return { kind: 'draft', draft: (await api<Draft>('GET', `/drafts/${encodeURIComponent(serviceId)}`)).body };
  } catch (problem) {
    if (problem instanceof ApiProblem && problem.status === 404) return { kind: 'none' };
    if (problem instanceof ApiProblem && problem.status === 410) return { kind: 'expired', message: problem.detail };
    throw problem;
  }
}

/**
 * Saves the draft: the next version of the one held (`version`), or a new one. A new draft where one exists already
 * (e.g. started again from a renewal link) replaces it: the person is editing this form now.
 */
export async function saveDraft(
  serviceId: string,
  body: { form: Record<string, unknown>; step?: string; uploads?: Draft['uploads'] },
  version: number | undefined,
): Promise<Draft> {
  const path = `/drafts/${encodeURIComponent(serviceId)}`;
  try {
    return (await api<Draft>('PUT', path, { body, ...(version !== undefined ? { headers: { 'if-match': `"${version}"` } } : {}) })).body;
  } catch (problem) {
    if (!(problem instanceof ApiProblem && problem.status === 409 && version === undefined)) throw problem;
    const existing = await loadDraft(serviceId);
    if (existing.kind !== 'draft') throw problem;
    return (await api<Draft>('PUT', path, { body, headers: { 'if-match': `"${existing.draft.version}"` } })).body;
  }
}

export async function discardDraft(serviceId: string): Promise<void> {
  await api('DELETE', `/drafts/${encodeURIComponent(serviceId)}`);
}

export async function listDrafts(): Promise<DraftList> {
  return (await api<DraftList>('GET', '/drafts')).body;
}
