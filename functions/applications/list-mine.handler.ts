import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { decodeCursor, encodeCursor, pageQuerySchema, pageSchema } from '#core/pagination';
import { listByApplicant } from './store.ts';
import { applicantApplicationSchema, applicantView } from './views.ts';

/** GET /applications — the caller's own applications, newest first. */
export const handler = httpHandler({ audit: { record: 'application', action: 'read', id: 'items:applicationId', subject: ['caller'] }, query: pageQuerySchema, responses: { 200: pageSchema(applicantApplicationSchema) } }, async ({ query, caller }) => {
  const cursor = decodeCursor(query.cursor);
  const page = await listByApplicant(tableFor(caller.tenantId), caller.tenantId, caller.userId, { limit: query.limit, ...(cursor ? { cursor } : {}) });
  return json(200, { items: page.items.map((app) => applicantView(app)), nextCursor: encodeCursor(page.cursor) });
});
