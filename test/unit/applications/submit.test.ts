import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Conflict, Unprocessable } from '../../../functions/core/problem.ts';
import { reservationItemKey } from '../../../functions/applications/reservations.ts';
import { CLAIM_LEASE_MS } from '../../../functions/applications/store.ts';
import { requestHash } from '../../../functions/applications/domain.ts';
import { batchGetKeys, commandSequence, serveBatchGetsFromGets } from '../../support/batch-get.ts';
import { call, httpEvent, type TestCaller } from '../../support/events.ts';
import {
  CALLER_EMAIL,
  NOW,
  OTHER_APP_ID,
  TENANT,
  bulkyWaste,
  awsError,
  caseworker,
  citizen,
  conditionFailed,
  givenApplication,
  givenTenant,
  resetBulkyWaste,
  storedApplication,
  tenantConfig,
  transactItems,
  transactionCancelled,
} from './support.ts';

vi.mock('#functions/services/catalog', async () => (await import('./support.ts')).catalogModule());
const uploads = vi.hoisted(() => ({ claimUpload: vi.fn() }));
vi.mock('#functions/documents/uploads', () => uploads);

const { handler: submit } = await import('../../../functions/applications/submit.handler.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const ses = mockClient(SESv2Client);

const KEY = 'order-2026-03-10-0001';
const body = { serviceId: 'bulky-waste', form: { street: 'Oberstraße 12', items: 3 } };
const idempotencyKey = (filedBy: string, key = KEY) => ({ PK: `${TENANT}#IDEMPOTENCY#${filedBy}#${key}`, SK: 'IDEMPOTENCY' });

const post = (options: { caller?: TestCaller; body?: unknown; key?: string | null } = {}) =>
  call(
    submit,
    httpEvent({
      routeKey: 'POST /applications',
      caller: options.caller ?? citizen,
      body: options.body ?? body,
      headers: options.key === null ? {} : { 'idempotency-key': options.key ?? KEY },
    }),
  );

const COUNTER_KEY = { PK: `${TENANT}#COUNTER`, SK: 'CASE#SPM#2026' };

/** Everything a first submission needs: no idempotency record, an active tenant, case number 42, a started workflow. */
function givenFirstSubmission() {
  givenTenant(ddb);
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand, { Key: COUNTER_KEY }).resolves({ Attributes: { seq: 42 } });
  ddb.on(TransactWriteCommand).resolves({});
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:execution', startDate: NOW });
}

