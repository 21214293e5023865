import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { ResidentParkingPermit } from '../../functions/services/resident-parking/permit.ts';
import { call, httpEvent } from '../support/events.ts';

/**
 * The documents capability against the local emulators (DynamoDB Local, s3rver): presigned up- and downloads, the
 * claim of an upload, and QR token verification. s3rver does not check SigV4 signatures, so what the signature
 * enforces in AWS (type, size, expiry) is only asserted on the URL here; the checks of `claimUpload` run for real.
 */
const tenantId = 'juechen';
let scratch: string;

let documents: {
  createUpload: typeof import('../../functions/documents/create-upload.handler.ts').handler;
  verify: typeof import('../../functions/documents/verify.handler.ts').handler;
  uploads: typeof import('../../functions/documents/uploads.ts');
  store: typeof import('../../functions/documents/store.ts');
  signing: typeof import('../../functions/documents/signing.ts');
  ddb: typeof import('../../functions/core/ddb.ts');
};

beforeAll(async () => {
  Object.assign(process.env, inject('platform').environment);
  // Until the platform provides them: a throw-away signing key and a public URL.
  scratch = await mkdtemp(path.join(tmpdir(), 'openkreis-documents-'));
  if (!process.env.SIGNING_KEY_FILE && !process.env.SIGNING_KMS_KEY_ID) {
    const { ensureLocalSigningKey } = await import('../../functions/documents/local-key.ts');
    process.env.SIGNING_KEY_FILE = path.join(scratch, 'signing-key.json');
    await ensureLocalSigningKey(process.env.SIGNING_KEY_FILE);
  }
  process.env.PUBLIC_API_URL ??= inject('platform').url;
  documents = {
    createUpload: (await import('../../functions/documents/create-upload.handler.ts')).handler,
    verify: (await import('../../functions/documents/verify.handler.ts')).handler,
    uploads: await import('../../functions/documents/uploads.ts'),
    store: await import('../../functions/documents/store.ts'),
    signing: await import('../../functions/documents/signing.ts'),
    ddb: await import('../../functions/core/ddb.ts'),
  };
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const PDF = new Uint8Array(Buffer.from('%PDF-1.7\n% a tiny test file\n%%EOF\n'));
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

async function requestUpload(owner: string, request: { kind: string; fileName: string; contentType: string; sizeBytes: number }) {
  const result = await call(
    documents.createUpload,
    httpEvent({ routeKey: 'POST /uploads', caller: { tenantId, roles: ['citizen'], sub: owner }, body: request }),
  );
  expect(result.statusCode).toBe(201);
  return result.body as { uploadId: string; url: string; headers: Record<string, string> };
}

async function put(url: string, contentType: string, bytes: Uint8Array): Promise<number> {
  const response = await fetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body: bytes });
  await response.arrayBuffer();
  return response.status;
}

