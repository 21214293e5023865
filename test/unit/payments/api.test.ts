import { SendTaskFailureCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { abortPaymentWait, paymentSummary } from '../../../functions/payments/api.ts';
import { systemTable } from '../../../functions/core/ddb.ts';
import { CLAIM, MARK, PAYMENT_ID, TENANT, TOKEN, conditionFailed, paymentItem, sfnError } from './support/fixtures.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  ddb.on(UpdateCommand, { UpdateExpression: CLAIM }).resolves({ Attributes: paymentItem({ taskToken: TOKEN, taskTokenId: 'tid-1' }) });
  ddb.on(UpdateCommand, { UpdateExpression: MARK }).resolves({});
  sfn.on(SendTaskFailureCommand).resolves({});
});

describe('abortPaymentWait (withdrawal while waiting for the payment)', () => {
  it('fails the waiting task with the given error, only for an unpaid payment, and records it', async () => {
    await expect(abortPaymentWait(TENANT, PAYMENT_ID, 'Withdrawn', 'Vom Antragsteller zurückgezogen')).resolves.toBe(true);
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]!.args[0].input).toEqual({ taskToken: TOKEN, error: 'Withdrawn', cause: 'Vom Antragsteller zurückgezogen' });
    const claim = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(claim.ExpressionAttributeValues).toMatchObject({ ':s0': 'INITIAL' });
    expect(Object.keys(claim.ExpressionAttributeValues!).filter((key) => key.startsWith(':s'))).toEqual([':s0']);
    expect(ddb.commandCalls(UpdateCommand).filter((c) => c.args[0].input.UpdateExpression === MARK)).toHaveLength(1);
  });

  it('answers false without calling Step Functions when no task waits or it was already completed', async () => {
    ddb.on(UpdateCommand, { UpdateExpression: CLAIM }).rejects(conditionFailed());
    await expect(abortPaymentWait(TENANT, PAYMENT_ID, 'Withdrawn', 'x')).resolves.toBe(false);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers false when the token had already closed', async () => {
    sfn.on(SendTaskFailureCommand).rejects(sfnError('TaskTimedOut'));
    await expect(abortPaymentWait(TENANT, PAYMENT_ID, 'Withdrawn', 'x')).resolves.toBe(false);
  });

  it('refuses a payment id of another tenant (PaymentNotFound) without touching the table', async () => {
    await expect(abortPaymentWait('kaarst', PAYMENT_ID, 'Withdrawn', 'x')).rejects.toMatchObject({ name: 'PaymentNotFound' });
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('paymentSummary', () => {
  it('shows the checkout link only while the payment is open, and never the task token', async () => {
    ddb.on(GetCommand).resolves({ Item: paymentItem({ taskToken: TOKEN }) });
    const open = await paymentSummary(systemTable, TENANT, PAYMENT_ID);
    expect(open).toEqual({ paymentId: PAYMENT_ID, status: 'INITIAL', checkoutUrl: paymentItem().checkoutUrl });

    const refund = { status: 'REFUNDED' as const, reason: 'r', requestedAt: '2026-11-24T11:00:00.000Z', reference: 'RF-1', completedAt: '2026-11-24T11:00:01.000Z' };
    ddb.on(GetCommand).resolves({ Item: paymentItem({ status: 'BOOKED', transactionReference: 'KZ-1', refund, taskToken: TOKEN }) });
    expect(await paymentSummary(systemTable, TENANT, PAYMENT_ID)).toEqual({
      paymentId: PAYMENT_ID,
      status: 'BOOKED',
      transactionReference: 'KZ-1',
      refund: { status: 'REFUNDED', reference: 'RF-1', at: '2026-11-24T11:00:01.000Z' },
    });
  });

  it('is undefined for an unknown payment or one of another tenant', async () => {
    ddb.on(GetCommand).resolves({});
    expect(await paymentSummary(systemTable, TENANT, PAYMENT_ID)).toBeUndefined();
    expect(await paymentSummary(systemTable, 'kaarst', PAYMENT_ID)).toBeUndefined();
  });
});
