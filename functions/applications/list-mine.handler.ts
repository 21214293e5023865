import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { decodeCursor, encodeCursor, pageQuerySchema } from '#core/pagination';
import { applicationView } from './domain.ts';
import { listByApplicant, stripInternal } from './store.ts';

/** GET /applications — the caller's own applications, newest first. */
export const handler = httpHandler({ query: pageQuerySchema }, async ({ query, caller }) => {
  const cursor = decodeCursor(query.cursor);
  const page = await listByApplicant(tableFor(caller.tenantId), caller.tenantId, caller.userId, { limit: query.limit, ...(cursor ? { cursor } : {}) });
  return json(200, { items: page.items.map((app) => applicationView(stripInternal(app))), nextCursor: encodeCursor(page.cursor) });
});
