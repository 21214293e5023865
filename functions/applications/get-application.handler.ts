import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { applicationFor } from './access.ts';
import { applicationView } from './domain.ts';
import { applicationPathSchema } from './schemas.ts';
import { getTimeline } from './store.ts';

/** GET /applications/{id} — the application with its full status timeline (applicant or caseworker of the tenant). */
export const handler = httpHandler({ params: applicationPathSchema }, async ({ params, caller }) => {
  const app = await applicationFor(caller, params.id);
  const timeline = await getTimeline(tableFor(caller.tenantId), caller.tenantId, app.applicationId);
  return json(200, applicationView(app, timeline));
});
