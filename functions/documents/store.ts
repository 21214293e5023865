/**
 * Document store — the only code that talks to DynamoDB and S3 about documents.
 *
 * DynamoDB access patterns (PK / SK):
 * - upload record:  `<t>#UPLOAD#<uploadId>` / `UPLOAD`  (TTL `expiresAt` 24 h; removed when linked to an application)
 *
 * S3 keys (bucket `BUCKET_NAME`; KMS encryption is the bucket default, no ACLs, public access blocked):
 * - uploaded proof: `<tenantId>/uploads/<uploadId>`
 * - issued document: `<tenantId>/applications/<applicationId>/<documentId>-<fileName>`
 * Up- and downloads go through short-lived presigned URLs; the bytes never pass through a Lambda.
 */
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { Conflict } from '#core/problem';
import { BUCKET_NAME, isMissingObject, presigningS3, s3 } from '#core/s3';
import type { DocumentRef } from '#functions/applications/model';
import type { UploadContentType } from './upload-policy.ts';

export interface UploadRecord {
  uploadId: string;
  tenantId: string;
  ownerId: string;
  kind: string;
  fileName: string;
  contentType: UploadContentType;
  sizeBytes: number;
  /** Full S3 key, `<tenantId>/uploads/<uploadId>`. */
  key: string;
  createdAt: string;
  /** TTL (epoch seconds) while the upload is not linked; removed when it is. */
  expiresAt?: number;
  linkedAt?: string;
  /** What the upload was linked to (e.g. an application id), so that a retried link is recognised. */
  linkedTo?: string;
}

export class UploadAlreadyLinked extends Conflict {}

const uploadItemKey = (tenantId: string, uploadId: string) => ({ PK: partitionKey(tenantId, 'UPLOAD', uploadId), SK: 'UPLOAD' });

export function uploadObjectKey(tenantId: string, uploadId: string): string {
  return `${tenantId}/uploads/${uploadId}`;
}

export async function saveUpload(db: DynamoDBDocumentClient, record: UploadRecord): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: { ...uploadItemKey(record.tenantId, record.uploadId), ...record },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function findUpload(db: DynamoDBDocumentClient, tenantId: string, uploadId: string): Promise<UploadRecord | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: uploadItemKey(tenantId, uploadId), ConsistentRead: true }));
  if (!result.Item) return undefined;
  const { PK: _pk, SK: _sk, ...record } = result.Item;
  return record as UploadRecord;
}

/**
 * Marks an upload as linked, exactly once: the condition holds only for the owner's unlinked upload — or for one
 * already linked to the same `linkedTo`, so a retried submission links again instead of failing. Removing
 * `expiresAt` keeps the TTL from deleting the record of a proof that belongs to an application now.
 */
export async function markUploadLinked(
  db: DynamoDBDocumentClient,
  input: { tenantId: string; uploadId: string; ownerId: string; linkedAt: string; linkedTo?: string | undefined },
): Promise<void> {
  const retryable = input.linkedTo !== undefined;
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: uploadItemKey(input.tenantId, input.uploadId),
        UpdateExpression: `SET linkedAt = if_not_exists(linkedAt, :at)${retryable ? ', linkedTo = :to' : ''} REMOVE expiresAt`,
        ConditionExpression: `attribute_exists(PK) AND ownerId = :owner AND (attribute_not_exists(linkedAt)${retryable ? ' OR linkedTo = :to' : ''})`,
        ExpressionAttributeValues: { ':at': input.linkedAt, ':owner': input.ownerId, ...(retryable ? { ':to': input.linkedTo } : {}) },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new UploadAlreadyLinked('Dieser Nachweis ist bereits einem Antrag zugeordnet. Bitte laden Sie die Datei erneut hoch.');
    throw error;
  }
}

/**
 * A presigned PUT that only accepts the declared type and size: `Content-Type` and `Content-Length` are signed
 * headers, so S3 refuses an upload whose headers differ (S3 also refuses a body that is not as long as declared).
 */
