import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { catalogueFor, courseSummary } from './catalog.ts';
import { courseSummarySchema } from './views.ts';
import * as z from '#core/zod';

/** GET /training/courses — the caller's catalogue: the county's courses and the own tenant's, as summaries. */
export const handler = httpHandler({ responses: { 200: z.object({ items: z.array(courseSummarySchema) }) } }, async ({ caller }) => {
  const courses = await catalogueFor(tableFor(caller.tenantId), caller.tenantId);
  return json(200, { items: courses.map(courseSummary) });
});
