import './support/env.ts';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as awaitHandler } from '../../../functions/payments/workflow/await-payment.handler.ts';
import { handler as createHandler } from '../../../functions/payments/workflow/create-payment.handler.ts';
import { RefundInProgress, cancelPayment, createPayment, refundPayment } from '../../../functions/payments/lifecycle.ts';
import type { PaymentProvider } from '../../../functions/payments/provider.ts';
import { systemTable } from '../../../functions/core/ddb.ts';
import { testContext } from '../../support/events.ts';
import { CLAIM, MARK, PAYMENT_ID, REGISTER, TENANT, TOKEN, conditionFailed, paymentItem, transactionCanceled } from './support/fixtures.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

const now = new Date('2026-11-24T10:00:00Z');

function fakeProvider(overrides: Partial<PaymentProvider> = {}) {
  return {
    name: 'fake',
    createTransaction: vi.fn(async (request) => ({ providerTransactionId: 'tx-1', checkoutUrl: `https://pay.example/${request.paymentId}` })),
    cancel: vi.fn(async () => ({ status: 'CANCELED' as const })),
    refund: vi.fn(async () => ({ status: 'REFUNDED' as const, reference: 'RF-1' })),
    status: vi.fn(async () => ({ status: 'INITIAL' as const, amountCents: 3000 })),
    verifyWebhook: vi.fn(),
    ...overrides,
  } satisfies PaymentProvider;
}

const updates = (expression: RegExp) =>
  ddb.commandCalls(UpdateCommand).filter((c) => expression.test(c.args[0].input.UpdateExpression ?? '')).map((c) => c.args[0].input);

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(SendTaskFailureCommand).resolves({});
});

const returnUrl = (applicationId: string) => `http://localhost:3000/antraege/${applicationId}`;

const createInput = {
  tenantId: TENANT,
  applicationId: 'app-1',
  caseNumber: 'NE-BPA-2026-000001',
  amountCents: 3000,
  purpose: 'Bewohnerparkausweis NE-BPA-2026-000001',
  cashReference: '1.1100.0000.0001',
};

