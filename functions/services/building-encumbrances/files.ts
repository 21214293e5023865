/**
 * The scans of the register in S3 (the documents bucket, KMS by bucket default, versioned, public access blocked).
 *
 * Keys:
 * - upload (staging): `<tenantId>/baulasten/uploads/<uploadId>` — where the presigned PUT goes
 * - version scan:     `<tenantId>/baulasten/sheets/<sheetId>/v<version>-<uploadId>.<ext>` — written once, by a
 *                     server-side copy of the checked upload, and never again
 *
 * Why the copy: a presigned PUT stays usable until it expires, so the staging object could be replaced after it was
 * checked. The copy is made on the condition that the upload is still the checked object (`CopySourceIfMatch` with the
 * ETag read while checking), and its key — with the version and the upload id in it — is written by nobody else. The
 * bytes a version points to therefore never change. Only modules that may use S3 import this file.
 */
import { CopyObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { BUCKET_NAME, isMissingObject, s3 } from '#core/s3';
import { partitionKey } from '#core/keys';
import { presignDownload, presignUpload, readObjectStart } from '#functions/documents/store';
import { scanExtension, type ScanContentType } from './scan-policy.ts';

export function stagingKey(tenantId: string, uploadId: string): string {
  partitionKey(tenantId); // validates the tenant id: it starts the key
  return `${tenantId}/baulasten/uploads/${uploadId}`;
}

export function versionScanKey(tenantId: string, sheetId: string, version: number, uploadId: string, contentType: ScanContentType): string {
  partitionKey(tenantId);
  if (/[/#]/.test(sheetId) || /[/#]/.test(uploadId)) throw new Error('Invalid id in a scan key');
  return `${tenantId}/baulasten/sheets/${sheetId}/v${version}-${uploadId}.${scanExtension(contentType)}`;
}

export { presignUpload, readObjectStart };

export interface StoredObject {
  contentType?: string;
  sizeBytes?: number;
  etag?: string;
}

/** Type, size and ETag of an object; undefined when there is none (the upload never happened). */
export async function headObject(key: string): Promise<StoredObject | undefined> {
  try {
    const result = await s3.send(new HeadObjectCommand({ Bucket: BUCKET_NAME, Key: key }));
    return {
      ...(result.ContentType !== undefined ? { contentType: result.ContentType } : {}),
      ...(result.ContentLength !== undefined ? { sizeBytes: result.ContentLength } : {}),
      ...(result.ETag !== undefined ? { etag: result.ETag } : {}),
    };
  } catch (error) {
    if (isMissingObject(error)) return undefined;
    throw error;
  }
}

/** Copies the checked upload (type and metadata included) to the version's own key; fails if it changed since the check. */
export async function copyScan(input: { from: string; to: string; etag?: string }): Promise<void> {
  await s3.send(
    new CopyObjectCommand({
      Bucket: BUCKET_NAME,
      Key: input.to,
      CopySource: `${BUCKET_NAME}/${input.from.split('/').map(encodeURIComponent).join('/')}`,
      ...(input.etag ? { CopySourceIfMatch: input.etag } : {}),
    }),
  );
}

/** Download links are short-lived: long enough to open the scan, too short to be passed around usefully. */
export const SCAN_URL_TTL_SECONDS = 300;

export function presignScanDownload(tenantId: string, file: { key: string; fileName: string; contentType: string }): Promise<string> {
  return presignDownload(tenantId, file, SCAN_URL_TTL_SECONDS);
}
