import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { applicationFor } from './access.ts';
import { applicationPathSchema } from './schemas.ts';
import { listSteps } from './procedure-store.ts';
import { getTimeline } from './store.ts';
import { applicationViewSchema, viewFor } from './views.ts';

/**
 * GET /applications/{id} — the application with its full status timeline and its procedure steps (hearing letters,
 * requests for documents, the answers): its applicant gets the applicant's view
 * (`applicantApplicationSchema`), a caseworker of the tenant the caseworker's view (`caseworkerApplicationSchema`).
 */
export const handler = httpHandler({ audit: { record: 'application', action: 'read', id: 'param:id', subject: ['reply:applicantId', 'caller'] }, params: applicationPathSchema, responses: { 200: applicationViewSchema } }, async ({ params, caller }) => {
  const app = await applicationFor(caller, params.id);
  const db = tableFor(caller.tenantId);
  const [timeline, steps] = await Promise.all([getTimeline(db, caller.tenantId, app.applicationId), listSteps(db, caller.tenantId, app.applicationId)]);
  return json(200, viewFor(caller, app, timeline, steps));
});
