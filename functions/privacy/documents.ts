/**
 * The data protection documents in S3 (the record of processing, access exports): below `<tenantId>/privacy/`, so
 * the tenant prefix and the bucket's protection (KMS, versions, no public access) apply as to every document.
 * Downloaded with the documents capability's short-lived presigned URLs.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { partitionKey } from '#core/keys';
import { BUCKET_NAME, s3 } from '#core/s3';
import { presignDownload } from '#functions/documents/store';

/** As long as the other downloads: enough to start it, too short to pass around. */
export const PRIVACY_DOWNLOAD_TTL_SECONDS = 300;

export interface PrivacyDocument {
  key: string;
  fileName: string;
  contentType: string;
}

export async function putPrivacyDocument(tenantId: string, path: string, fileName: string, contentType: string, bytes: Uint8Array): Promise<PrivacyDocument> {
  partitionKey(tenantId); // validates the tenant id: it starts the key
  const key = `${tenantId}/privacy/${path}/${fileName}`;
  await s3.send(new PutObjectCommand({ Bucket: BUCKET_NAME, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.byteLength }));
  return { key, fileName, contentType };
}

export async function downloadLink(tenantId: string, document: PrivacyDocument) {
  return { url: await presignDownload(tenantId, document, PRIVACY_DOWNLOAD_TTL_SECONDS), expiresInSeconds: PRIVACY_DOWNLOAD_TTL_SECONDS, fileName: document.fileName, contentType: document.contentType };
}
