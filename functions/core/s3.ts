import { S3Client } from '@aws-sdk/client-s3';
import { optionalEnv, requireEnv } from './config.ts';

/** The document bucket (KMS-encrypted by bucket default, versioned, public access blocked). */
export const BUCKET_NAME = requireEnv('BUCKET_NAME');

/**
 * The S3 client, created once.
 *
 * - Checksums only when an operation requires them, in AWS too: with the SDK's default (`WHEN_SUPPORTED`) a
 *   presigned PUT carries a CRC32 of the *empty* body that the real upload then fails, and s3rver stores the
 *   aws-chunked framing of streamed bodies as the object (see LOCAL-EMULATORS.md).
 * - Path-style addressing only when an endpoint is configured (the local emulator): AWS keeps virtual-hosted style,
 *   which it requires for new features; s3rver understands only path style, and the SDK would pick virtual-hosted
 *   style for an endpoint named `localhost`.
 */
export const s3 = new S3Client({
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  ...(optionalEnv('AWS_ENDPOINT_URL_S3') || optionalEnv('AWS_ENDPOINT_URL') ? { forcePathStyle: true } : {}),
});

/** True when S3 answered "no such key" (GetObject says `NoSuchKey`, HeadObject only a bare 404 `NotFound`). */
export function isMissingObject(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'NoSuchKey' || error.name === 'NotFound') return true;
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
}