describe('create-payment step', () => {
  it('creates the payment and its application pointer in one transaction, then the provider transaction', async () => {
    ddb.on(GetCommand, { Key: { PK: `${TENANT}#APPLICATION-PAYMENT#app-1`, SK: 'PAYMENT' } }).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(GetCommand, { Key: { SK: 'PAYMENT' } }).callsFake((input) =>
      input.Key.PK.includes('APPLICATION-PAYMENT') ? {} : { Item: paymentItem({ paymentId: input.Key.PK.split('#')[2], checkoutUrl: undefined, providerTransactionId: undefined }) },
    );
    ddb.on(UpdateCommand).callsFake((input) => ({ Attributes: paymentItem({ paymentId: input.Key.PK.split('#')[2], checkoutUrl: input.ExpressionAttributeValues[':url'] }) }));
    const provider = fakeProvider();

    const result = await createPayment(systemTable, provider, createInput, { now, returnUrl });

    expect(result.paymentId).toMatch(/^neuss\.[A-Za-z0-9_-]{22}$/);
    expect(result).toMatchObject({ status: 'INITIAL', checkoutUrl: `https://pay.example/${result.paymentId}` });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((item) => item.Put!.ConditionExpression)).toEqual(['attribute_not_exists(PK)', 'attribute_not_exists(PK)']);
    expect(items[0]!.Put!.Item).toMatchObject({ PK: 'neuss#APPLICATION-PAYMENT#app-1', paymentId: result.paymentId });
    expect(items[1]!.Put!.Item).toMatchObject({ PK: `neuss#PAYMENT#${result.paymentId}`, status: 'INITIAL', amountCents: 3000, currency: 'EUR' });
    // In the pending index from the start: the reconciliation asks the provider after 5 minutes.
    expect(items[1]!.Put!.Item).toMatchObject({ GSI2PK: 'neuss#PAYMENT-CHECK#pending', GSI2SK: `2026-11-24T10:05:00.000Z#${result.paymentId}` });
    expect(provider.createTransaction).toHaveBeenCalledWith(expect.objectContaining({ paymentId: result.paymentId, returnUrl: 'http://localhost:3000/antraege/app-1' }));
  });

  it('creates a new payment for each attempt of an applicant paying again, under the attempt\'s own pointer', async () => {
    // The first payment exists (it failed); the second attempt has no pointer yet.
    ddb.on(GetCommand, { Key: { PK: `${TENANT}#APPLICATION-PAYMENT#app-1`, SK: 'PAYMENT' } }).resolves({ Item: { paymentId: PAYMENT_ID } });
    ddb.on(GetCommand, { Key: { PK: `${TENANT}#APPLICATION-PAYMENT#app-1`, SK: 'PAYMENT#2' } }).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(GetCommand, { Key: { SK: 'PAYMENT' } }).callsFake((input) =>
      input.Key.PK.includes('APPLICATION-PAYMENT') ? { Item: { paymentId: PAYMENT_ID } } : { Item: paymentItem({ paymentId: input.Key.PK.split('#')[2], checkoutUrl: undefined, providerTransactionId: undefined }) },
    );
    ddb.on(UpdateCommand).callsFake((input) => ({ Attributes: paymentItem({ paymentId: input.Key.PK.split('#')[2], checkoutUrl: input.ExpressionAttributeValues[':url'] }) }));

    const result = await createPayment(systemTable, fakeProvider(), { ...createInput, attempt: 2 }, { now, returnUrl });

    expect(result.paymentId).not.toBe(PAYMENT_ID);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Put!.Item).toMatchObject({ PK: 'neuss#APPLICATION-PAYMENT#app-1', SK: 'PAYMENT#2', paymentId: result.paymentId });
  });

  it('returns the existing payment on a retried step without asking the provider again', async () => {
    ddb.on(GetCommand, { Key: { PK: `${TENANT}#APPLICATION-PAYMENT#app-1` } }).resolves({ Item: { paymentId: PAYMENT_ID } });
    ddb.on(GetCommand, { Key: { PK: `${TENANT}#PAYMENT#${PAYMENT_ID}` } }).resolves({ Item: paymentItem() });
    const provider = fakeProvider();
    const result = await createPayment(systemTable, provider, createInput, { now, returnUrl });
    expect(result).toEqual({ paymentId: PAYMENT_ID, checkoutUrl: paymentItem().checkoutUrl, status: 'INITIAL' });
    expect(provider.createTransaction).not.toHaveBeenCalled();
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('loses a concurrent create gracefully: the other invocation’s payment is returned', async () => {
    ddb.on(GetCommand, { Key: { PK: `${TENANT}#APPLICATION-PAYMENT#app-1` } }).resolvesOnce({}).resolves({ Item: { paymentId: PAYMENT_ID } });
    ddb.on(GetCommand, { Key: { PK: `${TENANT}#PAYMENT#${PAYMENT_ID}` } }).resolves({ Item: paymentItem() });
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None'));
    const result = await createPayment(systemTable, fakeProvider(), createInput, { now, returnUrl });
    expect(result.paymentId).toBe(PAYMENT_ID);
  });

  it('refuses a retried step with another amount (PaymentInputMismatch), and rejects invalid input by name', async () => {
    ddb.on(GetCommand, { Key: { PK: `${TENANT}#APPLICATION-PAYMENT#app-1` } }).resolves({ Item: { paymentId: PAYMENT_ID } });
    ddb.on(GetCommand, { Key: { PK: `${TENANT}#PAYMENT#${PAYMENT_ID}` } }).resolves({ Item: paymentItem() });
    // The tenant configures no provider: the sandbox.
    ddb.on(GetCommand, { Key: { PK: `${TENANT}#TENANT`, SK: 'CONFIG' } }).resolves({ Item: { version: 1, config: { displayName: 'Stadt Neuss' } } });
    await expect(createHandler({ ...createInput, amountCents: 4000 }, testContext)).rejects.toMatchObject({ name: 'PaymentInputMismatch' });
    await expect(createHandler({ ...createInput, amountCents: 0 }, testContext)).rejects.toMatchObject({ name: 'InvalidTaskInput' });
    await expect(createHandler({ ...createInput, tenantId: 'Neuss#x' }, testContext)).rejects.toMatchObject({ name: 'InvalidTaskInput' });
  });
});

