import { SFNClient, SendTaskFailureCommand } from '@aws-sdk/client-sfn';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, httpEvent, type TestCaller } from '../../support/events.ts';
import { APP_ID, NOW, TENANT, appKey, awsError, caseworker, citizen, givenApplication, otherCitizen, storedApplication, transactItems, transactionCancelled } from './support.ts';

const payments = vi.hoisted(() => ({ abortPaymentWait: vi.fn() }));
vi.mock('#functions/payments/api', () => payments);

const { handler: withdraw } = await import('../../../functions/applications/withdraw.handler.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

const CAUSE = 'Vom Antragsteller zurückgezogen';
const awaitingPayment = storedApplication({ status: 'awaiting-payment', payment: { paymentId: 'pay-1', status: 'INITIAL', checkoutUrl: 'https://pay.example/1' } });
const awaitingDecision = storedApplication({ status: 'awaiting-decision', decisionTaskToken: 'token-1' });

const post = (caller: TestCaller = citizen) => call(withdraw, httpEvent({ routeKey: 'POST /applications/{id}/withdraw', caller, pathParameters: { id: APP_ID } }));

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  payments.abortPaymentWait.mockReset();
  ddb.on(GetCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  sfn.on(SendTaskFailureCommand).resolves({});
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

const PENDING_MARK = { ...appKey(), SK: 'DELIVERY#withdrawal' };

/** The withdrawal's pending-delivery mark was removed (delivered: a Delete; taken back: in the clearing transaction). */
const markDeleted = () =>
  ddb.commandCalls(DeleteCommand).some((c) => c.args[0].input.Key?.SK === PENDING_MARK.SK) ||
  ddb.commandCalls(TransactWriteCommand).some((c) => c.args[0].input.TransactItems?.some((item) => item.Delete?.Key?.SK === PENDING_MARK.SK));

function expectNothingWritten() {
  expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  expect(sfn.calls()).toHaveLength(0);
  expect(payments.abortPaymentWait).not.toHaveBeenCalled();
}

describe('POST /applications/{id}/withdraw', () => {
  it('answers 404 to anybody but the applicant, like for a missing application', async () => {
    givenApplication(ddb, awaitingDecision);
    const foreign = await post(otherCitizen);
    givenApplication(ddb, undefined);
    const missing = await post(otherCitizen);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body.detail).toBe(missing.body.detail);
    expectNothingWritten();
  });

  it('is not open to caseworkers (403)', async () => {
    const result = await post(caseworker);
    expect(result.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });

  it.each(['submitted', 'fee-computed', 'paid', 'checks-passed'])('asks to try again in a moment while the workflow is busy (%s → 409)', async (status) => {
    givenApplication(ddb, storedApplication({ status: status as 'submitted' }));
    const result = await post();
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toContain('erneut');
    expectNothingWritten();
  });

  it.each(['approved', 'rejected', 'documents-issued', 'completed'])('refuses a withdrawal after the decision (%s → 409)', async (status) => {
    givenApplication(ddb, storedApplication({ status: status as 'approved' }));
    const result = await post();
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toBe('Nach der Entscheidung kann der Antrag nicht mehr zurückgezogen werden.');
    expectNothingWritten();
  });

  it('answers an application that is already withdrawn with 200 and does nothing', async () => {
    givenApplication(ddb, storedApplication({ status: 'withdrawn' }));
    const result = await post();
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({ applicationId: APP_ID, status: 'withdrawn' });
    expectNothingWritten();
  });

  it('marks the withdrawal (only while undecided in the same state) and ends the wait for the payment', async () => {
    givenApplication(ddb, awaitingPayment);
    payments.abortPaymentWait.mockResolvedValue(true);
    const result = await post();

    expect(result.statusCode).toBe(202);
    expect(result.body).toEqual({ applicationId: APP_ID, status: 'withdrawal-requested' });
    const [mark, pending] = transactItems(ddb);
    expect(mark!.Update).toMatchObject({
      Key: appKey(),
      UpdateExpression: 'SET withdrawalRequestedAt = if_not_exists(withdrawalRequestedAt, :now)',
      ConditionExpression: '#status = :status AND attribute_not_exists(decision)',
      ExpressionAttributeValues: { ':now': NOW.toISOString(), ':status': 'awaiting-payment' },
    });
    // Recorded with its pending-delivery mark in the same write: if this request dies now, the repair delivers it.
    expect(pending!.Put!.Item).toMatchObject({ ...PENDING_MARK, GSI2PK: `${TENANT}#DELIVERY#pending`, kind: 'withdrawal' });
    expect(payments.abortPaymentWait).toHaveBeenCalledWith(TENANT, 'pay-1', 'Withdrawn', CAUSE);
    expect(sfn.calls()).toHaveLength(0);
    expect(ddb.commandCalls(DeleteCommand)[0]!.args[0].input.Key).toEqual(PENDING_MARK);
  });

  it('asks to try again when the payment wait has already ended (e.g. just paid) (409)', async () => {
    givenApplication(ddb, awaitingPayment);
    payments.abortPaymentWait.mockResolvedValue(false);
    const result = await post();
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toContain('erneut');
    // The mark is taken back (with its pending-delivery mark), so that it cannot block the caseworker's decision.
    const [cleared, unmarked] = transactItems(ddb, 1);
    expect(cleared!.Update).toMatchObject({ Key: appKey(), UpdateExpression: 'REMOVE withdrawalRequestedAt' });
    expect(unmarked!.Delete!.Key).toEqual(PENDING_MARK);
  });

  it('fails the waiting decision step with the error Withdrawn', async () => {
    givenApplication(ddb, awaitingDecision);
    const result = await post();

    expect(result.statusCode).toBe(202);
    expect(transactItems(ddb)[0]!.Update!.ExpressionAttributeValues).toMatchObject({ ':status': 'awaiting-decision' });
    const failure = sfn.commandCalls(SendTaskFailureCommand);
    expect(failure).toHaveLength(1);
    expect(failure[0]!.args[0].input).toEqual({ taskToken: 'token-1', error: 'Withdrawn', cause: CAUSE });
    // The mark comes first, so a decision arriving at the same moment cannot also win.
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.calledBefore(failure[0]!)).toBe(true);
    expect(markDeleted()).toBe(true);
    expect(payments.abortPaymentWait).not.toHaveBeenCalled();
  });

  it('asks to try again when the decision step is already closed (409)', async () => {
    givenApplication(ddb, awaitingDecision);
    sfn.on(SendTaskFailureCommand).rejects(awsError('TaskTimedOut'));
    const result = await post();
    expect(result.statusCode).toBe(409);
    expect(transactItems(ddb, 1)[0]!.Update!.UpdateExpression).toBe('REMOVE withdrawalRequestedAt');
  });

  it('keeps the recorded withdrawal for the repair when the workflow cannot be reached (500)', async () => {
    givenApplication(ddb, awaitingDecision);
    sfn.on(SendTaskFailureCommand).rejects(awsError('ThrottlingException'));
    const result = await post();
    expect(result.statusCode).toBe(500);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(markDeleted()).toBe(false);
  });

  it('answers 409 and tells the workflow nothing when a decision was recorded between reading and marking', async () => {
    givenApplication(ddb, awaitingDecision);
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(2, [0]));
    const result = await post();
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toContain('nicht mehr zurückgezogen');
    expect(sfn.calls()).toHaveLength(0);
  });
});
