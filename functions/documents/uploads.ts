/**
 * Uploads of proofs (Nachweise): a citizen asks for an upload URL (`POST /uploads`), PUTs the file straight to S3,
 * and names the upload id in an application; the application engine then calls `claimUpload`.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NotFound, Unprocessable } from '#core/problem';
import type { DocumentRef } from '#functions/applications/model';
import { UploadAlreadyLinked, describeObject, findUpload, markUploadLinked, presignUpload, readObjectStart, saveUpload, uploadObjectKey, type UploadRecord } from './store.ts';
import { MAGIC_BYTES_NEEDED, matchesMagicBytes, sanitizeFileName, uploadPolicyErrors, type UploadContentType } from './upload-policy.ts';

/** An unlinked upload (record and URL) is forgotten after a day. */
export const UPLOAD_RECORD_TTL_SECONDS = 24 * 60 * 60;
/** The presigned PUT is usable for 15 minutes. */
export const UPLOAD_URL_TTL_SECONDS = 15 * 60;

export class UploadNotFound extends NotFound {}
export class UploadRejected extends Unprocessable {}

export interface UploadRequest {
  kind: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

export interface CreatedUpload {
  uploadId: string;
  kind: string;
  fileName: string;
  contentType: UploadContentType;
  sizeBytes: number;
  /** PUT the file here with exactly these headers within `expiresInSeconds`. */
  url: string;
  method: 'PUT';
  headers: { 'content-type': UploadContentType };
  expiresInSeconds: number;
}

export async function createUpload(
  db: DynamoDBDocumentClient,
  input: { tenantId: string; ownerId: string; request: UploadRequest; now: Date },
): Promise<CreatedUpload> {
  const { request } = input;
  const errors = uploadPolicyErrors(request);
  if (errors.length > 0) throw new UploadRejected(errors.map((e) => e.message).join(' '), errors);
  const contentType = request.contentType as UploadContentType;
  const uploadId = randomUUID();
  const record: UploadRecord = {
    uploadId,
    tenantId: input.tenantId,
    ownerId: input.ownerId,
    kind: request.kind,
    fileName: sanitizeFileName(request.fileName, contentType),
    contentType,
    sizeBytes: request.sizeBytes,
    key: uploadObjectKey(input.tenantId, uploadId),
    createdAt: input.now.toISOString(),
    expiresAt: Math.floor(input.now.getTime() / 1000) + UPLOAD_RECORD_TTL_SECONDS,
  };
  await saveUpload(db, record);
  const url = await presignUpload({ key: record.key, contentType, sizeBytes: record.sizeBytes, expiresInSeconds: UPLOAD_URL_TTL_SECONDS });
  return {
    uploadId,
    kind: record.kind,
    fileName: record.fileName,
    contentType,
    sizeBytes: record.sizeBytes,
    url,
    method: 'PUT',
    headers: { 'content-type': contentType },
    expiresInSeconds: UPLOAD_URL_TTL_SECONDS,
  };
}

const UPLOAD_ID = /^[A-Za-z0-9-]{1,64}$/;

export interface ClaimUploadInput {
  tenantId: string;
  uploadId: string;
  /** The user who must have created the upload (the applicant, or the caseworker filing at the counter). */
  ownerId: string;
  /** Document kinds the service accepts here (`ServiceDefinition.uploads[].kind`). */
  expectedKinds: readonly string[];
  /** Title of the document in the application (the service's label); defaults to the file name. */
  title?: string;
  /** What the upload is linked to (e.g. the application id): a retry with the same value succeeds again. */
  linkedTo?: string;
  now?: Date;
}

/**
 * Links an upload to an application, exactly once. Checks, in this order: the upload exists, belongs to `ownerId`
 * and has not expired (otherwise "not found" — another user's upload is not revealed); its kind is expected here;
 * the object is in S3 with the declared type and size and starts like such a file; then it is marked linked with a
 * condition, so two concurrent claims cannot both succeed (the second gets `UploadAlreadyLinked`, a 409).
 */
export async function claimUpload(db: DynamoDBDocumentClient, input: ClaimUploadInput): Promise<DocumentRef> {
  const now = input.now ?? new Date();
  const notFound = () => new UploadNotFound('Der hochgeladene Nachweis wurde nicht gefunden oder ist abgelaufen. Bitte laden Sie ihn erneut hoch.');
  if (!UPLOAD_ID.test(input.uploadId)) throw notFound();
  const upload = await findUpload(db, input.tenantId, input.uploadId);
  if (!upload || upload.ownerId !== input.ownerId) throw notFound();
  if (!upload.linkedAt && upload.expiresAt !== undefined && upload.expiresAt * 1000 <= now.getTime()) throw notFound();
  if (upload.linkedAt && (input.linkedTo === undefined || upload.linkedTo !== input.linkedTo)) {
    throw new UploadAlreadyLinked('Dieser Nachweis ist bereits einem Antrag zugeordnet. Bitte laden Sie die Datei erneut hoch.');
  }

  if (!input.expectedKinds.includes(upload.kind)) {
    throw new UploadRejected('Dieser Nachweis passt nicht zu diesem Antrag.', [
      { field: 'uploads', message: `Ein Nachweis der Art „${upload.kind}“ wird hier nicht erwartet.` },
    ]);
  }

  const stored = await describeObject(upload.key);
  if (!stored) throw new UploadRejected('Die Datei wurde noch nicht vollständig hochgeladen. Bitte laden Sie sie erneut hoch.');
  const storedType = stored.contentType?.split(';')[0]?.trim().toLowerCase();
  if (storedType !== upload.contentType || stored.sizeBytes !== upload.sizeBytes) {
    throw new UploadRejected('Die hochgeladene Datei entspricht nicht den Angaben (Dateiformat oder Größe). Bitte laden Sie sie erneut hoch.');
  }
  const head = await readObjectStart(upload.key, MAGIC_BYTES_NEEDED);
  if (!matchesMagicBytes(upload.contentType, head)) {
    throw new UploadRejected('Die Datei ist keine gültige PDF-, JPEG- oder PNG-Datei. Bitte laden Sie sie erneut hoch.');
  }

  await markUploadLinked(db, {
    tenantId: input.tenantId,
    uploadId: upload.uploadId,
    ownerId: input.ownerId,
    linkedAt: now.toISOString(),
    linkedTo: input.linkedTo,
  });
  return {
    documentId: upload.uploadId,
    kind: upload.kind,
    title: input.title ?? upload.fileName,
    fileName: upload.fileName,
    contentType: upload.contentType,
    key: upload.key,
    direction: 'uploaded',
    createdAt: upload.createdAt,
  };
}