describe('await-payment step', () => {
  const register = (status: string, extra = {}) =>
    ddb.on(UpdateCommand, { UpdateExpression: REGISTER }).resolves({
      Attributes: paymentItem({ status: status as never, taskToken: TOKEN, taskTokenId: 'tid-1', ...extra }),
    });

  it('stores the token of a waiting workflow and sends nothing while the payment is open', async () => {
    register('INITIAL');
    await expect(awaitHandler({ tenantId: TENANT, paymentId: PAYMENT_ID, taskToken: TOKEN }, testContext)).resolves.toEqual({ registered: true });
    const [stored] = updates(/^SET taskToken/);
    expect(stored!.ExpressionAttributeValues).toMatchObject({ ':token': TOKEN, ':false': false });
    expect(updates(/^SET notifyLeaseId/)).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('completes the task at once when the fast payer was booked before the workflow waited', async () => {
    register('BOOKED', { transactionReference: 'KZ-1', bookedAt: '2026-11-24T09:59:00.000Z' });
    ddb.on(UpdateCommand, { UpdateExpression: CLAIM }).resolves({
      Attributes: paymentItem({ status: 'BOOKED', transactionReference: 'KZ-1', bookedAt: '2026-11-24T09:59:00.000Z', taskToken: TOKEN, taskTokenId: 'tid-1' }),
    });
    ddb.on(UpdateCommand, { UpdateExpression: MARK }).resolves({});
    await expect(awaitHandler({ tenantId: TENANT, paymentId: PAYMENT_ID, taskToken: TOKEN }, testContext)).resolves.toEqual({ registered: true });
    const sent = sfn.commandCalls(SendTaskSuccessCommand);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.args[0].input.output!)).toEqual({
      paymentId: PAYMENT_ID,
      status: 'BOOKED',
      transactionReference: 'KZ-1',
      bookedAt: '2026-11-24T09:59:00.000Z',
      amountCents: 3000,
    });
  });

  it('sends nothing when the webhook holds the lease and is completing the task itself', async () => {
    register('BOOKED', { transactionReference: 'KZ-1' });
    ddb.on(UpdateCommand, { UpdateExpression: CLAIM }).rejects(conditionFailed());
    await awaitHandler({ tenantId: TENANT, paymentId: PAYMENT_ID, taskToken: TOKEN }, testContext);
    expect(sfn.calls()).toHaveLength(0);
  });

  it.each([
    ['FAILED', 'PaymentFailed'],
    ['CANCELED', 'PaymentCanceled'],
  ])('fails the task at once when the payment is already %s', async (status, error) => {
    register(status);
    ddb.on(UpdateCommand, { UpdateExpression: CLAIM }).resolves({ Attributes: paymentItem({ status: status as never, taskToken: TOKEN, taskTokenId: 'tid-1' }) });
    ddb.on(UpdateCommand, { UpdateExpression: MARK }).resolves({});
    await awaitHandler({ tenantId: TENANT, paymentId: PAYMENT_ID, taskToken: TOKEN }, testContext);
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]!.args[0].input).toMatchObject({ taskToken: TOKEN, error });
  });

  it('serves a newer token when the token changed while the old one was being sent', async () => {
    register('BOOKED', { transactionReference: 'KZ-1' });
    ddb.on(UpdateCommand, { UpdateExpression: CLAIM })
      .resolvesOnce({ Attributes: paymentItem({ status: 'BOOKED', transactionReference: 'KZ-1', taskToken: 'old', taskTokenId: 'tid-old' }) })
      .resolvesOnce({ Attributes: paymentItem({ status: 'BOOKED', transactionReference: 'KZ-1', taskToken: 'new', taskTokenId: 'tid-new' }) });
    ddb.on(UpdateCommand, { UpdateExpression: MARK }).rejectsOnce(conditionFailed()).resolves({});
    ddb.on(UpdateCommand, { UpdateExpression: 'REMOVE notifyLeaseId, notifyLeaseUntil' }).resolves({});
    await awaitHandler({ tenantId: TENANT, paymentId: PAYMENT_ID, taskToken: 'new' }, testContext);
    expect(sfn.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input.taskToken)).toEqual(['old', 'new']);
  });

  it('reports an unknown payment as PaymentNotFound', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await expect(awaitHandler({ tenantId: TENANT, paymentId: PAYMENT_ID, taskToken: TOKEN }, testContext)).rejects.toMatchObject({ name: 'PaymentNotFound' });
  });
});

