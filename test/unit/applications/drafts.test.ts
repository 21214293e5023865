import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_DRAFT_BYTES } from '../../../functions/applications/drafts/domain.ts';
import { handler as deleteDraft } from '../../../functions/applications/drafts/delete-draft.handler.ts';
import { handler as getDraft } from '../../../functions/applications/drafts/get-draft.handler.ts';
import { handler as listDrafts } from '../../../functions/applications/drafts/list-drafts.handler.ts';
import { handler as putDraft } from '../../../functions/applications/drafts/put-draft.handler.ts';
import { call, httpEvent } from '../../support/events.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const NOW = new Date('2026-03-10T10:00:00.000Z');
const citizen = { tenantId: 'neuss', roles: ['citizen' as const], sub: 'citizen-1' };
const PK = 'neuss#DRAFT#citizen-1';
const form = { applicant: { givenName: 'Erika' }, plate: 'NE-AB 1' };

const storedDraft = (overrides: Record<string, unknown> = {}) => ({
  PK,
  SK: 'DRAFT#resident-parking',
  serviceId: 'resident-parking',
  form,
  step: 'fahrzeug',
  version: 3,
  updatedAt: '2026-03-01T09:00:00.000Z',
  draftExpiresAt: '2026-03-31T09:00:00.000Z',
  expiresAt: 1774947600,
  ...overrides,
});
const storedNotice = (draftExpiresAt: string) => ({ PK, SK: 'EXPIRY#resident-parking', serviceId: 'resident-parking', draftExpiresAt, expiresAt: 1 });

const get = (serviceId = 'resident-parking', caller = citizen) =>
  call(getDraft, httpEvent({ routeKey: 'GET /drafts/{serviceId}', caller, pathParameters: { serviceId } }));
const put = (body: unknown, headers: Record<string, string> = {}, serviceId = 'resident-parking') =>
  call(putDraft, httpEvent({ routeKey: 'PUT /drafts/{serviceId}', caller: citizen, pathParameters: { serviceId }, body, headers }));
