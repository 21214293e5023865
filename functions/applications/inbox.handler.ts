import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { decodeCursor, encodeCursor, pageSchema } from '#core/pagination';
import { inboxQuerySchema } from './schemas.ts';
import { listInbox } from './store.ts';
import { caseworkerApplicationSchema, caseworkerView } from './views.ts';

/**
 * GET /caseworker/applications?status=&service=&limit=&cursor= — the caseworker inbox of the caller's tenant,
 * newest first, served by a GSI query (default status: awaiting a decision).
 */
export const handler = httpHandler({ query: inboxQuerySchema, responses: { 200: pageSchema(caseworkerApplicationSchema) } }, async ({ query, caller }) => {
  const cursor = decodeCursor(query.cursor);
  const page = await listInbox(
    tableFor(caller.tenantId),
    caller.tenantId,
    { status: query.status, ...(query.service ? { serviceId: query.service } : {}) },
    { limit: query.limit, ...(cursor ? { cursor } : {}) },
  );
  return json(200, { items: page.items.map((app) => caseworkerView(app)), nextCursor: encodeCursor(page.cursor) });
});