describe('cancel-payment step', () => {
  it('does not cancel a booked payment: it answers BOOKED so that the workflow refunds', async () => {
    ddb.on(GetCommand).resolves({ Item: paymentItem({ status: 'BOOKED', transactionReference: 'KZ-1' }) });
    const provider = fakeProvider();
    await expect(cancelPayment(systemTable, provider, { tenantId: TENANT, paymentId: PAYMENT_ID }, now)).resolves.toEqual({ status: 'BOOKED' });
    expect(provider.cancel).not.toHaveBeenCalled();
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('cancels an open payment with the provider and records CANCELED from INITIAL only', async () => {
    ddb.on(GetCommand).resolves({ Item: paymentItem() });
    ddb.on(UpdateCommand).resolves({ Attributes: paymentItem({ status: 'CANCELED' }) });
    const provider = fakeProvider();
    await expect(cancelPayment(systemTable, provider, { tenantId: TENANT, paymentId: PAYMENT_ID }, now)).resolves.toEqual({ status: 'CANCELED' });
    expect(provider.cancel).toHaveBeenCalledWith({ paymentId: PAYMENT_ID, tenantId: TENANT, providerTransactionId: 'sbx_1' });
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ConditionExpression).toBe('attribute_exists(PK) AND #status = :initial');
  });

  it('answers what happened when the webhook booked the payment between the read and the write', async () => {
    ddb.on(GetCommand).resolvesOnce({ Item: paymentItem() }).resolves({ Item: paymentItem({ status: 'BOOKED' }) });
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await expect(cancelPayment(systemTable, fakeProvider(), { tenantId: TENANT, paymentId: PAYMENT_ID }, now)).resolves.toEqual({ status: 'BOOKED' });
  });

  it('records a booking whose confirmation never arrived from the provider\'s status, and answers BOOKED so that the workflow refunds', async () => {
    ddb.on(GetCommand).resolvesOnce({ Item: paymentItem() }).resolvesOnce({ Item: paymentItem() }).resolvesOnce({ Item: paymentItem() })
      .resolves({ Item: paymentItem({ status: 'BOOKED', transactionReference: 'KZ-9' }) });
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(UpdateCommand, { UpdateExpression: CLAIM }).rejects(conditionFailed());
    const provider = fakeProvider({
      cancel: vi.fn(async () => ({ status: 'BOOKED' as const })),
      status: vi.fn(async () => ({ status: 'BOOKED' as const, transactionReference: 'KZ-9', amountCents: 3000, occurredAt: '2026-11-24T09:58:00.000Z' })),
    });
    await expect(cancelPayment(systemTable, provider, { tenantId: TENANT, paymentId: PAYMENT_ID }, now)).resolves.toEqual({ status: 'BOOKED' });
    expect(provider.status).toHaveBeenCalledWith({ paymentId: PAYMENT_ID, tenantId: TENANT, providerTransactionId: 'sbx_1' });
    // Recorded exactly as the provider's event would have been: the event id and the status change, both or neither.
    const [event, change] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(event!.Put!.Item).toMatchObject({ SK: 'EVENT#status.BOOKED.sbx_1', status: 'BOOKED' });
    expect(change!.Update!.ExpressionAttributeValues).toMatchObject({ ':to': 'BOOKED', ':reference': 'KZ-9', ':occurredAt': '2026-11-24T09:58:00.000Z' });
    // The same write takes it out of the pending index, and only from INITIAL.
    expect(change!.Update!.UpdateExpression).toMatch(/ REMOVE GSI2PK, GSI2SK$/);
    expect(change!.Update!.ConditionExpression).toContain('#status = :initial');
  });

  it('refuses to record a booking the provider reports over another amount (PaymentEventMismatch) and writes nothing', async () => {
    ddb.on(GetCommand).resolves({ Item: paymentItem() });
    const provider = fakeProvider({
      cancel: vi.fn(async () => ({ status: 'BOOKED' as const })),
      status: vi.fn(async () => ({ status: 'BOOKED' as const, transactionReference: 'KZ-9', amountCents: 9999 })),
    });
    await expect(cancelPayment(systemTable, provider, { tenantId: TENANT, paymentId: PAYMENT_ID }, now)).rejects.toMatchObject({ name: 'PaymentEventMismatch' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('is idempotent: an already cancelled payment is answered without the provider', async () => {
    ddb.on(GetCommand).resolves({ Item: paymentItem({ status: 'CANCELED' }) });
    const provider = fakeProvider();
    await expect(cancelPayment(systemTable, provider, { tenantId: TENANT, paymentId: PAYMENT_ID }, now)).resolves.toEqual({ status: 'CANCELED' });
    expect(provider.cancel).not.toHaveBeenCalled();
  });
});

describe('refund-payment step', () => {
  const input = { tenantId: TENANT, paymentId: PAYMENT_ID, reason: 'Antrag zurückgezogen' };

  it('answers NOT_PAID for a payment that was never booked', async () => {
    ddb.on(GetCommand).resolves({ Item: paymentItem({ status: 'CANCELED' }) });
    const provider = fakeProvider();
    await expect(refundPayment(systemTable, provider, input, now)).resolves.toEqual({ status: 'NOT_PAID' });
    expect(provider.refund).not.toHaveBeenCalled();
  });

  it('claims the refund with a condition, refunds once and records the result', async () => {
    ddb.on(GetCommand).resolves({ Item: paymentItem({ status: 'BOOKED' }) });
    ddb.on(UpdateCommand, { UpdateExpression: 'SET refund = :refund, updatedAt = :now' }).callsFake((i) => ({
      Attributes: paymentItem({ status: 'BOOKED', refund: i.ExpressionAttributeValues[':refund'] }),
    }));
    ddb.on(UpdateCommand, { ConditionExpression: 'refund.#rs = :pending' }).resolves({
      Attributes: paymentItem({ status: 'BOOKED', refund: { status: 'REFUNDED', reason: input.reason, requestedAt: now.toISOString(), reference: 'RF-1', completedAt: now.toISOString() } }),
    });
    const provider = fakeProvider();
    await expect(refundPayment(systemTable, provider, input, now)).resolves.toEqual({ status: 'REFUNDED', reference: 'RF-1', refundedAt: now.toISOString() });
    expect(provider.refund).toHaveBeenCalledTimes(1);
    const claim = updates(/^SET refund = :refund/)[0]!;
    expect(claim.ConditionExpression).toContain('#status = :booked AND (attribute_not_exists(refund)');
  });

  it('returns the recorded refund on a second call and never refunds twice', async () => {
    const refund = { status: 'REFUND_REQUESTED' as const, reason: input.reason, requestedAt: now.toISOString(), reference: 'RQ-7', completedAt: now.toISOString() };
    ddb.on(GetCommand).resolves({ Item: paymentItem({ status: 'BOOKED', refund }) });
    const provider = fakeProvider();
    await expect(refundPayment(systemTable, provider, input, now)).resolves.toEqual({ status: 'REFUND_REQUESTED', reference: 'RQ-7', refundedAt: now.toISOString() });
    expect(provider.refund).not.toHaveBeenCalled();
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('answers the winner’s refund when a concurrent call claimed and completed it first', async () => {
    const refund = { status: 'REFUNDED' as const, reason: input.reason, requestedAt: now.toISOString(), reference: 'RF-9', completedAt: now.toISOString() };
    ddb.on(GetCommand).resolvesOnce({ Item: paymentItem({ status: 'BOOKED' }) }).resolves({ Item: paymentItem({ status: 'BOOKED', refund }) });
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const provider = fakeProvider();
    await expect(refundPayment(systemTable, provider, input, now)).resolves.toMatchObject({ status: 'REFUNDED', reference: 'RF-9' });
    expect(provider.refund).not.toHaveBeenCalled();
  });

  it('asks for a retry (RefundInProgress) while another call holds the refund', async () => {
    const pending = { status: 'PENDING' as const, reason: input.reason, requestedAt: now.toISOString(), leaseUntil: now.getTime() + 60_000 };
    ddb.on(GetCommand).resolves({ Item: paymentItem({ status: 'BOOKED', refund: pending }) });
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const provider = fakeProvider();
    await expect(refundPayment(systemTable, provider, input, now)).rejects.toBeInstanceOf(RefundInProgress);
    expect(provider.refund).not.toHaveBeenCalled();
  });

  it('gives the claim back when the provider fails, so that the retried step can refund', async () => {
    ddb.on(GetCommand).resolves({ Item: paymentItem({ status: 'BOOKED' }) });
    ddb.on(UpdateCommand, { UpdateExpression: 'SET refund = :refund, updatedAt = :now' }).callsFake((i) => ({
      Attributes: paymentItem({ status: 'BOOKED', refund: i.ExpressionAttributeValues[':refund'] }),
    }));
    ddb.on(UpdateCommand, { UpdateExpression: 'REMOVE refund' }).resolves({});
    const provider = fakeProvider({ refund: vi.fn(async () => Promise.reject(new Error('provider down'))) });
    await expect(refundPayment(systemTable, provider, input, now)).rejects.toThrow('provider down');
    expect(updates(/^REMOVE refund$/)).toHaveLength(1);
  });
});
