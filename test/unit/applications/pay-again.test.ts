import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APPLICATION_STATUSES, MAX_PAYMENT_ATTEMPTS, PAYABLE_AGAIN, PAY_AGAIN_DAYS, type ApplicationStatus } from '../../../functions/applications/model.ts';
import { reservationItemKey } from '../../../functions/applications/reservations.ts';
import { Conflict, Unprocessable } from '../../../functions/core/problem.ts';
import { serveBatchGetsFromGets } from '../../support/batch-get.ts';
import { call, httpEvent, type TestCaller } from '../../support/events.ts';
import {
  APP_ID,
  NOW,
  TENANT,
  appKey,
  bulkyWaste,
  bulkyWasteFee,
  caseworker,
  citizen,
  givenApplication,
  givenTenant,
  otherCitizen,
  resetBulkyWaste,
  storedApplication,
  tenantConfig,
  transactItems,
  transactionCancelled,
} from './support.ts';

vi.mock('#functions/services/catalog', async () => (await import('./support.ts')).catalogModule());

const { handler: payAgain } = await import('../../../functions/applications/pay-again.handler.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

const post = (caller: TestCaller = citizen) => call(payAgain, httpEvent({ routeKey: 'POST /applications/{id}/payment', caller, pathParameters: { id: APP_ID } }));

/** An application whose payment ended `daysAgo` days before NOW. */
const ended = (status: ApplicationStatus = 'payment-failed', daysAgo = 1, extra: Record<string, unknown> = {}) =>
  storedApplication({
    status,
    fee: bulkyWasteFee,
    payment: { paymentId: 'neuss.AAAAAAAAAAAAAAAAAAAAAA', status: 'CANCELED' },
    updatedAt: new Date(NOW.getTime() - daysAgo * 24 * 3600_000).toISOString(),
    ...extra,
  });

const started = () => sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input);

function expectNothingWritten() {
  expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  expect(sfn.calls()).toHaveLength(0);
}

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  resetBulkyWaste();
  ddb.on(GetCommand).resolves({});
  serveBatchGetsFromGets(ddb);
  givenTenant(ddb);
  ddb.on(TransactWriteCommand).resolves({});
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:execution', startDate: NOW });
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('POST /applications/{id}/payment', () => {
  it('answers 404 to anybody but the applicant, like for a missing application, and writes nothing', async () => {
    givenApplication(ddb, ended());
    const foreign = await post(otherCitizen);
    givenApplication(ddb, undefined);
    const missing = await post(otherCitizen);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body.detail).toBe(missing.body.detail);
    expectNothingWritten();
  });

  it('is not open to caseworkers (403)', async () => {
    expect((await post(caseworker)).statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });

  it.each(PAYABLE_AGAIN)('reopens a %s application for its second payment in one write and starts the run of that payment', async (status) => {
    givenApplication(ddb, ended(status, 1, { failureReason: 'x', withdrawalRequestedAt: NOW.toISOString() }));
    const result = await post();

    expect(result.statusCode).toBe(202);
    expect(result.body).toMatchObject({ applicationId: APP_ID, status: 'fee-computed', caseNumber: 'NE-SPM-2026-000007', fee: { amountCents: 2500 } });
    expect(result.body.payment).toBeUndefined();
    expect(result.body.failureReason).toBeUndefined();
    const [update, entry, ...rest] = transactItems(ddb);
    expect(rest).toEqual([]);
    expect(update!.Update).toMatchObject({
      Key: appKey(),
      ConditionExpression: 'attribute_exists(PK) AND #status IN (:from0, :from1)',
      ExpressionAttributeValues: expect.objectContaining({ ':from0': 'payment-failed', ':from1': 'expired', ':to': 'fee-computed', ':v0': 2 }),
    });
    expect(update!.Update!.ExpressionAttributeNames).toMatchObject({ '#f0': 'paymentAttempt', '#r0': 'payment', '#r1': 'failureReason', '#r2': 'withdrawalRequestedAt' });
    expect(update!.Update!.UpdateExpression).toContain('REMOVE #r0, #r1, #r2');
    expect(entry!.Put!.Item).toMatchObject({ status: 'fee-computed', actor: 'citizen-1', note: expect.stringContaining('Erneute Zahlung') });
    // A new execution for the new payment, named after the application and the payment's number, with the same fee.
    const [execution] = started();
    expect(execution!.name).toBe(`${APP_ID}-payment-2`);
    expect(JSON.parse(execution!.input!)).toMatchObject({ tenantId: TENANT, applicationId: APP_ID, fee: { attempt: 2, amountCents: 2500, caseNumber: 'NE-SPM-2026-000007' } });
    expect(bulkyWaste.assess).toHaveBeenCalledTimes(1);
  });

  it('counts on from the current payment: the third payment after the second failed', async () => {
    givenApplication(ddb, ended('payment-failed', 1, { paymentAttempt: 2 }));
    expect((await post()).statusCode).toBe(202);
    expect(transactItems(ddb)[0]!.Update!.ExpressionAttributeValues).toMatchObject({ ':v0': 3 });
    expect(started()[0]!.name).toBe(`${APP_ID}-payment-3`);
  });

  const notPayable = APPLICATION_STATUSES.filter((status) => !PAYABLE_AGAIN.includes(status));
  it.each(notPayable)('refuses %s with a German 409 and changes nothing', async (status) => {
    givenApplication(ddb, ended(status));
    const result = await post();
    expect(result.statusCode).toBe(409);
    expect(result.headers['content-type']).toContain('application/problem+json');
    expect(result.body.detail).toMatch(/^Eine erneute Zahlung ist nur möglich/);
    expectNothingWritten();
  });

  it.each(['fee-computed', 'awaiting-payment'] as const)('answers a repeated request while the new payment is %s with the application, writing nothing', async (status) => {
    givenApplication(ddb, ended(status, 0, { paymentAttempt: 2 }));
    const result = await post();
    expect(result.statusCode).toBe(202);
    expect(result.body.status).toBe(status);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    // Before the payment exists, a lost start is made up for (the same name: never a second run).
    expect(started().map((input) => input.name)).toEqual(status === 'fee-computed' ? [`${APP_ID}-payment-2`] : []);
  });

  it(`refuses after ${PAY_AGAIN_DAYS} days and after ${MAX_PAYMENT_ATTEMPTS} payments, saying why`, async () => {
    givenApplication(ddb, ended('payment-failed', PAY_AGAIN_DAYS + 0.01));
    const late = await post();
    givenApplication(ddb, ended('payment-failed', 1, { paymentAttempt: MAX_PAYMENT_ATTEMPTS }));
    const many = await post();
    expect([late.statusCode, many.statusCode]).toEqual([409, 409]);
    expect(late.body.detail).toContain('Frist ist abgelaufen');
    expect(many.body.detail).toContain(`${MAX_PAYMENT_ATTEMPTS}-mal`);
    expectNothingWritten();
  });

  it("runs the service's submission checks again: their 422 stands, nothing is written", async () => {
    givenApplication(ddb, ended());
    bulkyWaste.assess.mockImplementation(() => {
      throw new Unprocessable('Diese Straße liegt nicht mehr im Abholgebiet.');
    });
    const result = await post();
    expect(result.statusCode).toBe(422);
    expect(result.body.detail).toBe('Diese Straße liegt nicht mehr im Abholgebiet.');
    expectNothingWritten();
  });

  it('refuses while the tenant does not accept applications or no longer offers the service', async () => {
    givenApplication(ddb, ended());
    givenTenant(ddb, { config: tenantConfig({ enabledServices: [] }) });
    expect((await post()).statusCode).toBe(409);
    givenTenant(ddb, { status: 'deactivating' });
    expect((await post()).statusCode).toBe(409);
    expectNothingWritten();
  });

  it('answers a concurrent identical request that reopened it first with its result', async () => {
    givenApplication(ddb, ended());
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(2, [0]));
    ddb.on(GetCommand, { Key: appKey() }).resolvesOnce({ Item: ended() }).resolves({ Item: ended('fee-computed', 0, { paymentAttempt: 2, payment: undefined }) });
    const result = await post();
    expect(result.statusCode).toBe(202);
    expect(result.body.status).toBe('fee-computed');
    expect(started().map((input) => input.name)).toEqual([`${APP_ID}-payment-2`]);
  });
});

