import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { SHEET_RECORD } from './access.ts';
import { logger } from '#core/logger';
import { berlinDate } from '#core/dates';
import { deleteSheetSchema, sheetPathSchema } from './schemas.ts';
import { deleteSheet, sheetView } from './sheet.ts';
import { appendVersion, requireSheet } from './store.ts';
import { versionViewSchema } from './views.ts';

/**
 * `POST /baulasten/sheets/{id}/delete` — records the Löschung of a Baulast: a new version with status `deleted`, the
 * Löschungsdatum (default: today) and who deleted it why. The Baulast, all its versions and scans stay in the register.
 */
export const handler = httpHandler({ audit: { record: SHEET_RECORD, action: 'delete', id: 'param:id' }, params: sheetPathSchema, body: deleteSheetSchema, responses: { 200: versionViewSchema } }, async ({ params, body, caller }) => {
  const db = tableFor(caller.tenantId);
  const now = new Date();
  const today = berlinDate(now);
  const current = await requireSheet(db, caller.tenantId, params.id);
  const { sheet, version } = deleteSheet(current, {
    ...(body.basedOnVersion !== undefined ? { basedOnVersion: body.basedOnVersion } : {}),
    reason: body.reason,
    loeschungsdatum: body.loeschungsdatum ?? today,
    by: caller.userId,
    now,
    today,
  });
  await appendVersion(db, { previous: current, sheet, version });
  logger.info('Baulast deleted', { tenantId: caller.tenantId, sheetId: sheet.sheetId, version: version.version });
  return json(200, sheetView(sheet));
});