export async function presignUpload(input: { key: string; contentType: string; sizeBytes: number; expiresInSeconds: number }): Promise<string> {
  return getSignedUrl(
    presigningS3,
    new PutObjectCommand({ Bucket: BUCKET_NAME, Key: input.key, ContentType: input.contentType, ContentLength: input.sizeBytes }),
    { expiresIn: input.expiresInSeconds, signableHeaders: new Set(['content-type', 'content-length']) },
  );
}

/** Type and size of a stored object, or undefined when there is none (e.g. the upload never happened). */
export async function describeObject(key: string): Promise<{ contentType?: string; sizeBytes?: number } | undefined> {
  try {
    const result = await s3.send(new HeadObjectCommand({ Bucket: BUCKET_NAME, Key: key }));
    return {
      ...(result.ContentType !== undefined ? { contentType: result.ContentType } : {}),
      ...(result.ContentLength !== undefined ? { sizeBytes: result.ContentLength } : {}),
    };
  } catch (error) {
    if (isMissingObject(error)) return undefined;
    throw error;
  }
}

/** The first `length` bytes of an object (a ranged GET; for the magic-number check of uploads). */
export async function readObjectStart(key: string, length: number): Promise<Uint8Array> {
  const result = await s3.send(new GetObjectCommand({ Bucket: BUCKET_NAME, Key: key, Range: `bytes=0-${length - 1}` }));
  return result.Body ? (await result.Body.transformToByteArray()).subarray(0, length) : new Uint8Array();
}

export interface IssuedDocumentInput {
  tenantId: string;
  applicationId: string;
  kind: string;
  title: string;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  /** Pass the id of an earlier attempt to make issuing idempotent (the same key is overwritten); new by default. */
  documentId?: string;
  now?: Date;
}

/** Stores a document the authority issues (permit PDF, certificate) and returns its reference for the application. */
export async function putIssuedDocument(input: IssuedDocumentInput): Promise<DocumentRef> {
  const documentId = input.documentId ?? randomUUID();
  const fileName = safeFileName(input.fileName);
  const key = `${input.tenantId}/applications/${input.applicationId}/${documentId}-${fileName}`;
  partitionKey(input.tenantId); // validates the tenant id: it starts the key
  if (input.applicationId.includes('/')) throw new Error('Invalid application id in a document key');
  await s3.send(
    new PutObjectCommand({ Bucket: BUCKET_NAME, Key: key, Body: input.bytes, ContentType: input.contentType, ContentLength: input.bytes.byteLength }),
  );
  return {
    documentId,
    kind: input.kind,
    title: input.title,
    fileName,
    contentType: input.contentType,
    key,
    direction: 'issued',
    createdAt: (input.now ?? new Date()).toISOString(),
  };
}

/**
 * A presigned GET for a document of the given tenant, downloaded under its file name. The key must lie below the
 * tenant's prefix — a reference that points elsewhere is a bug, and is refused rather than served.
 */
export async function presignDownload(tenantId: string, document: Pick<DocumentRef, 'key' | 'fileName' | 'contentType'>, expiresInSeconds: number): Promise<string> {
  if (!document.key.startsWith(`${tenantId}/`)) throw new Error('A document key outside the tenant prefix');
  return getSignedUrl(
    presigningS3,
    new GetObjectCommand({
      Bucket: BUCKET_NAME,
      Key: document.key,
      ResponseContentType: document.contentType,
      ResponseContentDisposition: contentDisposition(document.fileName),
    }),
    { expiresIn: expiresInSeconds },
  );
}

/** File names of issued documents come from code, but end up in a key and a header: same rules as uploads. */
function safeFileName(fileName: string): string {
  const name = fileName.normalize('NFC').replace(/[^\p{L}\p{N} ._()-]/gu, '_').replace(/^[\s.]+/, '').slice(-100);
  return name || 'Dokument';
}

/** RFC 6266: an ASCII fallback plus the UTF-8 name (umlauts), as an attachment. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue').replace(/ß/g, 'ss')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
