import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { SHEET_RECORD } from './access.ts';
import { resolveSearchParcel, searchParcel } from './register.ts';
import { searchQuerySchema } from './schemas.ts';
import { parcelView, summaryView } from './sheet.ts';
import { searchResultSchema } from './views.ts';

/**
 * `GET /baulasten/sheets?gemarkung=&flur=&flurstueck=&status=` — the Baulasten burdening a parcel, valid and deleted
 * (or one status), by sheet number: one query of the parcel index (GSI1), no Scan. The Gemarkung may be given by
 * number or by a name the register knows; an unknown name is a 422, never an empty list that looks like "no Baulast".
 */
export const handler = httpHandler({ audit: { record: SHEET_RECORD, action: 'read', id: 'items:sheetId' }, query: searchQuerySchema, responses: { 200: searchResultSchema } }, async ({ query, caller }) => {
  const db = tableFor(caller.tenantId);
  const parcel = await resolveSearchParcel(db, caller.tenantId, query);
  const summaries = await searchParcel(db, caller.tenantId, parcel, query.status);
  return json(200, { parcel: parcelView(parcel), items: summaries.map(summaryView) });
});
