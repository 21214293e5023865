import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, httpEvent, type TestCaller } from '../../../support/events.ts';
import { recordedAudit } from '../../../support/unit-setup.ts';
import { SHEET_ID, TIFF_HEAD, PDF_HEAD, UPLOAD_ID, admin, cancelledAt, caseworker, citizen, scanRecord, storedSheet } from './fixtures.ts';

const { handler: createUpload } = await import('../../../../functions/services/building-encumbrances/create-upload.handler.ts');
const { handler: createSheet } = await import('../../../../functions/services/building-encumbrances/create-sheet.handler.ts');
const { handler: addVersion } = await import('../../../../functions/services/building-encumbrances/add-version.handler.ts');
const { handler: deleteSheet } = await import('../../../../functions/services/building-encumbrances/delete-sheet.handler.ts');
const { handler: searchSheets } = await import('../../../../functions/services/building-encumbrances/search-sheets.handler.ts');
const { handler: getSheet } = await import('../../../../functions/services/building-encumbrances/get-sheet.handler.ts');
const { handler: sheetFile } = await import('../../../../functions/services/building-encumbrances/sheet-file.handler.ts');
const { handler: accessLog } = await import('../../../../functions/services/building-encumbrances/access-log.handler.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

const headKey = { PK: `neuss#BL-SHEET#${SHEET_ID}`, SK: 'HEAD' };
const uploadKey = { PK: `neuss#BL-UPLOAD#${UPLOAD_ID}`, SK: 'UPLOAD' };
const body = (bytes: number[]) => ({ transformToByteArray: async () => Uint8Array.from(bytes) }) as never;

beforeEach(() => {
  ddb.reset();
  s3.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-10T10:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

function request(routeKey: string, options: { caller?: TestCaller; body?: unknown; query?: Record<string, string>; pathParameters?: Record<string, string> } = {}) {
  return httpEvent({ routeKey, caller: options.caller ?? caseworker, ...options });
}

/** The upload exists, is the caseworker's, and S3 holds a TIFF of the declared size. */
function scanInS3(head: number[] = TIFF_HEAD) {
  ddb.on(GetCommand, { Key: uploadKey }).resolves({ Item: { ...uploadKey, ...scanRecord() } });
  s3.on(HeadObjectCommand).resolves({ ContentType: 'image/tiff', ContentLength: 40_000, ETag: '"etag-1"' });
  s3.on(GetObjectCommand).resolves({ Body: body(head) });
  s3.on(CopyObjectCommand).resolves({});
}

const registration = (overrides: Record<string, unknown> = {}) => ({
  uploadId: UPLOAD_ID,
  baulastenblatt: ' b 1234 ',
  parcels: [{ gemarkung: '053404', gemarkungName: 'Neuss', flur: '012', flurstueck: '123/04' }],
  kind: 'abstandsflaechen',
  content: 'Übernahme der Abstandfläche zugunsten Flurstück 125.',
  eintragungsdatum: '2001-03-02',
  ...overrides,
});

describe('POST /baulasten/uploads', () => {
  const upload = (request_: unknown, caller: TestCaller = caseworker) => call(createUpload, request('POST /baulasten/uploads', { caller, body: request_ }));

  it('takes a TIFF scan: records the upload with a 24 h TTL and returns a PUT URL bound to type and size', async () => {
    ddb.on(PutCommand).resolves({});
    const result = await upload({ fileName: 'C:\\Scans\\Blatt 1234.TIF', contentType: 'image/tiff', sizeBytes: 40_000 });
    expect(result.statusCode).toBe(201);
    expect(result.body).toMatchObject({ fileName: 'Blatt 1234.tif', contentType: 'image/tiff', sizeBytes: 40_000, method: 'PUT', headers: { 'content-type': 'image/tiff' }, expiresInSeconds: 900 });
    const url = new URL(result.body.url);
    expect(url.pathname).toMatch(new RegExp(`/neuss/baulasten/uploads/${result.body.uploadId}$`));
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    const put = ddb.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put.Item).toMatchObject({ PK: `neuss#BL-UPLOAD#${result.body.uploadId}`, ownerId: 'cw-1', expiresAt: Math.floor(Date.now() / 1000) + 86_400 });
  });

  it('refuses other formats and files over 50 MB with 422 naming the allowed ones, and citizens altogether', async () => {
    const gif = await upload({ fileName: 'scan.gif', contentType: 'image/gif', sizeBytes: 10 });
    expect(gif.statusCode).toBe(422);
    expect(gif.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(gif.body.errors).toEqual([{ field: 'body/contentType', message: expect.stringContaining('Erlaubt sind PDF (application/pdf), TIFF (image/tiff), PNG (image/png) und JPEG (image/jpeg)') }]);
    const big = await upload({ fileName: 'scan.pdf', contentType: 'application/pdf', sizeBytes: 60 * 1024 * 1024 });
    expect(big.statusCode).toBe(422);
    expect(big.body.errors[0]).toEqual({ field: 'body/sizeBytes', message: expect.stringContaining('größer als 50 MB') });
    expect((await upload({ fileName: 'scan.pdf', contentType: 'application/pdf', sizeBytes: 0 })).statusCode).toBe(400);
    expect((await upload({ fileName: 'scan.pdf', contentType: 'application/pdf', sizeBytes: 10 }, citizen)).statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('POST /baulasten/sheets', () => {
  const register = (request_: unknown) => call(createSheet, request('POST /baulasten/sheets', { body: request_ }));

  it('copies the checked scan to version 1 of its own and writes head, version, lock, index and upload in one transaction', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).resolves({});
    scanInS3();
    ddb.on(TransactWriteCommand).resolves({});

    const result = await register(registration());
    expect(result.statusCode).toBe(201);
    const sheetId = result.body.sheetId;
    expect(result.headers.location).toBe(`/baulasten/sheets/${sheetId}`);
    expect(result.body).toMatchObject({ version: 1, baulastenblatt: 'B 1234', laufendeNummer: 1, status: 'valid', parcels: [{ gemarkung: '3404', gemarkungName: 'Neuss', flur: '12', flurstueck: '123/4' }] });

    const copy = s3.commandCalls(CopyObjectCommand)[0]!.args[0].input;
    expect(copy).toMatchObject({
      Key: `neuss/baulasten/sheets/${sheetId}/v1-${UPLOAD_ID}.tif`,
      CopySource: `openkreis-test-documents/neuss/baulasten/uploads/${UPLOAD_ID}`,
      CopySourceIfMatch: '"etag-1"',
    });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Put).toMatchObject({ Item: { PK: `neuss#BL-SHEET#${sheetId}`, SK: 'HEAD', version: 1 }, ConditionExpression: 'attribute_not_exists(PK)' });
    expect(items[1]!.Put).toMatchObject({ Item: { PK: `neuss#BL-SHEET#${sheetId}`, SK: 'V#000001', change: 'created' }, ConditionExpression: 'attribute_not_exists(PK)' });
    expect(items[2]!.Put).toMatchObject({ Item: { PK: 'neuss#BL-SHEETNO#B 1234#1', SK: 'LOCK', sheetId }, ConditionExpression: 'attribute_not_exists(PK)' });
    expect(items[3]!.Update).toMatchObject({ Key: uploadKey, ConditionExpression: 'attribute_exists(PK) AND ownerId = :owner AND attribute_not_exists(linkedAt)' });
    expect(items[4]!.Put!.Item).toMatchObject({ SK: 'PARCEL#3404#12#123/4', GSI1PK: 'neuss#PARCEL#3404#12#123/4', GSI1SK: `B 1234#001#${sheetId}`, status: 'valid' });
    expect(items[5]!.Put).toMatchObject({ Item: { PK: 'neuss#BL-GEMARKUNG', SK: 'NR#3404', name: 'Neuss' }, ConditionExpression: 'attribute_not_exists(PK) OR normalisedName = :normalised' });
  });

  it('refuses dates in the wrong order with 422 before touching the scan', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).resolves({});
    scanInS3();
    const result = await register(registration({ status: 'deleted', loeschungsdatum: '1999-01-01' }));
    expect(result.statusCode).toBe(422);
    expect(result.body.errors).toEqual([{ field: 'body/loeschungsdatum', message: expect.stringContaining('vor dem Eintragungsdatum') }]);
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers invalid parcel identifiers and dates with 400 naming each field in German', async () => {
    const result = await register(registration({ parcels: [{ gemarkung: '99', flur: '1234', flurstueck: 'abc' }], eintragungsdatum: '02.03.2001' }));
    expect(result.statusCode).toBe(400);
    expect(result.body.errors.map((e: { field: string }) => e.field)).toEqual(['body/parcels/0/gemarkung', 'body/parcels/0/flur', 'body/parcels/0/flurstueck', 'body/eintragungsdatum']);
    expect(result.body.errors[3].message).toBe('Bitte ein Datum im Format JJJJ-MM-TT angeben.');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('refuses a file whose content is not what was declared (422) and an entry that is already registered (409)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).resolves({});
    scanInS3(PDF_HEAD);
    const wrong = await register(registration());
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body.detail).toBe('Die Datei ist keine gültige TIFF-Datei. Bitte laden Sie den Scan erneut hoch.');

    ddb.on(GetCommand, { Key: { PK: 'neuss#BL-SHEETNO#B 1234#1', SK: 'LOCK' } }).resolves({ Item: { sheetId: 'other' } });
    const taken = await register(registration());
    expect(taken.statusCode).toBe(409);
    expect(taken.body.detail).toMatch(/Baulastenblatt B 1234, lfd. Nr. 1 ist bereits erfasst/);
  });

  it('maps a lost race for the entry or the upload to 409 with the reason', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).resolves({});
    scanInS3();
    ddb.on(TransactWriteCommand).rejectsOnce(cancelledAt(2, 6)).rejectsOnce(cancelledAt(3, 6));
    expect((await register(registration())).body.detail).toMatch(/bereits erfasst/);
    expect((await register(registration())).body.detail).toMatch(/Scan wurde bereits einer Baulast zugeordnet/);
  });

  it('resolves a Gemarkung given by name, and refuses one the register does not know (422)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ number: '3404', name: 'Neuss' }] });
    ddb.on(GetCommand).resolves({});
    scanInS3();
    ddb.on(TransactWriteCommand).resolves({});
    const byName = await register(registration({ parcels: [{ gemarkung: 'neuss', flur: '12', flurstueck: '123/4' }] }));
    expect(byName.statusCode).toBe(201);
    expect(byName.body.parcels[0]).toMatchObject({ gemarkung: '3404', gemarkungName: 'Neuss' });
    const unknown = await register(registration({ parcels: [{ gemarkung: 'Atlantis', flur: '12', flurstueck: '123/4' }] }));
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'body/parcels/0/gemarkung', message: expect.stringContaining('„Atlantis“ ist uns nicht bekannt') }]);
  });
});