const transaction = () => ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('GET /drafts/{serviceId}', () => {
  it("answers the caller's draft with its version as ETag, reading the draft and its notice in one call", async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { 'openkreis-test-data': [storedDraft(), storedNotice('2026-03-31T09:00:00.000Z')] } });
    const result = await get();
    expect(result.statusCode).toBe(200);
    expect(result.headers.etag).toBe('"3"');
    expect(result.body).toEqual({ serviceId: 'resident-parking', form, step: 'fahrzeug', version: 3, updatedAt: '2026-03-01T09:00:00.000Z', expiresAt: '2026-03-31T09:00:00.000Z' });
    const keys = ddb.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!['openkreis-test-data']!.Keys;
    // The caller's own partition, from the token: tenant and user id.
    expect(keys).toEqual([
      { PK, SK: 'DRAFT#resident-parking' },
      { PK, SK: 'EXPIRY#resident-parking' },
    ]);
  });

  it.each([
    ['the draft is past its expiry but not deleted yet', [storedDraft({ draftExpiresAt: '2026-03-09T09:00:00.000Z' })]],
    ['only its notice is left', [storedNotice('2026-03-09T09:00:00.000Z')]],
  ])('tells with 410 when and why the draft was deleted when %s', async (_case, items) => {
    ddb.on(BatchGetCommand).resolves({ Responses: { 'openkreis-test-data': items } });
    const result = await get();
    expect(result.statusCode).toBe(410);
    expect(result.body.detail).toBe('Ihr Entwurf für „Bewohnerparkausweis“ wurde am 09.03.2026 gelöscht, weil er 30 Tage lang nicht gespeichert wurde. Bitte beginnen Sie den Antrag neu.');
    expect(JSON.stringify(result.body)).not.toContain('Erika');
  });

  it('answers 404 when there is no draft, and refuses an unknown service before reading anything', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { 'openkreis-test-data': [] } });
    const none = await get();
    expect(none.statusCode).toBe(404);
    expect(none.body.detail).toBe('Sie haben keinen Entwurf für „Bewohnerparkausweis“.');
    ddb.reset();
    const unknown = await get('constructor');
    expect(unknown.statusCode).toBe(404);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('PUT /drafts/{serviceId}', () => {
  it('creates a draft kept for 30 days, with its expiry notice kept 90 days longer, in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const uploads = { 'vehicle/proofUploadId': { fileName: 'leasingvertrag.pdf', sizeBytes: 120_000 } };
    const result = await put({ form, step: 'wohnung', uploads });
    expect(result.statusCode).toBe(201);
    expect(result.headers.etag).toBe('"1"');
    expect(result.body).toEqual({ serviceId: 'resident-parking', form, step: 'wohnung', uploads, version: 1, updatedAt: NOW.toISOString(), expiresAt: '2026-04-09T10:00:00.000Z' });
    const [draft, notice] = transaction();
    expect(draft!.Put).toMatchObject({
      Item: { PK, SK: 'DRAFT#resident-parking', form, step: 'wohnung', uploads, version: 1, draftExpiresAt: '2026-04-09T10:00:00.000Z', expiresAt: Date.parse('2026-04-09T10:00:00.000Z') / 1000 },
      // A new draft may replace one that expired and waits for DynamoDB's TTL, never a live one.
      ConditionExpression: 'attribute_not_exists(PK) OR draftExpiresAt <= :now',
      ExpressionAttributeValues: { ':now': NOW.toISOString() },
    });
    expect(notice!.Put!.Item).toEqual({ PK, SK: 'EXPIRY#resident-parking', serviceId: 'resident-parking', draftExpiresAt: '2026-04-09T10:00:00.000Z', expiresAt: Date.parse('2026-07-08T10:00:00.000Z') / 1000 });
  });

  it('saves the next version of the draft the client holds (If-Match) and moves its expiry ahead', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const result = await put({ form }, { 'if-match': '"3"' });
    expect(result.statusCode).toBe(200);
    expect(result.headers.etag).toBe('"4"');
    expect(result.body).toMatchObject({ version: 4, expiresAt: '2026-04-09T10:00:00.000Z' });
    expect(result.body).not.toHaveProperty('step');
    expect(transaction()[0]!.Put).toMatchObject({
      ConditionExpression: 'version = :expected AND draftExpiresAt > :now',
      ExpressionAttributeValues: { ':expected': 3, ':now': NOW.toISOString() },
    });
  });

  it.each([
    [{}, 'Sie haben schon einen Entwurf für „Bewohnerparkausweis“. Bitte setzen Sie ihn fort oder verwerfen Sie ihn, bevor Sie neu beginnen.'],
    [{ 'if-match': '"2"' }, 'Ihr Entwurf für „Bewohnerparkausweis“ wurde inzwischen an anderer Stelle gespeichert oder ist abgelaufen (z. B. in einem anderen Fenster). Bitte laden Sie ihn neu.'],
  ])('answers 409 in German when the condition fails (headers %j)', async (headers, detail) => {
    const cancelled = Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] });
    ddb.on(TransactWriteCommand).rejects(cancelled);
    const result = await put({ form }, headers);
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toBe(detail);
  });

  it.each([
    ['a form larger than 64 KB', { form: { text: 'x'.repeat(MAX_DRAFT_BYTES) } }, 'body/form', 'Der Entwurf ist zu groß (höchstens 64 KB).'],
    ['a form nested deeper than 12 levels', { form: JSON.parse(`${'{"a":'.repeat(13)}1${'}'.repeat(13)}`) }, 'body/form', 'Der Entwurf ist tiefer als 12 Ebenen verschachtelt.'],
    ['a form that is a list', { form: [] }, 'body/form', expect.any(String)],
    ['an unknown field', { form, owner: 'someone-else' }, 'body/owner', 'Unbekanntes Feld.'],
    ['a step that is no step id', { form, step: '../x' }, 'body/step', 'Ungültiger Schritt.'],
    ['an upload without a file name', { form, uploads: { proof: { fileName: '', sizeBytes: 1 } } }, 'body/uploads/proof/fileName', expect.any(String)],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_case, body, field, message) => {
    const result = await put(body);
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual(expect.arrayContaining([{ field, message }]));
    expect(ddb.calls()).toHaveLength(0);
  });

  it('refuses an If-Match that is no version number, and a service that does not exist', async () => {
    const badHeader = await put({ form }, { 'if-match': '"abc"' });
    expect(badHeader.statusCode).toBe(400);
    expect(badHeader.body.errors).toEqual([{ field: 'header/if-match', message: 'Keine gültige Versionsnummer.' }]);
    const unknown = await put({ form }, {}, 'sperrmuell');
    expect(unknown.statusCode).toBe(404);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('DELETE /drafts/{serviceId} and GET /drafts', () => {
  it('removes the draft and its notice in one write and answers 204', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const result = await call(deleteDraft, httpEvent({ routeKey: 'DELETE /drafts/{serviceId}', caller: citizen, pathParameters: { serviceId: 'business-registration' } }));
    expect(result.statusCode).toBe(204);
    expect(transaction()).toEqual([
      { Delete: { TableName: 'openkreis-test-data', Key: { PK, SK: 'DRAFT#business-registration' } } },
      { Delete: { TableName: 'openkreis-test-data', Key: { PK, SK: 'EXPIRY#business-registration' } } },
    ]);
  });

  it("lists the caller's live drafts without their content and the drafts that expired, from one query", async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        storedDraft({ SK: 'DRAFT#business-registration', serviceId: 'business-registration', step: 'personen', version: 2 }),
        storedNotice('2026-03-31T09:00:00.000Z'),
        { ...storedNotice('2026-03-31T09:00:00.000Z'), SK: 'EXPIRY#business-registration', serviceId: 'business-registration' },
        { ...storedNotice('2026-02-28T08:00:00.000Z'), SK: 'EXPIRY#address-change', serviceId: 'address-change' },
      ],
    });
    const result = await call(listDrafts, httpEvent({ routeKey: 'GET /drafts', caller: citizen }));
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({
      items: [{ serviceId: 'business-registration', serviceTitle: 'Gewerbe anmelden', step: 'personen', version: 2, updatedAt: '2026-03-01T09:00:00.000Z', expiresAt: '2026-03-31T09:00:00.000Z' }],
      expired: [{ serviceId: 'address-change', serviceTitle: 'Anmeldung nach Umzug (mit Fahrzeugen)', expiredAt: '2026-02-28T08:00:00.000Z' }],
    });
    expect(JSON.stringify(result.body)).not.toContain('Erika');
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': PK } });
  });
});
