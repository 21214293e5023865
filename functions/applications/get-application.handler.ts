import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { applicationFor } from './access.ts';
import { applicationPathSchema } from './schemas.ts';
import { getTimeline } from './store.ts';
import { applicationViewSchema, viewFor } from './views.ts';

/**
 * GET /applications/{id} — the application with its full status timeline: its applicant gets the applicant's view
 * (`applicantApplicationSchema`), a caseworker of the tenant the caseworker's view (`caseworkerApplicationSchema`).
 */
export const handler = httpHandler({ params: applicationPathSchema, responses: { 200: applicationViewSchema } }, async ({ params, caller }) => {
  const app = await applicationFor(caller, params.id);
  const timeline = await getTimeline(tableFor(caller.tenantId), caller.tenantId, app.applicationId);
  return json(200, viewFor(caller, app, timeline));
});