describe('POST /baulasten/sheets/{id}/versions', () => {
  const revise = (request_: unknown) => call(addVersion, request('POST /baulasten/sheets/{id}/versions', { pathParameters: { id: SHEET_ID }, body: request_ }));

  it('appends version 2 with a new scan under a new key: the head only if still at version 1, never writing version 1 again', async () => {
    ddb.on(GetCommand, { Key: headKey }).resolves({ Item: { ...headKey, ...storedSheet() } });
    scanInS3();
    ddb.on(TransactWriteCommand).resolves({});
    const result = await revise({ basedOnVersion: 1, note: 'Besserer Scan (300 dpi)', uploadId: UPLOAD_ID });
    expect(result.statusCode).toBe(201);
    expect(result.body).toMatchObject({ version: 2, change: 'revised', note: 'Besserer Scan (300 dpi)' });
    expect(s3.commandCalls(CopyObjectCommand)[0]!.args[0].input.Key).toBe(`neuss/baulasten/sheets/${SHEET_ID}/v2-${UPLOAD_ID}.tif`);

    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Put).toMatchObject({ Item: { ...headKey, version: 2 }, ConditionExpression: '#version = :previous', ExpressionAttributeValues: { ':previous': 1 } });
    expect(items[1]!.Put).toMatchObject({ Item: { SK: 'V#000002' }, ConditionExpression: 'attribute_not_exists(PK)' });
    const keys = items.flatMap((item) => [item.Put?.Item?.SK, item.Delete?.Key?.SK, item.Update?.Key?.SK]).filter(Boolean);
    expect(keys).not.toContain('V#000001');
  });

  it('moves the parcel index when a parcel is corrected, keeping the scan', async () => {
    ddb.on(GetCommand, { Key: headKey }).resolves({ Item: { ...headKey, ...storedSheet() } });
    ddb.on(QueryCommand).resolves({ Items: [{ number: '3404', name: 'Neuss' }] });
    ddb.on(TransactWriteCommand).resolves({});
    const result = await revise({ basedOnVersion: 1, note: 'Flurstück berichtigt', changes: { parcels: [{ gemarkung: '3404', flur: '12', flurstueck: '124' }] } });
    expect(result.statusCode).toBe(201);
    expect(result.body.file.fileName).toBe('Baulastenblatt 1234.tif');
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.find((item) => item.Delete)!.Delete!.Key).toEqual({ PK: headKey.PK, SK: 'PARCEL#3404#12#123/4' });
    expect(items.find((item) => item.Put?.Item?.GSI1PK)!.Put!.Item!.GSI1PK).toBe('neuss#PARCEL#3404#12#124');
    expect(s3.calls()).toHaveLength(0);
  });

  it('refuses a change based on an old version (409) before looking at the scan', async () => {
    ddb.on(GetCommand, { Key: headKey }).resolves({ Item: { ...headKey, ...storedSheet({ version: 3 }) } });
    const result = await revise({ basedOnVersion: 2, note: 'Besserer Scan', uploadId: UPLOAD_ID });
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toMatch(/aktuell ist Fassung 3/);
    expect(s3.calls()).toHaveLength(0);
  });

  it('maps a concurrent version (head condition failed) to 409', async () => {
    ddb.on(GetCommand, { Key: headKey }).resolves({ Item: { ...headKey, ...storedSheet() } });
    ddb.on(TransactWriteCommand).rejects(cancelledAt(0, 3));
    const result = await revise({ basedOnVersion: 1, note: 'Text', changes: { content: 'Neu gefasster Inhalt.' } });
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toMatch(/gerade von jemand anderem geändert/);
  });
});

