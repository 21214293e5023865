import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { decodeCursor, encodeCursor } from '#core/pagination';
import { searchTrail } from '#functions/audit/trail';
import { trailEntryView } from '#functions/audit/views';
import { SHEET_RECORD } from './access.ts';
import { accessLogQuerySchema, sheetPathSchema } from './schemas.ts';
import { requireSheet } from './store.ts';
import { accessLogSchema } from './views.ts';

/**
 * `GET /baulasten/sheets/{id}/access-log?limit=&cursor=` — who looked at or changed a Baulast or its scans, when and
 * why, newest first: the audit trail's entries about the sheet (one Query of the trail's record index). For the
 * tenant's administration and the register's staff; the data protection officer searches the whole trail.
 */
export const handler = httpHandler({ params: sheetPathSchema, query: accessLogQuerySchema, responses: { 200: accessLogSchema } }, async ({ params, query, caller }) => {
  const db = tableFor(caller.tenantId);
  const sheet = await requireSheet(db, caller.tenantId, params.id);
  const cursor = decodeCursor(query.cursor);
  const page = await searchTrail(db, caller.tenantId, { recordType: SHEET_RECORD, recordId: sheet.sheetId }, { limit: query.limit, ...(cursor ? { cursor } : {}) });
  return json(200, { sheetId: sheet.sheetId, items: page.items.map(trailEntryView), nextCursor: encodeCursor(page.cursor) });
});
