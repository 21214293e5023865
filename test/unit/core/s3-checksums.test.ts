import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { beforeAll, describe, expect, it } from 'vitest';

// The local runtime's variables reach this worker when the integration tests started the platform first (a full
// run): the clients are made here as AWS makes them, without them.
let s3: typeof import('../../../functions/core/s3.ts').s3;
let presigningS3: typeof import('../../../functions/core/s3.ts').presigningS3;
let presignUpload: typeof import('../../../functions/documents/store.ts').presignUpload;
beforeAll(async () => {
  for (const name of ['AWS_REQUEST_CHECKSUM_CALCULATION', 'AWS_RESPONSE_CHECKSUM_VALIDATION']) delete process.env[name];
  ({ s3, presigningS3 } = await import('../../../functions/core/s3.ts'));
  ({ presignUpload } = await import('../../../functions/documents/store.ts'));
});

/**
 * The production S3 client keeps the SDK's checksum defaults; only presigning asks for "when required", because a
 * presigned PUT would otherwise carry the CRC32 of an empty body. The local runtime's s3rver workaround is an
 * environment variable of the local runtime, not code here (unit tests run without it).
 */
describe('checksums of the S3 clients', () => {
  it('leaves the SDK default for the client that reads and writes objects, and asks only when required for presigning', async () => {
    expect(process.env.AWS_REQUEST_CHECKSUM_CALCULATION).toBeUndefined();
    expect(await s3.config.requestChecksumCalculation()).toBe('WHEN_SUPPORTED');
    expect(await s3.config.responseChecksumValidation()).toBe('WHEN_SUPPORTED');
    expect(await presigningS3.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
  });

  it('presigns an upload whose URL signs type and size but no checksum a browser upload could not match', async () => {
    const url = new URL(await presignUpload({ key: 'neuss/uploads/u-1', contentType: 'application/pdf', sizeBytes: 1234, expiresInSeconds: 300 }));
    const names = [...url.searchParams.keys()].map((name) => name.toLowerCase());
    expect(names).toContain('x-amz-signature');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toContain('content-length');
    expect(names.filter((name) => name.includes('checksum'))).toEqual([]);
    // The control: the default client would sign the checksum of the empty body into the same URL.
    const withDefaults = new URL(await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'b', Key: 'k', ContentLength: 1234 }), { expiresIn: 300 }));
    expect([...withDefaults.searchParams.keys()].some((name) => name.toLowerCase().includes('checksum'))).toBe(true);
  });
});
