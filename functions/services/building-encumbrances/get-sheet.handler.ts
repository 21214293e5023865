import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { SHEET_RECORD } from './access.ts';
import { sheetPathSchema, viewQuerySchema } from './schemas.ts';
import { sheetView, versionView } from './sheet.ts';
import { listVersions, requireSheet } from './store.ts';
import { sheetWithVersionsSchema } from './views.ts';

/**
 * `GET /baulasten/sheets/{id}?reason=` — a Baulast with all its versions (oldest first). The look is recorded in the
 * audit trail (who, when, and why if `reason` is given) before the data is returned.
 */
export const handler = httpHandler({ audit: { record: SHEET_RECORD, action: 'read', id: 'param:id' }, params: sheetPathSchema, query: viewQuerySchema, responses: { 200: sheetWithVersionsSchema } }, async ({ params, query, caller, audit }) => {
  const db = tableFor(caller.tenantId);
  const sheet = await requireSheet(db, caller.tenantId, params.id);
  if (query.reason) audit({ purpose: query.reason });
  const versions = await listVersions(db, caller.tenantId, sheet.sheetId);
  return json(200, { ...sheetView(sheet), versions: versions.map(versionView) });
});