describe('POST /baulasten/sheets/{id}/delete', () => {
  const remove = (request_: unknown) => call(deleteSheet, request('POST /baulasten/sheets/{id}/delete', { pathParameters: { id: SHEET_ID }, body: request_ }));

  it('records the Löschung as a new version (reason, date, who) and keeps everything', async () => {
    ddb.on(GetCommand, { Key: headKey }).resolves({ Item: { ...headKey, ...storedSheet() } });
    ddb.on(TransactWriteCommand).resolves({});
    const result = await remove({ reason: 'Verzicht nach Abbruch des Gebäudes', loeschungsdatum: '2026-03-09' });
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ status: 'deleted', statusLabel: 'gelöscht', version: 2, loeschungsdatum: '2026-03-09', deletion: { by: 'cw-1' } });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.some((item) => item.Delete)).toBe(false);
    expect(items.find((item) => item.Put?.Item?.GSI1PK)!.Put!.Item).toMatchObject({ status: 'deleted' });
  });

  it('refuses to delete twice (409), a short reason (400), and a date before the entry (422)', async () => {
    ddb.on(GetCommand, { Key: headKey }).resolves({ Item: { ...headKey, ...storedSheet({ status: 'deleted', loeschungsdatum: '2026-01-01' }) } });
    expect((await remove({ reason: 'Verzicht nach Abbruch' })).statusCode).toBe(409);
    expect((await remove({ reason: 'kurz' })).body.errors).toEqual([{ field: 'body/reason', message: expect.stringContaining('mindestens 10 Zeichen') }]);
    ddb.on(GetCommand, { Key: headKey }).resolves({ Item: { ...headKey, ...storedSheet() } });
    const early = await remove({ reason: 'Verzicht nach Abbruch', loeschungsdatum: '2000-01-01' });
    expect(early.statusCode).toBe(422);
    expect(early.body.errors[0].field).toBe('body/loeschungsdatum');
  });
});