/** The write that claimed the idempotency key (a PutItem; a transaction when a value is reserved too). */
const keyClaim = () => ddb.commandCalls(PutCommand)[0]!.args[0].input;
const counterCalls = () => ddb.commandCalls(UpdateCommand).filter((c) => c.args[0].input.Key?.PK === COUNTER_KEY.PK);

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  ses.reset();
  uploads.claimUpload.mockReset();
  resetBulkyWaste();
  ddb.on(GetCommand).resolves({});
  serveBatchGetsFromGets(ddb);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('POST /applications: the Idempotency-Key', () => {
  it.each([
    ['missing', null],
    ['too short', 'abc'],
    ['with characters outside letters, digits, - and _', 'order 2026/03'],
  ])('refuses a request whose key is %s (400) without reading anything', async (_case, key) => {
    const result = await post({ key });
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual([{ field: 'header/idempotency-key', message: 'Fehlt oder ist ungültig.' }]);
    expect(ddb.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers a replay of the same key with the first application (200) and creates nothing, not even a case number', async () => {
    givenTenant(ddb);
    ddb.on(GetCommand, { Key: idempotencyKey('citizen-1') }).resolves({ Item: { ...idempotencyKey('citizen-1'), applicationId: OTHER_APP_ID, requestHash: requestHash(body) } });
    givenApplication(ddb, storedApplication({ applicationId: OTHER_APP_ID, status: 'awaiting-payment', decisionTaskToken: 'never-shown' }), OTHER_APP_ID);
    const result = await post();
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ applicationId: OTHER_APP_ID, status: 'awaiting-payment', statusLabel: 'Wartet auf Zahlung' });
    expect(result.body).not.toHaveProperty('PK');
    expect(result.body).not.toHaveProperty('decisionTaskToken');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('starts the workflow on a replay when the first request stored the application but died before starting it', async () => {
    givenTenant(ddb);
    ddb.on(GetCommand, { Key: idempotencyKey('citizen-1') }).resolves({ Item: { applicationId: OTHER_APP_ID, requestHash: requestHash(body) } });
    givenApplication(ddb, storedApplication({ applicationId: OTHER_APP_ID, status: 'fee-computed', fee: { feeKey: 'pickup', amountCents: 2500, currency: 'EUR', legalBasis: 'X', scheduleValidFrom: '2026-01-01' } }), OTHER_APP_ID);
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:execution', startDate: NOW });
    const result = await post();
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ applicationId: OTHER_APP_ID, status: 'fee-computed' });
    const start = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    // The execution is named after the application: if it does exist, Step Functions refuses a second one.
    expect(start.name).toBe(OTHER_APP_ID);
    expect(JSON.parse(start.input!)).toMatchObject({ tenantId: TENANT, applicationId: OTHER_APP_ID, fee: { amountCents: 2500, caseNumber: 'NE-SPM-2026-000007' } });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(counterCalls()).toHaveLength(0);
  });

  it('answers the replay all the same when the workflow of that application exists already (ExecutionAlreadyExists)', async () => {
    givenTenant(ddb);
    ddb.on(GetCommand, { Key: idempotencyKey('citizen-1') }).resolves({ Item: { applicationId: OTHER_APP_ID, requestHash: requestHash(body) } });
    givenApplication(ddb, storedApplication({ applicationId: OTHER_APP_ID, status: 'fee-computed' }), OTHER_APP_ID);
    sfn.on(StartExecutionCommand).rejects(awsError('ExecutionAlreadyExists'));
    const result = await post();
    expect(result.statusCode).toBe(200);
    expect(result.body.applicationId).toBe(OTHER_APP_ID);
  });

  it('treats the same request with its keys in another order as a replay', async () => {
    givenTenant(ddb);
    ddb.on(GetCommand, { Key: idempotencyKey('citizen-1') }).resolves({ Item: { applicationId: OTHER_APP_ID, requestHash: requestHash(body) } });
    givenApplication(ddb, storedApplication({ applicationId: OTHER_APP_ID }), OTHER_APP_ID);
    const result = await post({ body: { form: { items: 3, street: 'Oberstraße 12' }, serviceId: 'bulky-waste' } });
    expect(result.statusCode).toBe(200);
    expect(result.body.applicationId).toBe(OTHER_APP_ID);
  });

  it('refuses the same key with a different request (422) and creates nothing', async () => {
    givenTenant(ddb);
    ddb.on(GetCommand, { Key: idempotencyKey('citizen-1') }).resolves({ Item: { applicationId: OTHER_APP_ID, requestHash: requestHash(body) } });
    const result = await post({ body: { ...body, form: { ...body.form, items: 4 } } });
    expect(result.statusCode).toBe(422);
    expect(result.body.detail).toContain('Idempotency-Key');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('scopes the key to the caller: the same key of another user is looked up under that user', async () => {
    givenFirstSubmission();
    await post({ caller: { ...citizen, sub: 'citizen-9' } });
    expect(batchGetKeys(ddb)).toContainEqual({ key: idempotencyKey('citizen-9'), consistent: true });
  });
});

describe('POST /applications: what is refused', () => {
  it('refuses a service the catalog does not know (422)', async () => {
    givenTenant(ddb);
    const result = await post({ body: { serviceId: 'gibt-es-nicht', form: {} } });
    expect(result.statusCode).toBe(422);
    expect(result.body.detail).toContain('gibt-es-nicht');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses a known service the tenant does not offer (422)', async () => {
    givenTenant(ddb, { config: tenantConfig({ enabledServices: ['resident-parking'] }) });
    const result = await post();
    expect(result.statusCode).toBe(422);
    expect(result.body.detail).toContain('bulky-waste');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('refuses submissions to a deactivated tenant (409)', async () => {
    givenTenant(ddb, { status: 'deactivated' });
    const result = await post();
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toBe('Diese Verwaltung nimmt derzeit keine Online-Anträge an.');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers an invalid form with 400 naming every failing and every unknown form field', async () => {
    givenTenant(ddb);
    const result = await post({ body: { serviceId: 'bulky-waste', form: { street: 'O', items: 11, colour: 'rot' } } });
    expect(result.statusCode).toBe(400);
    const fields = result.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['body/form/street', 'body/form/items', 'body/form/colour']));
    expect(result.body.errors.find((error: { field: string }) => error.field === 'body/form/items').message).toBe('Höchstens 10 Teile.');
    expect(bulkyWaste.assess).not.toHaveBeenCalled();
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it("passes on the service's own refusal (422) and writes nothing", async () => {
    givenTenant(ddb);
    bulkyWaste.assess.mockRejectedValue(new Unprocessable('Diese Straße wird nicht angefahren.', [{ field: 'body/form/street', message: 'Nicht im Gebiet.' }]));
    const result = await post();
    expect(result.statusCode).toBe(422);
    expect(result.body).toMatchObject({ detail: 'Diese Straße wird nicht angefahren.', errors: [{ field: 'body/form/street' }] });
    expect(bulkyWaste.assess).toHaveBeenCalledWith(body.form, expect.objectContaining({ tenantId: TENANT, now: NOW }));
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('does not let a citizen name an applicantEmail (400)', async () => {
    givenTenant(ddb);
    const result = await post({ body: { ...body, applicantEmail: 'someone-else@example.test' } });
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual([{ field: 'body/applicantEmail', message: 'Nicht erlaubt.' }]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('POST /applications: a first submission', () => {
  it('reads in one call, claims the key, takes the case number, writes the application — in this order', async () => {
    givenFirstSubmission();
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const result = await post();
    expect(result.statusCode).toBe(201);
    // Read everything first → claim the key (only the winner goes on) → case number → the one transaction → the
    // receipt marked sent after sending it.
    expect(commandSequence(ddb)).toEqual(['BatchGetCommand', 'PutCommand', 'UpdateCommand', 'TransactWriteCommand', 'UpdateCommand']);
    expect(batchGetKeys(ddb)).toEqual([
      { key: idempotencyKey('citizen-1'), consistent: true },
      { key: { PK: `${TENANT}#TENANT`, SK: 'CONFIG' }, consistent: true },
      { key: { PK: `${TENANT}#TENANT`, SK: 'PROFILE' }, consistent: true },
    ]);
  });

  it('claims the key for the new application, then stores the application with its fee, timeline and receipt and confirms the claim in one transaction', async () => {
    givenFirstSubmission();
    const result = await post();

    expect(result.statusCode).toBe(201);
    const applicationId = result.body.applicationId as string;
    expect(result.headers.location).toBe(`/applications/${applicationId}`);
    expect(result.body).toMatchObject({ caseNumber: 'NE-SPM-2026-000042', status: 'fee-computed', channel: 'online', fee: { amountCents: 2500 } });
    expect(bulkyWaste.feeFor).toHaveBeenCalledWith(body.form, { tenantId: TENANT, config: tenantConfig(), now: NOW, filer: { applicantId: 'citizen-1', atCounter: false } });

    // The claim: free, or abandoned by a submission that died (its lease expired) with the very same request.
    expect(keyClaim()).toMatchObject({
      ConditionExpression: 'attribute_not_exists(PK) OR (claimExpiresAt < :nowMs AND requestHash = :hash)',
      ExpressionAttributeValues: { ':nowMs': NOW.getTime(), ':hash': requestHash(body) },
      Item: {
        ...idempotencyKey('citizen-1'),
        applicationId,
        requestHash: requestHash(body),
        claimExpiresAt: NOW.getTime() + CLAIM_LEASE_MS,
        expiresAt: NOW.getTime() / 1000 + 48 * 3600,
      },
    });
    expect(counterCalls()[0]!.args[0].input).toMatchObject({ UpdateExpression: 'ADD seq :one', ReturnValues: 'UPDATED_NEW' });
    expect(ddb.commandCalls(PutCommand)[0]!.calledBefore(counterCalls()[0]!)).toBe(true);
    const [confirm, app, event, feeEvent, receipt, ...rest] = transactItems(ddb);
    // The applicant's draft of the service and its expiry notice go in the same write.
    expect(rest).toEqual([
      { Delete: { TableName: expect.any(String), Key: { PK: `${TENANT}#DRAFT#citizen-1`, SK: 'DRAFT#bulky-waste' } } },
      { Delete: { TableName: expect.any(String), Key: { PK: `${TENANT}#DRAFT#citizen-1`, SK: 'EXPIRY#bulky-waste' } } },
    ]);
    // The claim becomes lasting only if it is still this request's (a retry may have taken over an expired one).
    expect(confirm!.Update).toMatchObject({
      Key: idempotencyKey('citizen-1'),
      UpdateExpression: 'REMOVE claimExpiresAt',
      ConditionExpression: 'applicationId = :app',
      ExpressionAttributeValues: { ':app': applicationId },
    });
    expect(app!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: {
        PK: `${TENANT}#APP#${applicationId}`,
        SK: 'META',
        GSI1PK: `${TENANT}#APPLICANT#citizen-1`,
        GSI1SK: `${NOW.toISOString()}#${applicationId}`,
        GSI2PK: `${TENANT}#INBOX#fee-computed`,
        status: 'fee-computed',
        fee: { feeKey: 'pickup', amountCents: 2500, legalBasis: 'Abfallgebührensatzung 2026' },
        applicantId: 'citizen-1',
        applicantEmail: CALLER_EMAIL,
        filedBy: 'citizen-1',
        form: body.form,
        documents: [],
        version: 1,
      },
    });
    expect(event!.Put!.Item).toMatchObject({ PK: `${TENANT}#APP#${applicationId}`, status: 'submitted', actor: 'citizen-1', note: 'Online eingereicht' });
    expect(String(event!.Put!.Item!.SK)).toMatch(new RegExp(`^EVENT#${NOW.toISOString()}#`));
    expect(feeEvent!.Put!.Item).toMatchObject({ status: 'fee-computed', actor: 'system' });
    expect(String(feeEvent!.Put!.Item!.note).replace(/\s/g, ' ')).toBe('Gebühr: 25,00 € (Abfallgebührensatzung 2026)');
    // Written at the same moment, the two entries still sort in order.
    expect(String(event!.Put!.Item!.SK) < String(feeEvent!.Put!.Item!.SK)).toBe(true);
    expect(receipt!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: { GSI2PK: `${TENANT}#OUTBOX#pending`, template: 'application-received', to: CALLER_EMAIL, status: 'pending', subject: 'Ihr Antrag NE-SPM-2026-000042 ist eingegangen' },
    });

    const start = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(start.name).toBe(applicationId);
    expect(start.stateMachineArn).toBe(process.env.APPLICATIONS_STATE_MACHINE_ARN);
    // Ids and payment terms only: no form data or e-mail address in the execution history.
    expect(JSON.parse(start.input!)).toEqual({
      tenantId: TENANT,
      applicationId,
      fee: { attempt: 1, amountCents: 2500, caseNumber: 'NE-SPM-2026-000042', purpose: 'Sperrmüllabholung NE-SPM-2026-000042', cashReference: 'NE-bulky-waste', paymentTimeoutSeconds: 72 * 3600 },
    });
  });

  it('sends the receipt right away, and a failing e-mail does not fail the submission', async () => {
    givenFirstSubmission();
    // The outbox reads back what the transaction wrote.
    ddb.on(GetCommand, { Key: { SK: 'NOTIFICATION' } }).callsFake(() => ({ Item: transactItems(ddb)[4]!.Put!.Item }));
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('throttled'), { name: 'TooManyRequestsException' }));
    ddb.on(UpdateCommand, { Key: { SK: 'NOTIFICATION' } }).resolves({});

    const result = await post();
    expect(result.statusCode).toBe(201);
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Destination).toEqual({ ToAddresses: [CALLER_EMAIL] });
    const retry = ddb.commandCalls(UpdateCommand).find((c) => c.args[0].input.Key?.SK === 'NOTIFICATION')!.args[0].input;
    expect(retry.ExpressionAttributeValues).toMatchObject({ ':attempts': 1, ':error': 'TooManyRequestsException' });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('links the uploads the form names, tied to the idempotency key, and records them on the application', async () => {
    givenFirstSubmission();
    bulkyWaste.uploadsIn.mockReturnValue([{ uploadId: 'upload-1', kind: 'photo' }]);
    const linked = { documentId: 'upload-1', kind: 'photo', title: 'sofa.jpg', fileName: 'sofa.jpg', contentType: 'image/jpeg', key: 'neuss/uploads/upload-1', direction: 'uploaded', createdAt: NOW.toISOString() };
    uploads.claimUpload.mockResolvedValue(linked);
    const result = await post();
    expect(result.statusCode).toBe(201);
    expect(uploads.claimUpload).toHaveBeenCalledWith(expect.anything(), { tenantId: TENANT, uploadId: 'upload-1', ownerId: 'citizen-1', expectedKinds: ['photo'], linkedTo: KEY });
    expect(transactItems(ddb)[1]!.Put!.Item!.documents).toEqual([linked]);
  });

  it('gives the claim back when an upload the form names cannot be linked, so that a corrected request may use the key', async () => {
    givenFirstSubmission();
    ddb.on(DeleteCommand).resolves({});
    bulkyWaste.uploadsIn.mockReturnValue([{ uploadId: 'upload-1', kind: 'photo' }]);
    uploads.claimUpload.mockRejectedValue(new Conflict('Dieser Nachweis ist bereits einem Antrag zugeordnet.'));
    const result = await post();
    expect(result.statusCode).toBe(409);
    const claimed = keyClaim().Item!.applicationId;
    expect(ddb.commandCalls(DeleteCommand)[0]!.args[0].input).toEqual({
      TableName: process.env.TABLE_NAME,
      Key: idempotencyKey('citizen-1'),
      ConditionExpression: 'applicationId = :app AND attribute_exists(claimExpiresAt)',
      ExpressionAttributeValues: { ':app': claimed },
    });
    expect(counterCalls()).toHaveLength(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it("answers with the winner's application, and takes no case number, when a concurrent duplicate claimed the key first", async () => {
    givenFirstSubmission();
    ddb.on(GetCommand, { Key: idempotencyKey('citizen-1') })
      .resolvesOnce({})
      .resolves({ Item: { applicationId: OTHER_APP_ID, requestHash: requestHash(body) } });
    givenApplication(ddb, storedApplication({ applicationId: OTHER_APP_ID, status: 'awaiting-payment', caseNumber: 'NE-SPM-2026-000041' }), OTHER_APP_ID);
    ddb.on(PutCommand).rejects(conditionFailed());

    const result = await post();
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ applicationId: OTHER_APP_ID, caseNumber: 'NE-SPM-2026-000041' });
    expect(counterCalls()).toHaveLength(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
  });

  it('waits for a submission with the same key that is still at work, and answers with its application', async () => {
    givenTenant(ddb);
    const pending = { applicationId: OTHER_APP_ID, requestHash: requestHash(body), claimExpiresAt: NOW.getTime() + 60_000 };
    ddb.on(GetCommand, { Key: idempotencyKey('citizen-1') }).resolvesOnce({ Item: pending }).resolvesOnce({ Item: pending }).resolves({ Item: { applicationId: OTHER_APP_ID, requestHash: requestHash(body) } });
    ddb.on(GetCommand, { Key: { PK: `${TENANT}#APP#${OTHER_APP_ID}`, SK: 'META' } })
      .resolvesOnce({})
      .resolvesOnce({})
      .resolves({ Item: storedApplication({ applicationId: OTHER_APP_ID, status: 'awaiting-payment' }) });
    const result = await post();
    expect(result.statusCode).toBe(200);
    expect(result.body.applicationId).toBe(OTHER_APP_ID);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(counterCalls()).toHaveLength(0);
  });

  it('takes over the claim of a first request that died before storing its application (same request, lease expired)', async () => {
    givenFirstSubmission();
    ddb.on(GetCommand, { Key: idempotencyKey('citizen-1') }).resolves({ Item: { applicationId: OTHER_APP_ID, requestHash: requestHash(body), claimExpiresAt: NOW.getTime() - 1 } });
    const result = await post();
    expect(result.statusCode).toBe(201);
    expect(result.body.applicationId).not.toBe(OTHER_APP_ID);
    expect(keyClaim().ConditionExpression).toContain('claimExpiresAt < :nowMs AND requestHash = :hash');
    expect(counterCalls()).toHaveLength(1);
  });

  it('keeps the stored application for the retry and the repair and answers 201 when the workflow cannot be started', async () => {
    givenFirstSubmission();
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('Rate exceeded arn:aws:states:secret'), { name: 'ThrottlingException' }));
    const result = await post();

    expect(result.statusCode).toBe(201);
    expect(result.body).toMatchObject({ status: 'fee-computed' });
    expect(JSON.stringify(result.body)).not.toMatch(/arn:aws|Throttling/);
    // Nothing is marked failed: the application is not lost, its workflow is started by whoever comes next.
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

describe('POST /applications: a service that reserves a value (e.g. a plate)', () => {
  const reservation = {
    value: (form: { street: string }) => `street:${form.street}`,
    refusal: vi.fn((held: { byApplication: boolean }) => (held.byApplication ? new Conflict('Läuft schon.') : new Unprocessable('Vergeben.'))),
  };
  const reservationKey = reservationItemKey(TENANT, `street:${body.form.street}`);

  beforeEach(() => {
    Object.assign(bulkyWaste, { reservation });
    reservation.refusal.mockClear();
  });
  afterEach(() => {
    delete (bulkyWaste as { reservation?: unknown }).reservation;
  });

  it('claims the key and the value in one write before any case number, and stores the application holding the value', async () => {
    givenFirstSubmission();
    const result = await post();
    expect(result.statusCode).toBe(201);
    const applicationId = result.body.applicationId as string;
    expect(commandSequence(ddb).slice(0, 4)).toEqual(['BatchGetCommand', 'TransactWriteCommand', 'UpdateCommand', 'TransactWriteCommand']);
    const [key, value] = transactItems(ddb, 0);
    expect(key!.Put!.Item).toMatchObject({ ...idempotencyKey('citizen-1'), applicationId });
    expect(value!.Update).toMatchObject({
      Key: reservationKey,
      UpdateExpression: 'SET applicationId = :app, reservedAt = :at, claimExpiresAt = :expires',
      ConditionExpression: '(attribute_not_exists(applicationId) OR claimExpiresAt < :nowMs) AND (attribute_not_exists(validTo) OR validTo < :today)',
      ExpressionAttributeValues: { ':app': applicationId, ':today': '2026-03-10', ':nowMs': NOW.getTime() },
    });
    // The key holds no plate in clear: it is a hash of the value.
    expect(reservationKey.PK).not.toContain('Oberstraße');
    const stored = transactItems(ddb, 1);
    expect(stored[1]!.Put!.Item).toMatchObject({ reservationKey: reservationKey.PK });
    expect(stored.find((item) => item.Update?.Key?.PK === reservationKey.PK)!.Update).toMatchObject({
      Key: reservationKey,
      UpdateExpression: 'REMOVE claimExpiresAt',
      ConditionExpression: 'applicationId = :app',
    });
  });

  it.each([
    ['another application runs for it', { applicationId: OTHER_APP_ID }, 409, true],
    ['what was issued still holds it', { holderId: 'permit-1', validTo: '2026-12-31' }, 422, false],
  ])("refuses with the service's own words when %s, before a case number or a payment", async (_case, held, status, byApplication) => {
    givenFirstSubmission();
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(2, [1]));
    ddb.on(GetCommand, { Key: reservationKey }).resolves({ Item: { ...reservationKey, ...held } });
    const result = await post();
    expect(result.statusCode).toBe(status);
    expect(reservation.refusal).toHaveBeenCalledWith(byApplication ? { byApplication: true } : { byApplication: false, validTo: '2026-12-31' });
    expect(counterCalls()).toHaveLength(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('offers a renewal the value its predecessor holds', async () => {
    givenFirstSubmission();
    Object.assign(reservation, { supersedes: () => 'permit-1' });
    try {
      await post();
      expect(transactItems(ddb, 0)[1]!.Update!.ConditionExpression).toContain('holderId = :supersedes');
      expect(transactItems(ddb, 0)[1]!.Update!.ExpressionAttributeValues).toMatchObject({ ':supersedes': 'permit-1' });
    } finally {
      delete (reservation as { supersedes?: unknown }).supersedes;
    }
  });

  it('gives the key and the value back when storing the application fails', async () => {
    givenFirstSubmission();
    ddb.on(UpdateCommand, { Key: COUNTER_KEY }).rejects(awsError('ProvisionedThroughputExceededException'));
    ddb.on(DeleteCommand).resolves({});
    ddb.on(UpdateCommand, { Key: reservationKey }).resolves({});
    const result = await post();
    expect(result.statusCode).toBe(500);
    const released = ddb.commandCalls(UpdateCommand).find((c) => c.args[0].input.Key?.PK === reservationKey.PK)!.args[0].input;
    expect(released).toMatchObject({ UpdateExpression: 'REMOVE applicationId, reservedAt, claimExpiresAt', ConditionExpression: 'applicationId = :app AND attribute_exists(claimExpiresAt)' });
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(1);
  });
});

describe('POST /applications at the counter', () => {
  it("files a caseworker's submission on the counter channel for a citizen who is not the caseworker", async () => {
    givenFirstSubmission();
    const result = await post({ caller: caseworker, body: { ...body, applicantEmail: 'erika@example.test' } });

    expect(result.statusCode).toBe(201);
    expect(result.body).toMatchObject({ channel: 'counter', filedBy: 'caseworker-1', applicantEmail: 'erika@example.test' });
    expect(result.body.applicantId).not.toBe('caseworker-1');
    expect(result.body.applicantId).toBe('counter:caseworker-1:42');
    const [, app, event, , receipt] = transactItems(ddb);
    expect(keyClaim().Item).toMatchObject(idempotencyKey('caseworker-1'));
    expect(app!.Put!.Item).toMatchObject({ GSI1PK: `${TENANT}#APPLICANT#counter:caseworker-1:42`, channel: 'counter' });
    expect(event!.Put!.Item).toMatchObject({ actor: 'caseworker-1', note: 'Am Schalter aufgenommen' });
    expect(receipt!.Put!.Item).toMatchObject({ to: 'erika@example.test', template: 'application-received' });
    // The caseworker's own drafts are not the citizen's application: nothing of them is touched.
    expect(transactItems(ddb).filter((item) => item.Delete)).toEqual([]);
  });

  it('sends no receipt for a counter submission without an e-mail address, not even to the caseworker', async () => {
    givenFirstSubmission();
    const result = await post({ caller: caseworker });
    expect(result.statusCode).toBe(201);
    expect(result.body).not.toHaveProperty('applicantEmail');
    expect(transactItems(ddb)).toHaveLength(4);
    expect(ses.calls()).toHaveLength(0);
  });

  it('treats a caseworker who is also a citizen as a citizen filing online', async () => {
    givenFirstSubmission();
    const result = await post({ caller: { tenantId: TENANT, roles: ['citizen', 'caseworker'], sub: 'citizen-and-caseworker' } });
    expect(result.statusCode).toBe(201);
    expect(result.body).toMatchObject({ channel: 'online', applicantId: 'citizen-and-caseworker' });
  });
});
