import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { SHEET_RECORD } from './access.ts';
import { logger } from '#core/logger';
import { berlinDate } from '#core/dates';
import { resolveSheetParcels } from './register.ts';
import { checkScan, plannedScanFile, storeScan, type CheckedScan } from './scans.ts';
import { addVersionSchema, sheetPathSchema } from './schemas.ts';
import { assertBasedOn, reviseSheet, versionView } from './sheet.ts';
import { appendVersion, requireSheet } from './store.ts';
import { versionViewSchema } from './views.ts';

/**
 * `POST /baulasten/sheets/{id}/versions` — a new version of a sheet: a new scan and/or corrected metadata, with the
 * reason. `basedOnVersion` must be the current version (otherwise 409: someone else changed it meanwhile). Earlier
 * versions and their scans stay untouched.
 */
export const handler = httpHandler({ audit: { record: SHEET_RECORD, action: 'update', id: 'param:id' }, params: sheetPathSchema, body: addVersionSchema, responses: { 201: versionViewSchema } }, async ({ params, body, caller }) => {
  const db = tableFor(caller.tenantId);
  const now = new Date();
  const current = await requireSheet(db, caller.tenantId, params.id);
  assertBasedOn(current, body.basedOnVersion); // before any work on the scan
  const { parcels: changedParcels, favouredParcels: changedFavoured, ...otherChanges } = body.changes;
  const resolved = await resolveSheetParcels(db, caller.tenantId, { ...(changedParcels ? { parcels: changedParcels } : {}), ...(changedFavoured ? { favouredParcels: changedFavoured } : {}) }, 'body/changes');

  let scan: CheckedScan | undefined;
  if (body.uploadId) scan = await checkScan(db, { tenantId: caller.tenantId, ownerId: caller.userId, uploadId: body.uploadId, now, field: 'body/uploadId' });
  const file = scan ? plannedScanFile(scan, { tenantId: caller.tenantId, sheetId: current.sheetId, version: current.version + 1 }) : undefined;
  const { sheet, version } = reviseSheet(current, {
    basedOnVersion: body.basedOnVersion,
    changes: { ...otherChanges, ...resolved },
    ...(file ? { file } : {}),
    note: body.note,
    by: caller.userId,
    now,
    today: berlinDate(now),
  });
  if (scan && file) await storeScan(scan, file);
  await appendVersion(db, { previous: current, sheet, version, ...(scan ? { scan: { uploadId: scan.record.uploadId, ownerId: caller.userId } } : {}) });
  logger.info('Baulast version added', { tenantId: caller.tenantId, sheetId: sheet.sheetId, version: version.version, newScan: scan !== undefined });
  return json(201, versionView(version), { location: `/baulasten/sheets/${sheet.sheetId}` });
});
