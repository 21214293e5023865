import { S3Client } from '@aws-sdk/client-s3';
import { optionalEnv, requireEnv } from './config.ts';

/** The document bucket (KMS-encrypted by bucket default, versioned, public access blocked). */
export const BUCKET_NAME = requireEnv('BUCKET_NAME');

/** Path-style addressing only against an emulator (an endpoint is configured); see the clients below. */
const addressing = optionalEnv('AWS_ENDPOINT_URL_S3') || optionalEnv('AWS_ENDPOINT_URL') ? { forcePathStyle: true } : {};

/**
 * The S3 client, created once, with the SDK's defaults for checksums. Path-style addressing only when an endpoint is
 * configured (the local emulator): AWS keeps virtual-hosted style, which it requires for new features; s3rver
 * understands only path style, and the SDK would pick virtual-hosted style for an endpoint named `localhost`. (The
 * local runtime sets `AWS_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED` for s3rver, which stores the aws-chunked framing
 * of streamed bodies as the object — `infra/local/emulators/aws-clients.ts`; AWS never sees that setting.)
 */
export const s3 = new S3Client({
  ...addressing,
});

/**
 * The client that presigns browser uploads and downloads. With the default (`WHEN_SUPPORTED`) the SDK signs a CRC32
 * checksum into a presigned PUT — computed over the empty body at signing time — which the browser's real upload then
 * fails (`@aws-sdk/client-s3` since 3.729.0; S3 refuses the mismatch); a presigned URL carries only what is signed, so checksums here
 * are only those an operation requires.
 */
export const presigningS3 = new S3Client({
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  ...addressing,
});

/** True when S3 answered "no such key" (GetObject says `NoSuchKey`, HeadObject only a bare 404 `NotFound`). */
export function isMissingObject(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'NoSuchKey' || error.name === 'NotFound') return true;
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
}
