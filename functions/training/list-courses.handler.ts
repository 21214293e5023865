import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { catalogueFor, courseSummary } from './catalog.ts';

/** GET /training/courses — the caller's catalogue: the county's courses and the own tenant's, as summaries. */
export const handler = httpHandler({}, async ({ caller }) => {
  const courses = await catalogueFor(tableFor(caller.tenantId), caller.tenantId);
  return json(200, { items: courses.map(courseSummary) });
});
