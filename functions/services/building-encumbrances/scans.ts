/**
 * Scans of Baulastenblätter: staff ask for an upload URL (`POST /baulasten/uploads`), PUT the file straight to S3 and
 * name the upload id when they register a sheet or add a version. Then the upload is checked (theirs, not expired, not
 * used; in S3 with the declared type and size; starts like such a file) and copied to the version's own key.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NotFound, Unprocessable } from '#core/problem';
import { copyScan, headObject, presignUpload, readObjectStart, stagingKey, versionScanKey } from './files.ts';
import { SCAN_MAGIC_BYTES_NEEDED, isScanContentType, scanFileName, scanMatchesMagicBytes, scanPolicyErrors, type ScanContentType } from './scan-policy.ts';
import type { SheetFile } from './sheet.ts';
import { ScanAlreadyUsed, findScanUpload, saveScanUpload, type ScanUploadRecord } from './store.ts';

/** An unused upload (record and staging object) is forgotten after a day. */
export const SCAN_UPLOAD_TTL_SECONDS = 24 * 60 * 60;
/** The presigned PUT is usable for 15 minutes. */
export const SCAN_PUT_TTL_SECONDS = 15 * 60;

export class ScanNotFound extends NotFound {}
export class ScanRejected extends Unprocessable {}

export interface ScanUploadRequest {
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

export async function createScanUpload(db: DynamoDBDocumentClient, input: { tenantId: string; ownerId: string; request: ScanUploadRequest; now: Date }) {
  const declaredType = input.request.contentType.trim().toLowerCase();
  const errors = scanPolicyErrors({ contentType: declaredType, sizeBytes: input.request.sizeBytes });
  if (errors.length > 0 || !isScanContentType(declaredType)) throw new ScanRejected(errors.map((error) => error.message).join(' '), errors);
  const uploadId = randomUUID();
  const record: ScanUploadRecord = {
    uploadId,
    tenantId: input.tenantId,
    ownerId: input.ownerId,
    fileName: scanFileName(input.request.fileName, declaredType),
    contentType: declaredType,
    sizeBytes: input.request.sizeBytes,
    stagingKey: stagingKey(input.tenantId, uploadId),
    createdAt: input.now.toISOString(),
    expiresAt: Math.floor(input.now.getTime() / 1000) + SCAN_UPLOAD_TTL_SECONDS,
  };
  await saveScanUpload(db, record);
  const url = await presignUpload({ key: record.stagingKey, contentType: declaredType, sizeBytes: record.sizeBytes, expiresInSeconds: SCAN_PUT_TTL_SECONDS });
  return {
    uploadId,
    fileName: record.fileName,
    contentType: declaredType,
    sizeBytes: record.sizeBytes,
    url,
    method: 'PUT' as const,
    headers: { 'content-type': declaredType },
    expiresInSeconds: SCAN_PUT_TTL_SECONDS,
  };
}

/** A checked upload, ready to become a version's scan. */
export interface CheckedScan {
  record: ScanUploadRecord;
  etag?: string;
}

const UPLOAD_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Checks an upload before it is used, in this order: it exists, is the caller's and has not expired (otherwise "not
 * found" — another person's upload is not revealed); it is unused; the object is in S3 with the declared type and size;
 * it starts like a file of that type. `field` names the request field in error messages.
 */
export async function checkScan(
  db: DynamoDBDocumentClient,
  input: { tenantId: string; ownerId: string; uploadId: string; now: Date; field: string },
): Promise<CheckedScan> {
  const notFound = () =>
    new ScanNotFound('Der hochgeladene Scan wurde nicht gefunden oder ist abgelaufen. Bitte laden Sie ihn erneut hoch.', [
      { field: input.field, message: 'Unbekannter oder abgelaufener Upload.' },
    ]);
  if (!UPLOAD_ID.test(input.uploadId)) throw notFound();
  const record = await findScanUpload(db, input.tenantId, input.uploadId);
  if (!record || record.ownerId !== input.ownerId) throw notFound();
  if (record.linkedAt) throw new ScanAlreadyUsed('Dieser Scan wurde bereits einer Baulast zugeordnet. Bitte laden Sie die Datei erneut hoch.');
  if (record.expiresAt !== undefined && record.expiresAt * 1000 <= input.now.getTime()) throw notFound();

  const stored = await headObject(record.stagingKey);
  if (!stored) {
    throw new ScanRejected('Die Datei wurde noch nicht (vollständig) hochgeladen. Bitte laden Sie sie mit der erhaltenen Adresse hoch.', [
      { field: input.field, message: 'Die Datei fehlt.' },
    ]);
  }
  const storedType = stored.contentType?.split(';')[0]?.trim().toLowerCase();
  if (storedType !== record.contentType || stored.sizeBytes !== record.sizeBytes) {
    throw new ScanRejected('Die hochgeladene Datei entspricht nicht den Angaben (Dateiformat oder Größe). Bitte laden Sie sie erneut hoch.', [
      { field: input.field, message: 'Format oder Größe weichen von der Anmeldung ab.' },
    ]);
  }
  const head = await readObjectStart(record.stagingKey, SCAN_MAGIC_BYTES_NEEDED);
  if (!scanMatchesMagicBytes(record.contentType, head)) {
    throw new ScanRejected(`Die Datei ist keine gültige ${typeName(record.contentType)}-Datei. Bitte laden Sie den Scan erneut hoch.`, [
      { field: input.field, message: 'Der Dateiinhalt passt nicht zum Dateiformat.' },
    ]);
  }
  return { record, ...(stored.etag ? { etag: stored.etag } : {}) };
}

function typeName(contentType: ScanContentType): string {
  return { 'application/pdf': 'PDF', 'image/tiff': 'TIFF', 'image/png': 'PNG', 'image/jpeg': 'JPEG' }[contentType];
}

/** The scan of a sheet's version as it will be stored: its own key (with version and upload id), type, size, uploader. */
export function plannedScanFile(scan: CheckedScan, target: { tenantId: string; sheetId: string; version: number }): SheetFile {
  return {
    key: versionScanKey(target.tenantId, target.sheetId, target.version, scan.record.uploadId, scan.record.contentType),
    fileName: scan.record.fileName,
    contentType: scan.record.contentType,
    sizeBytes: scan.record.sizeBytes,
    uploadId: scan.record.uploadId,
    uploadedAt: scan.record.createdAt,
    uploadedBy: scan.record.ownerId,
  };
}

/**
 * Copies a checked upload to its version's key. Called after the domain accepted the change and before the store
 * records it: if the record then fails (a concurrent change), the copy is an unreferenced object, never a lost scan.
 */
export async function storeScan(scan: CheckedScan, file: SheetFile): Promise<void> {
  await copyScan({ from: scan.record.stagingKey, to: file.key, ...(scan.etag ? { etag: scan.etag } : {}) });
}