describe('GET /baulasten/sheets (search by parcel)', () => {
  const search = (query: Record<string, string>, caller: TestCaller = caseworker) => call(searchSheets, request('GET /baulasten/sheets', { caller, query }));

  it('answers from one query of the parcel index (GSI1), never a Scan', async () => {
    ddb.on(QueryCommand, { IndexName: 'GSI1' }).resolves({
      Items: [{ GSI1PK: 'neuss#PARCEL#3404#12#123/4', parcel: {}, sheetId: SHEET_ID, baulastenblatt: '1234', laufendeNummer: 1, kind: 'stellplaetze', content: 'x', status: 'valid', eintragungsdatum: '2001-03-02', version: 1 }],
    });
    ddb.on(QueryCommand, { IndexName: undefined }).resolves({ Items: [{ number: '3404', name: 'Neuss' }] });
    const result = await search({ gemarkung: 'Neuss', flur: '012', flurstueck: '123/4' });
    expect(result.statusCode).toBe(200);
    expect(result.body.parcel).toMatchObject({ gemarkung: '3404', label: 'Gemarkung Neuss (3404), Flur 12, Flurstück 123/4' });
    expect(result.body.items).toEqual([expect.objectContaining({ sheetId: SHEET_ID, kindLabel: 'Stellplatzbaulast', statusLabel: 'gültig' })]);
    const query = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input).find((input) => input.IndexName === 'GSI1')!;
    expect(query).toMatchObject({ KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': 'neuss#PARCEL#3404#12#123/4' } });
    expect(ddb.calls().map((c) => c.args[0].constructor.name)).not.toContain('ScanCommand');
  });

  it('filters by status, and refuses an unknown Gemarkung name (422) and a malformed Flurstück (400)', async () => {
    ddb.on(QueryCommand, { IndexName: 'GSI1' }).resolves({
      Items: ['valid', 'deleted'].map((status, i) => ({ sheetId: `s-${i}`, baulastenblatt: '1', laufendeNummer: i + 1, kind: 'sonstige', content: 'x', status, eintragungsdatum: '2001-03-02', version: 1 })),
    });
    ddb.on(QueryCommand, { IndexName: undefined }).resolves({ Items: [] });
    expect((await search({ gemarkung: '3404', flur: '1', flurstueck: '2', status: 'deleted' })).body.items.map((i: { status: string }) => i.status)).toEqual(['deleted']);
    const unknown = await search({ gemarkung: 'Atlantis', flur: '1', flurstueck: '2' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body.errors[0].field).toBe('query/gemarkung');
    const malformed = await search({ gemarkung: '3404', flur: '1', flurstueck: '2/3/4' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'query/flurstueck', message: expect.stringContaining('Zähler/Nenner') }]);
    expect((await search({ gemarkung: '3404', flur: '1', flurstueck: '2' }, citizen)).statusCode).toBe(403);
  });
});

describe('access to sheets is recorded in the audit trail', () => {
  const file = (query: Record<string, string>, version = '1') =>
    call(sheetFile, request('GET /baulasten/sheets/{id}/versions/{version}/file', { pathParameters: { id: SHEET_ID, version }, query }));

  it('requires a reason for a scan: 400 in German, nothing recorded, no link', async () => {
    const result = await file({});
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual([{ field: 'query/reason', message: expect.stringContaining('Bitte geben Sie den Grund des Zugriffs an') }]);
    expect((await file({ reason: 'x' })).statusCode).toBe(400);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('records who, when, why and which version before handing out a short-lived link', async () => {
    ddb.on(GetCommand, { Key: headKey }).resolves({ Item: { ...headKey, ...storedSheet({ version: 2 }) } });
    ddb.on(GetCommand, { Key: { PK: headKey.PK, SK: 'V#000001' } }).resolves({ Item: storedSheet() });
    const result = await file({ reason: 'Bauantrag 63/123/2026' });
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ version: 1, expiresInSeconds: 300, fileName: 'Baulastenblatt 1234.tif', contentType: 'image/tiff' });
    expect(new URL(result.body.url).pathname).toMatch(new RegExp(`/neuss/baulasten/sheets/${SHEET_ID}/v1-${UPLOAD_ID}\\.tif$`));
    expect(recordedAudit()).toEqual([
      {
        tenantId: 'neuss',
        actorId: 'cw-1',
        role: 'caseworker',
        action: 'read',
        recordType: 'baulast-sheet',
        recordId: SHEET_ID,
        purpose: 'Scan der Fassung 1: Bauantrag 63/123/2026',
        at: '2026-03-10T10:00:00.000Z',
        requestId: expect.any(String),
      },
    ]);
  });

  it('answers 404 for a version that does not exist, without recording anything', async () => {
    ddb.on(GetCommand, { Key: headKey }).resolves({ Item: { ...headKey, ...storedSheet() } });
    ddb.on(GetCommand, { Key: { PK: headKey.PK, SK: 'V#000007' } }).resolves({});
    const result = await file({ reason: 'Prüfung Bauantrag' }, '7');
    expect(result.statusCode).toBe(404);
    expect(recordedAudit()).toEqual([]);
    expect((await file({ reason: 'Prüfung Bauantrag' }, 'zwei')).statusCode).toBe(400);
  });

  it('records a look at the metadata too, and lists the versions', async () => {
    ddb.on(GetCommand, { Key: headKey }).resolves({ Item: { ...headKey, ...storedSheet() } });
    ddb.on(QueryCommand).resolves({ Items: [storedSheet()] });
    const result = await call(getSheet, request('GET /baulasten/sheets/{id}', { pathParameters: { id: SHEET_ID }, query: { reason: 'Anfrage Notariat' } }));
    expect(result.statusCode).toBe(200);
    expect(result.body.versions).toHaveLength(1);
    expect(recordedAudit()).toEqual([expect.objectContaining({ action: 'read', recordType: 'baulast-sheet', recordId: SHEET_ID, purpose: 'Anfrage Notariat' })]);
  });

  it('lists the access log newest first for the tenant admin; a cursor of another partition is refused', async () => {
    ddb.on(GetCommand, { Key: headKey }).resolves({ Item: { ...headKey, ...storedSheet() } });
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          PK: 'neuss#AUDIT#2026-03-10', SK: 'SEQ#000000000007', GSI1PK: `neuss#AUDIT-RECORD#baulast-sheet#${SHEET_ID}`, GSI1SK: '2026-03-10T09:00:00.000Z#000000000007',
          tenantId: 'neuss', seq: 7, day: '2026-03-10', prevHash: 'x', hash: 'y', at: '2026-03-10T09:00:00.000Z', action: 'read', actorId: 'cw-1', role: 'caseworker',
          recordType: 'baulast-sheet', recordId: SHEET_ID, purpose: 'Scan der Fassung 1: Bauantrag',
        },
      ],
    });
    const list = (query: Record<string, string> = {}, caller: TestCaller = admin) =>
      call(accessLog, request('GET /baulasten/sheets/{id}/access-log', { caller, pathParameters: { id: SHEET_ID }, query }));
    const result = await list();
    expect(result.statusCode).toBe(200);
    expect(result.body.items).toEqual([
      { seq: 7, day: '2026-03-10', at: '2026-03-10T09:00:00.000Z', actorId: 'cw-1', role: 'caseworker', action: 'read', actionLabel: 'Gelesen', recordType: 'baulast-sheet', recordId: SHEET_ID, purpose: 'Scan der Fassung 1: Bauantrag' },
    ]);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ IndexName: 'GSI1', ScanIndexForward: false, ExpressionAttributeValues: { ':pk': `neuss#AUDIT-RECORD#baulast-sheet#${SHEET_ID}` } });
    const foreign = Buffer.from(JSON.stringify({ PK: 'juechen#AUDIT#2026-03-10', SK: 'SEQ#1', GSI1PK: 'juechen#AUDIT-RECORD#baulast-sheet#x', GSI1SK: '1' })).toString('base64url');
    expect((await list({ cursor: foreign })).statusCode).toBe(400);
    expect((await list({}, citizen)).statusCode).toBe(403);
  });
});
