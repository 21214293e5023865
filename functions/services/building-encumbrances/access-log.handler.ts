import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { decodeCursor, encodeCursor } from '#core/pagination';
import { accessView } from './access.ts';
import { accessLogQuerySchema, sheetPathSchema } from './schemas.ts';
import { listAccess, requireSheet } from './store.ts';
import { accessLogSchema } from './views.ts';

/**
 * `GET /baulasten/sheets/{id}/access-log?limit=&cursor=` — who looked at a Baulast or its scans, when and why, newest
 * first. For the tenant's administration (e.g. the data protection officer's requests) and the register's staff.
 */
export const handler = httpHandler({ params: sheetPathSchema, query: accessLogQuerySchema, responses: { 200: accessLogSchema } }, async ({ params, query, caller }) => {
  const db = tableFor(caller.tenantId);
  const sheet = await requireSheet(db, caller.tenantId, params.id);
  const cursor = decodeCursor(query.cursor);
  const page = await listAccess(db, caller.tenantId, sheet.sheetId, { limit: query.limit, ...(cursor ? { cursor } : {}) });
  return json(200, { sheetId: sheet.sheetId, items: page.items.map(accessView), nextCursor: encodeCursor(page.cursor) });
});
