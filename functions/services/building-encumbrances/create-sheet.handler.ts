import { randomUUID } from 'node:crypto';
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { SHEET_RECORD } from './access.ts';
import { logger } from '#core/logger';
import { berlinDate } from '#core/dates';
import { resolveSheetParcels } from './register.ts';
import { checkScan, plannedScanFile, storeScan } from './scans.ts';
import { createSheetSchema } from './schemas.ts';
import { newSheet, sheetView } from './sheet.ts';
import { createSheet, sheetIdOfEntry, sheetNumberTaken } from './store.ts';
import { versionViewSchema } from './views.ts';

/**
 * `POST /baulasten/sheets` — registers a Baulast of the register with its scan (an upload from `POST /baulasten/uploads`)
 * as version 1. Already deleted Baulasten of the paper register are registered with status `deleted` and their
 * Löschungsdatum. Checks the metadata before the scan is copied, so a bad request leaves nothing behind.
 */
export const handler = httpHandler({ audit: { record: SHEET_RECORD, action: 'create', id: 'reply:sheetId' }, body: createSheetSchema, responses: { 201: versionViewSchema } }, async ({ body, caller }) => {
  const db = tableFor(caller.tenantId);
  const now = new Date();
  const today = berlinDate(now);
  const resolved = await resolveSheetParcels(db, caller.tenantId, { parcels: body.parcels, favouredParcels: body.favouredParcels }, 'body');
  if (await sheetIdOfEntry(db, caller.tenantId, body.baulastenblatt, body.laufendeNummer)) throw sheetNumberTaken(body.baulastenblatt, body.laufendeNummer);

  const scan = await checkScan(db, { tenantId: caller.tenantId, ownerId: caller.userId, uploadId: body.uploadId, now, field: 'body/uploadId' });
  const sheetId = randomUUID();
  const file = plannedScanFile(scan, { tenantId: caller.tenantId, sheetId, version: 1 });
  const { sheet, version } = newSheet({
    sheetId,
    tenantId: caller.tenantId,
    metadata: {
      baulastenblatt: body.baulastenblatt,
      laufendeNummer: body.laufendeNummer,
      parcels: resolved.parcels ?? [],
      favouredParcels: resolved.favouredParcels ?? [],
      kind: body.kind,
      content: body.content,
      eintragungsdatum: body.eintragungsdatum,
      ...(body.loeschungsdatum ? { loeschungsdatum: body.loeschungsdatum } : {}),
      status: body.status,
      ...(body.aktenzeichen ? { aktenzeichen: body.aktenzeichen } : {}),
    },
    file,
    ...(body.note ? { note: body.note } : {}),
    by: caller.userId,
    now,
    today,
  });
  await storeScan(scan, file);
  await createSheet(db, { sheet, version, scan: { uploadId: scan.record.uploadId, ownerId: caller.userId } });
  logger.info('Baulast registered', { tenantId: caller.tenantId, sheetId, parcels: sheet.parcels.length, status: sheet.status });
  return json(201, sheetView(sheet), { location: `/baulasten/sheets/${sheetId}` });
});
