import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { NotFound } from '#core/problem';
import { SHEET_RECORD } from './access.ts';
import { SCAN_URL_TTL_SECONDS, presignScanDownload } from './files.ts';
import { fileQuerySchema, versionPathSchema } from './schemas.ts';
import { getVersion, requireSheet } from './store.ts';
import { scanLinkSchema } from './views.ts';

/**
 * `GET /baulasten/sheets/{id}/versions/{version}/file?reason=` — a short-lived download link for the scan of a version.
 * No link without a reason: who, when, why and which version are recorded in the audit trail before the link leaves.
 */
export const handler = httpHandler({ audit: { record: SHEET_RECORD, action: 'read', id: 'param:id' }, params: versionPathSchema, query: fileQuerySchema, responses: { 200: scanLinkSchema } }, async ({ params, query, caller, audit }) => {
  const db = tableFor(caller.tenantId);
  const sheet = await requireSheet(db, caller.tenantId, params.id);
  const version = params.version === sheet.version ? sheet : await getVersion(db, caller.tenantId, sheet.sheetId, params.version);
  if (!version) throw new NotFound(`Die Baulast hat keine Fassung ${params.version} (aktuell: Fassung ${sheet.version}).`);
  audit({ purpose: `Scan der Fassung ${params.version}: ${query.reason}` });
  const url = await presignScanDownload(caller.tenantId, version.file);
  logger.info('Baulast scan accessed', { tenantId: caller.tenantId, sheetId: sheet.sheetId, version: params.version });
  return json(200, {
    url,
    expiresInSeconds: SCAN_URL_TTL_SECONDS,
    fileName: version.file.fileName,
    contentType: version.file.contentType,
    sizeBytes: version.file.sizeBytes,
    version: params.version,
  });
});