describe('uploads', () => {
  it('takes a file through a presigned PUT and links it to an application exactly once, for its owner only', async () => {
    const owner = `citizen-${randomUUID()}`;
    const upload = await requestUpload(owner, { kind: 'vehicle-use-proof', fileName: 'Leasingvertrag.pdf', contentType: 'application/pdf', sizeBytes: PDF.byteLength });
    expect(await put(upload.url, upload.headers['content-type']!, PDF)).toBe(200);

    const db = documents.ddb.tableFor(tenantId);
    const claim = (ownerId: string) =>
      documents.uploads.claimUpload(db, { tenantId, uploadId: upload.uploadId, ownerId, expectedKinds: ['vehicle-use-proof'], title: 'Leasingvertrag' });

    await expect(claim(`someone-else-${randomUUID()}`)).rejects.toBeInstanceOf(documents.uploads.UploadNotFound);
    const ref = await claim(owner);
    expect(ref).toMatchObject({
      documentId: upload.uploadId,
      kind: 'vehicle-use-proof',
      title: 'Leasingvertrag',
      fileName: 'Leasingvertrag.pdf',
      contentType: 'application/pdf',
      key: `${tenantId}/uploads/${upload.uploadId}`,
      direction: 'uploaded',
    });
    const second = await claim(owner).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(documents.store.UploadAlreadyLinked);
    expect((second as { kind: string }).kind).toBe('conflict');

    // The linked record no longer expires.
    const record = await documents.store.findUpload(db, tenantId, upload.uploadId);
    expect(record).toMatchObject({ linkedAt: expect.any(String) });
    expect(record).not.toHaveProperty('expiresAt');
  });

  it('lets only one of two concurrent claims win', async () => {
    const owner = `citizen-${randomUUID()}`;
    const upload = await requestUpload(owner, { kind: 'vehicle-use-proof', fileName: 'scan.pdf', contentType: 'application/pdf', sizeBytes: PDF.byteLength });
    await put(upload.url, 'application/pdf', PDF);
    const db = documents.ddb.tableFor(tenantId);
    const results = await Promise.allSettled(
      [1, 2].map(() => documents.uploads.claimUpload(db, { tenantId, uploadId: upload.uploadId, ownerId: owner, expectedKinds: ['vehicle-use-proof'] })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('rejects an object whose stored type, size or content differs from what was declared', async () => {
    const owner = `citizen-${randomUUID()}`;
    const db = documents.ddb.tableFor(tenantId);
    const claim = (uploadId: string) => documents.uploads.claimUpload(db, { tenantId, uploadId, ownerId: owner, expectedKinds: ['photo'] });

    // Declared PNG, stored as PDF (s3rver accepts it; in AWS the signed Content-Type already refuses the PUT).
    const wrongType = await requestUpload(owner, { kind: 'photo', fileName: 'foto.png', contentType: 'image/png', sizeBytes: PDF.byteLength });
    await put(wrongType.url, 'application/pdf', PDF);
    await expect(claim(wrongType.uploadId)).rejects.toThrow(/entspricht nicht den Angaben/);

    // Declared 1000 bytes, 12 stored.
    const wrongSize = await requestUpload(owner, { kind: 'photo', fileName: 'foto.png', contentType: 'image/png', sizeBytes: 1000 });
    await put(wrongSize.url, 'image/png', PNG);
    await expect(claim(wrongSize.uploadId)).rejects.toThrow(/entspricht nicht den Angaben/);

    // Declared and sent as PNG, but the bytes are a PDF.
    const wrongBytes = await requestUpload(owner, { kind: 'photo', fileName: 'foto.png', contentType: 'image/png', sizeBytes: PDF.byteLength });
    await put(wrongBytes.url, 'image/png', PDF);
    await expect(claim(wrongBytes.uploadId)).rejects.toThrow(/keine gültige PDF-, JPEG- oder PNG-Datei/);

    // Never uploaded.
    const missing = await requestUpload(owner, { kind: 'photo', fileName: 'foto.png', contentType: 'image/png', sizeBytes: PNG.byteLength });
    await expect(claim(missing.uploadId)).rejects.toThrow(/noch nicht vollständig hochgeladen/);

    // A correct one of the same owner still works.
    const fine = await requestUpload(owner, { kind: 'photo', fileName: 'foto.png', contentType: 'image/png', sizeBytes: PNG.byteLength });
    await put(fine.url, 'image/png', PNG);
    await expect(claim(fine.uploadId)).resolves.toMatchObject({ contentType: 'image/png' });
  });
});

describe('issued documents', () => {
  it('round-trips: stored bytes come back unchanged through the presigned download', async () => {
    const bytes = new Uint8Array(Buffer.from(`%PDF-1.7\n${'Bewohnerparkausweis äöüß '.repeat(2000)}\n%%EOF\n`));
    const ref = await documents.store.putIssuedDocument({
      tenantId,
      applicationId: randomUUID(),
      kind: 'permit',
      title: 'Bewohnerparkausweis',
      fileName: 'bewohnerparkausweis-JU-BPA-2026-000001.pdf',
      contentType: 'application/pdf',
      bytes,
    });
    const url = await documents.store.presignDownload(tenantId, ref, 300);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });
});

describe('QR token verification', () => {
  const permitId = `permit${randomUUID().replaceAll('-', '').slice(0, 16)}`;

  beforeAll(async () => {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const permit: ResidentParkingPermit = {
      permitId,
      tenantId,
      applicationId: randomUUID(),
      caseNumber: 'JU-BPA-2026-000001',
      holderId: 'citizen-1',
      plate: 'NE-JU 2026',
      zoneId: 'J-1',
      zoneName: 'Ortskern',
      validFrom: '2026-01-01',
      validTo: '2099-12-31',
      validityMonths: 12,
      addressKey: 'hash',
      residence: { street: 'Markt', houseNumber: '1', postcode: '41363', city: 'Jüchen' },
      vehicle: { relation: 'keeper' },
      status: 'valid',
      issuedAt: '2026-01-01T09:00:00.000Z',
    };
    await documents.ddb.systemTable.send(
      new PutCommand({ TableName: documents.ddb.TABLE_NAME, Item: { PK: `${tenantId}#PERMIT#${permitId}`, SK: 'PERMIT', ...permit } }),
    );
  });

  const verify = (token: string, accept = 'application/json') =>
    call(documents.verify, httpEvent({ routeKey: 'GET /verify/{token}', pathParameters: { token }, headers: { accept } }));

  it('signs a token that verifies, and shows the current status with the printed facts only', async () => {
    const claims = { typ: 'permit', tid: tenantId, sub: `bpa-${permitId}`, pid: permitId, v: 1 } as const;
    const token = await documents.signing.signDocumentToken(claims);
    await expect(documents.signing.verifyDocumentToken(token)).resolves.toEqual(claims);

    const result = await verify(token);
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ documentType: 'permit', status: 'valid', plate: 'NE-JU 2026', zone: 'J-1', validFrom: '2026-01-01', validTo: '2099-12-31' });
    expect(JSON.stringify(result.body)).not.toMatch(/Markt|41363|citizen-1|holder/);
  });

  it('rejects a tampered token (404, German) and never reveals another permit', async () => {
    const token = await documents.signing.signDocumentToken({ typ: 'permit', tid: tenantId, sub: 'bpa-x', pid: permitId, v: 1 });
    const [header, , signature] = token.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ typ: 'permit', tid: tenantId, sub: 'bpa-x', pid: 'another-permit-id', v: 1 })).toString('base64url');
    const tampered = `${header}.${otherPayload}.${signature}`;
    await expect(documents.signing.verifyDocumentToken(tampered)).rejects.toBeInstanceOf(documents.signing.InvalidDocumentToken);
    const result = await verify(tampered);
    expect(result.statusCode).toBe(404);
    expect(result.body.detail).toMatch(/^Dieser QR-Code gehört zu keinem gültigen Dokument/);
  });
});
