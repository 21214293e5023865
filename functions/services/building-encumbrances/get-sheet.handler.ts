import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { accessByCaller } from './access.ts';
import { sheetPathSchema, viewQuerySchema } from './schemas.ts';
import { sheetView, versionView } from './sheet.ts';
import { listVersions, recordAccess, requireSheet } from './store.ts';
import { sheetWithVersionsSchema } from './views.ts';

/**
 * `GET /baulasten/sheets/{id}?reason=` — a Baulast with all its versions (oldest first). The look is recorded in the
 * access log (who, when, and why if `reason` is given) before the data is returned.
 */
export const handler = httpHandler({ params: sheetPathSchema, query: viewQuerySchema, responses: { 200: sheetWithVersionsSchema } }, async ({ params, query, caller, requestId }) => {
  const db = tableFor(caller.tenantId);
  const sheet = await requireSheet(db, caller.tenantId, params.id);
  await recordAccess(
    db,
    accessByCaller({ caller, tenantId: caller.tenantId, sheetId: sheet.sheetId, action: 'view', ...(query.reason ? { reason: query.reason } : {}), requestId, now: new Date() }),
  );
  const versions = await listVersions(db, caller.tenantId, sheet.sheetId);
  return json(200, { ...sheetView(sheet), versions: versions.map(versionView) });
});
