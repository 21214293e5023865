import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler as createUploadHandler } from '../../../functions/documents/create-upload.handler.ts';
import { contentDisposition, presignDownload, putIssuedDocument } from '../../../functions/documents/store.ts';
import { MAX_UPLOAD_BYTES, sanitizeFileName, uploadPolicyErrors } from '../../../functions/documents/upload-policy.ts';
import { UploadNotFound, UploadRejected, claimUpload } from '../../../functions/documents/uploads.ts';
import { Conflict } from '../../../functions/core/problem.ts';
import { call, httpEvent } from '../../support/events.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const db = DynamoDBDocumentClient.from(new (await import('@aws-sdk/client-dynamodb')).DynamoDBClient({}));

beforeEach(() => {
  ddb.reset();
  s3.reset();
});

const citizen = { tenantId: 'rommerskirchen', roles: ['citizen' as const], sub: 'citizen-1' };
const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
// The part of the SDK's stream body that the store uses.
const body = (bytes: number[]) => ({ transformToByteArray: async () => Uint8Array.from(bytes) }) as never;
const PDF_HEAD = [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37];

describe('upload policy', () => {
  it('keeps a readable German file name but nothing that could break a key, a header or a path', () => {
    expect(sanitizeFileName('Zulassungsbescheinigung Teil I.pdf', 'application/pdf')).toBe('Zulassungsbescheinigung Teil I.pdf');
    expect(sanitizeFileName('C:\\Users\\erika\\Meldebestätigung.PDF', 'application/pdf')).toBe('Meldebestätigung.pdf');
    expect(sanitizeFileName('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf');
    expect(sanitizeFileName('rechnung"; filename=evil.exe', 'application/pdf')).toBe('rechnung_ filename_evil.exe.pdf');
    expect(sanitizeFileName('foto.jpeg', 'image/jpeg')).toBe('foto.jpeg');
    expect(sanitizeFileName('scan.png', 'image/jpeg')).toBe('scan.png.jpg');
    expect(sanitizeFileName('...', 'image/png')).toBe('Nachweis.png');
    expect(sanitizeFileName(`${'a'.repeat(300)}.pdf`, 'application/pdf')).toHaveLength(100);
    expect(sanitizeFileName('Ka\u0308se.pdf', 'application/pdf')).toBe('Käse.pdf'); // NFC
  });

  it('accepts PDF, JPEG and PNG up to 10 MB and explains anything else in German', () => {
    expect(uploadPolicyErrors({ contentType: 'image/png', sizeBytes: MAX_UPLOAD_BYTES })).toEqual([]);
    expect(uploadPolicyErrors({ contentType: 'image/gif', sizeBytes: 10 })).toEqual([
      { field: 'body/contentType', message: 'Dieses Dateiformat wird nicht angenommen. Erlaubt sind PDF, JPEG und PNG.' },
    ]);
    expect(uploadPolicyErrors({ contentType: 'application/pdf', sizeBytes: MAX_UPLOAD_BYTES + 1 })[0]?.message).toMatch(/größer als 10 MB/);
  });
});

describe('POST /uploads', () => {
  const event = (request: unknown) => httpEvent({ routeKey: 'POST /uploads', caller: citizen, body: request });

  it('records the upload for its owner with a 24 h TTL and returns a PUT URL bound to type and size', async () => {
    ddb.on(PutCommand).resolves({});
    const result = await call(createUploadHandler, event({ kind: 'vehicle-registration', fileName: 'ZB1.pdf', contentType: 'application/pdf', sizeBytes: 123456 }));
    expect(result.statusCode).toBe(201);
    const { uploadId, url } = result.body;
    expect(result.body).toMatchObject({ kind: 'vehicle-registration', fileName: 'ZB1.pdf', contentType: 'application/pdf', sizeBytes: 123456, method: 'PUT', headers: { 'content-type': 'application/pdf' }, expiresInSeconds: 900 });

    const put = ddb.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(put.Item).toMatchObject({
      PK: `rommerskirchen#UPLOAD#${uploadId}`,
      SK: 'UPLOAD',
      ownerId: 'citizen-1',
      key: `rommerskirchen/uploads/${uploadId}`,
      contentType: 'application/pdf',
      sizeBytes: 123456,
    });
    const ttl = put.Item!.expiresAt as number;
    expect(ttl - Math.floor(Date.now() / 1000)).toBeGreaterThan(24 * 3600 - 60);
    expect(ttl - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(24 * 3600);

    const signed = new URL(url);
    expect(signed.pathname).toContain(`rommerskirchen/uploads/${uploadId}`);
    expect(signed.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(signed.searchParams.get('X-Amz-Expires')).toBe('900');
    // No checksum of an empty body in the URL (the SDK default would break every real upload).
    expect(signed.searchParams.has('x-amz-checksum-crc32')).toBe(false);
  });

  it('refuses other file types and files over 10 MB with a German 422', async () => {
    const gif = await call(createUploadHandler, event({ kind: 'photo', fileName: 'a.gif', contentType: 'image/gif', sizeBytes: 10 }));
    expect(gif.statusCode).toBe(422);
    expect(gif.body.detail).toMatch(/Erlaubt sind PDF, JPEG und PNG/);
    const big = await call(createUploadHandler, event({ kind: 'photo', fileName: 'a.png', contentType: 'image/png', sizeBytes: MAX_UPLOAD_BYTES + 1 }));
    expect(big.statusCode).toBe(422);
    expect(big.body.errors).toEqual([expect.objectContaining({ field: 'body/sizeBytes' })]);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('rejects malformed requests with 400 before anything is written', async () => {
    for (const bad of [{ kind: 'Foto!', fileName: 'a.png', contentType: 'image/png', sizeBytes: 1 }, { kind: 'x', fileName: 'a.png', contentType: 'image/png', sizeBytes: 0 }, { kind: 'x', fileName: 'a.png', contentType: 'image/png', sizeBytes: 1.5 }, { kind: 'x', fileName: '', contentType: 'image/png', sizeBytes: 1 }]) {
      expect((await call(createUploadHandler, event(bad))).statusCode).toBe(400);
    }
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('claimUpload', () => {
  const record = {
    PK: 'rommerskirchen#UPLOAD#u-1',
    SK: 'UPLOAD',
    uploadId: 'u-1',
    tenantId: 'rommerskirchen',
    ownerId: 'citizen-1',
    kind: 'vehicle-registration',
    fileName: 'ZB1.pdf',
    contentType: 'application/pdf',
    sizeBytes: 2048,
    key: 'rommerskirchen/uploads/u-1',
    createdAt: '2026-11-24T10:00:00.000Z',
    expiresAt: Math.floor(Date.parse('2026-11-25T10:00:00.000Z') / 1000),
  };
  const now = new Date('2026-11-24T10:30:00.000Z');
  const claim = (overrides: Partial<Parameters<typeof claimUpload>[1]> = {}) =>
    claimUpload(db, { tenantId: 'rommerskirchen', uploadId: 'u-1', ownerId: 'citizen-1', expectedKinds: ['vehicle-registration'], now, ...overrides });

  function stored(item: Record<string, unknown> | null = record, head = { ContentType: 'application/pdf', ContentLength: 2048 }, bytes = PDF_HEAD) {
    ddb.on(GetCommand).resolves(item ? { Item: item } : {});
    ddb.on(UpdateCommand).resolves({});
    s3.on(HeadObjectCommand).resolves(head);
    s3.on(GetObjectCommand).resolves({ Body: body(bytes) });
  }

  it('checks the stored object and links the upload once, returning an uploaded DocumentRef', async () => {
    stored();
    const ref = await claim({ title: 'Zulassungsbescheinigung Teil I' });
    expect(ref).toEqual({
      documentId: 'u-1',
      kind: 'vehicle-registration',
      title: 'Zulassungsbescheinigung Teil I',
      fileName: 'ZB1.pdf',
      contentType: 'application/pdf',
      key: 'rommerskirchen/uploads/u-1',
      direction: 'uploaded',
      createdAt: '2026-11-24T10:00:00.000Z',
    });
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({ Key: { PK: 'rommerskirchen#UPLOAD#u-1', SK: 'UPLOAD' }, ConsistentRead: true });
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toMatchObject({ Key: 'rommerskirchen/uploads/u-1', Range: 'bytes=0-7' });
    const update = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.ConditionExpression).toBe('attribute_exists(PK) AND ownerId = :owner AND (attribute_not_exists(linkedAt))');
    expect(update.UpdateExpression).toContain('REMOVE expiresAt');
  });

  it("hides another user's upload, an unknown one and an expired one as not found", async () => {
    stored({ ...record, ownerId: 'someone-else' });
    await expect(claim()).rejects.toBeInstanceOf(UploadNotFound);
    stored(null);
    await expect(claim()).rejects.toBeInstanceOf(UploadNotFound);
    stored();
    await expect(claim({ now: new Date('2026-11-25T10:00:01.000Z') })).rejects.toBeInstanceOf(UploadNotFound);
    await expect(claim({ uploadId: 'u#1' })).rejects.toBeInstanceOf(UploadNotFound);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('refuses a second claim (already linked, or lost the race) with a conflict', async () => {
    stored({ ...record, linkedAt: '2026-11-24T10:10:00.000Z' });
    await expect(claim()).rejects.toBeInstanceOf(Conflict);
    stored();
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await expect(claim()).rejects.toBeInstanceOf(Conflict);
  });

  it('lets a retried submission link the same upload to the same application again', async () => {
    stored({ ...record, linkedAt: '2026-11-24T10:10:00.000Z', linkedTo: 'app-1' });
    await expect(claim({ linkedTo: 'app-1' })).resolves.toMatchObject({ documentId: 'u-1' });
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ConditionExpression).toContain('OR linkedTo = :to');
    stored({ ...record, linkedAt: '2026-11-24T10:10:00.000Z', linkedTo: 'app-1' });
    await expect(claim({ linkedTo: 'app-2' })).rejects.toBeInstanceOf(Conflict);
  });

  it('refuses a kind the service does not expect, a missing object, another type or size, and wrong magic bytes', async () => {
    stored();
    await expect(claim({ expectedKinds: ['company-car-contract'] })).rejects.toBeInstanceOf(UploadRejected);
    stored();
    s3.on(HeadObjectCommand).rejects(Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }));
    await expect(claim()).rejects.toThrow(/noch nicht vollständig hochgeladen/);
    stored(record, { ContentType: 'image/png', ContentLength: 2048 });
    await expect(claim()).rejects.toThrow(/entspricht nicht den Angaben/);
    stored(record, { ContentType: 'application/pdf', ContentLength: 2047 });
    await expect(claim()).rejects.toThrow(/entspricht nicht den Angaben/);
    stored(record, undefined, [0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]); // an executable, declared as PDF
    await expect(claim()).rejects.toThrow(/keine gültige PDF-, JPEG- oder PNG-Datei/);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});

describe('issued documents', () => {
  it('stores the bytes below the application and returns an issued DocumentRef', async () => {
    s3.on(PutObjectCommand).resolves({});
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46]);
    const ref = await putIssuedDocument({
      tenantId: 'rommerskirchen',
      applicationId: 'app-1',
      kind: 'permit',
      title: 'Bewohnerparkausweis',
      fileName: 'Bewohnerparkausweis RO-BPA-2026-000123.pdf',
      contentType: 'application/pdf',
      bytes,
      documentId: 'doc-1',
      now: new Date('2026-11-24T11:00:00.000Z'),
    });
    expect(ref).toEqual({
      documentId: 'doc-1',
      kind: 'permit',
      title: 'Bewohnerparkausweis',
      fileName: 'Bewohnerparkausweis RO-BPA-2026-000123.pdf',
      contentType: 'application/pdf',
      key: 'rommerskirchen/applications/app-1/doc-1-Bewohnerparkausweis RO-BPA-2026-000123.pdf',
      direction: 'issued',
      createdAt: '2026-11-24T11:00:00.000Z',
    });
    const put = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(put).toMatchObject({ Bucket: 'openkreis-test-documents', Key: ref.key, ContentType: 'application/pdf', ContentLength: 4 });
    expect(put).not.toHaveProperty('ACL');
    expect(put).not.toHaveProperty('ServerSideEncryption'); // the bucket's default KMS key applies
  });

  it('presigns a 5-minute download under the file name, only below the tenant prefix', async () => {
    const url = new URL(await presignDownload('rommerskirchen', { key: 'rommerskirchen/applications/app-1/doc-1-Ausweis.pdf', fileName: 'Ausweis.pdf', contentType: 'application/pdf' }, 300));
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('response-content-disposition')).toBe(`attachment; filename="Ausweis.pdf"; filename*=UTF-8''Ausweis.pdf`);
    await expect(presignDownload('rommerskirchen', { key: 'neuss/applications/x/y.pdf', fileName: 'y.pdf', contentType: 'application/pdf' }, 300)).rejects.toThrow(/tenant prefix/);
  });

  it('writes an ASCII fallback and the UTF-8 name into Content-Disposition', () => {
    expect(contentDisposition('Meldebestätigung (Kopie).pdf')).toBe(`attachment; filename="Meldebestaetigung (Kopie).pdf"; filename*=UTF-8''Meldebest%C3%A4tigung%20%28Kopie%29.pdf`);
  });
});