describe('POST /applications/{id}/payment: a service that reserves a value (e.g. a plate)', () => {
  const reservation = {
    value: (form: { street: string }) => `street:${form.street}`,
    refusal: vi.fn((held: { byApplication: boolean }) =>
      held.byApplication
        ? new Conflict('Für diese Straße läuft bereits ein Antrag.', [{ field: 'body/form/street', message: 'Läuft schon.' }])
        : new Unprocessable('Für diese Straße gibt es schon eine Zusage.', [{ field: 'body/form/street', message: 'Vergeben.' }]),
    ),
  };
  const reservationKey = reservationItemKey(TENANT, 'street:Oberstraße 12');
  const withReservation = () => ended('payment-failed', 1, { reservationKey: reservationKey.PK });

  beforeEach(() => {
    Object.assign(bulkyWaste, { reservation });
    reservation.refusal.mockClear();
  });
  afterEach(() => {
    delete (bulkyWaste as { reservation?: unknown }).reservation;
  });

  it('takes the value back in the write that reopens the application, if nobody holds it', async () => {
    givenApplication(ddb, withReservation());
    expect((await post()).statusCode).toBe(202);
    const [, reclaim] = transactItems(ddb);
    expect(reclaim!.Update).toMatchObject({
      Key: reservationKey,
      UpdateExpression: 'SET applicationId = :app, reservedAt = :at REMOVE claimExpiresAt',
      ConditionExpression: '(attribute_not_exists(applicationId) OR claimExpiresAt < :nowMs) AND (attribute_not_exists(validTo) OR validTo < :today)',
      ExpressionAttributeValues: { ':app': APP_ID, ':at': NOW.toISOString(), ':today': '2026-03-10', ':nowMs': NOW.getTime() },
    });
  });

  it.each([
    ['another application took it meanwhile', { applicationId: 'c0ffee00-0000-4000-8000-000000000000' }, 409, 'Für diese Straße läuft bereits ein Antrag.'],
    ['what was issued meanwhile holds it', { holderId: 'permit-1', validTo: '2026-12-31' }, 422, 'Für diese Straße gibt es schon eine Zusage.'],
  ])("refuses with the service's own words when %s, starts nothing, and names no form field", async (_case, held, status, detail) => {
    givenApplication(ddb, withReservation());
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(3, [1]));
    ddb.on(GetCommand, { Key: reservationKey }).resolves({ Item: { ...reservationKey, ...held } });
    const result = await post();
    expect(result.statusCode).toBe(status);
    expect(result.body.detail).toBe(detail);
    expect(result.body.errors).toBeUndefined();
    expect(sfn.calls()).toHaveLength(0);
  });
});
