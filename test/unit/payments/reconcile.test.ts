import './support/env.ts';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { systemTable } from '../../../functions/core/ddb.ts';
import { STATUS_CHECK_PAUSES_MINUTES, nextStatusCheck } from '../../../functions/payments/domain.ts';
import type { PaymentProvider, ProviderPaymentState } from '../../../functions/payments/provider.ts';
import { reconcileDuePayments } from '../../../functions/payments/reconcile.ts';
import { CLAIM, MARK, PAYMENT_ID, TENANT, TOKEN, paymentItem, transactionCanceled } from './support/fixtures.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const now = new Date('2026-11-24T10:30:00Z');

function provider(state: ProviderPaymentState | Error): PaymentProvider {
  return {
    name: 'fake',
    createTransaction: vi.fn(),
    cancel: vi.fn(),
    refund: vi.fn(),
    status: vi.fn(async () => {
      if (state instanceof Error) throw state;
      return state;
    }),
  };
}

const RESCHEDULE = /^SET GSI2SK = :checkAt/;
const reschedules = () => ddb.commandCalls(UpdateCommand).filter((call) => RESCHEDULE.test(call.args[0].input.UpdateExpression ?? '')).map((call) => call.args[0].input);

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [{ paymentId: PAYMENT_ID, statusChecks: 2 }] });
  ddb.on(UpdateCommand).resolves({});
});

describe('when the reconciliation asks next', () => {
  it('waits 5 minutes first, then longer pauses up to 4 hours, and never beyond', () => {
    const start = new Date('2026-11-24T10:00:00Z');
    const minutes = (checks: number) => (nextStatusCheck(checks, start).getTime() - start.getTime()) / 60_000;
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(minutes)).toEqual([...STATUS_CHECK_PAUSES_MINUTES]);
    expect(minutes(50)).toBe(240);
    expect(minutes(-1)).toBe(5);
  });
});

describe('reconciling the due payments of a tenant', () => {
  it('reads only the tenant\'s pending index up to the due time (a Query, never a Scan)', async () => {
    ddb.on(GetCommand).resolves({ Item: paymentItem() });
    await reconcileDuePayments(systemTable, provider({ status: 'INITIAL', amountCents: 3000 }), TENANT, now);
    const [query] = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(query).toMatchObject({ IndexName: 'GSI2', KeyConditionExpression: 'GSI2PK = :pending AND GSI2SK <= :due' });
    expect(query!.ExpressionAttributeValues).toEqual({ ':pending': 'neuss#PAYMENT-CHECK#pending', ':due': '2026-11-24T10:30:00.000Z#~' });
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('leaves a payment still open at the provider open and asks again after the next, longer pause', async () => {
    ddb.on(GetCommand).resolves({ Item: paymentItem() });
    const counts = await reconcileDuePayments(systemTable, provider({ status: 'INITIAL', amountCents: 3000 }), TENANT, now);
    expect(counts).toEqual({ checked: 1, completed: 0, open: 1, errors: 0 });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    const [reschedule] = reschedules();
    // Three checks done (two before, this one): the fourth pause, 15 minutes.
    expect(reschedule!.ExpressionAttributeValues).toMatchObject({ ':checkAt': `2026-11-24T10:45:00.000Z#${PAYMENT_ID}`, ':one': 1 });
    expect(reschedule!.ConditionExpression).toBe('attribute_exists(GSI2PK) AND #status = :initial');
  });

  it('records a payment the provider reports PAYED/BOOKED as its event would be, completes the waiting task, and does not reschedule it', async () => {
    const open = { Item: paymentItem({ taskToken: TOKEN, taskTokenId: 'tid-1' }) };
    ddb.on(GetCommand).resolvesOnce(open).resolvesOnce(open).resolves({ Item: paymentItem({ status: 'BOOKED', transactionReference: 'KZ-7', taskNotified: true }) });
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(UpdateCommand, { UpdateExpression: CLAIM }).resolves({ Attributes: paymentItem({ status: 'BOOKED', transactionReference: 'KZ-7', taskToken: TOKEN, taskTokenId: 'tid-1' }) });
    const counts = await reconcileDuePayments(systemTable, provider({ status: 'BOOKED', transactionReference: 'KZ-7', amountCents: 3000, occurredAt: '2026-11-24T10:10:00.000Z' }), TENANT, now);
    expect(counts).toEqual({ checked: 1, completed: 1, open: 0, errors: 0 });
    const [event, change] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(event!.Put!.Item).toMatchObject({ SK: 'EVENT#status.BOOKED.sbx_1' });
    expect(change!.Update!.UpdateExpression).toMatch(/REMOVE GSI2PK, GSI2SK$/);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
    expect(ddb.commandCalls(UpdateCommand).some((call) => call.args[0].input.UpdateExpression === MARK)).toBe(true);
    expect(reschedules()).toHaveLength(0);
  });

  it('has no second effect when the webhook recorded the booking first: the condition fails, nothing is sent twice', async () => {
    ddb.on(GetCommand).resolvesOnce({ Item: paymentItem() }).resolvesOnce({ Item: paymentItem() }).resolves({ Item: paymentItem({ status: 'BOOKED', transactionReference: 'KZ-7' }) });
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('None', 'ConditionalCheckFailed'));
    // The webhook's sender holds (or has used) the notification lease: this caller gets none.
    ddb.on(UpdateCommand, { UpdateExpression: CLAIM }).rejects(Object.assign(new Error('x'), { name: 'ConditionalCheckFailedException' }));
    const counts = await reconcileDuePayments(systemTable, provider({ status: 'BOOKED', transactionReference: 'KZ-7', amountCents: 3000 }), TENANT, now);
    expect(counts).toEqual({ checked: 1, completed: 0, open: 0, errors: 0 });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('counts a failed status query as an error and reschedules the payment, so it cannot block the others', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ paymentId: PAYMENT_ID, statusChecks: 0 }, { paymentId: 'neuss.BBBBBBBBBBBBBBBBBBBBBB', statusChecks: 0 }] });
    ddb.on(GetCommand).callsFake((input) => ({ Item: paymentItem({ paymentId: input.Key.PK.split('#')[2] }) }));
    const failing = provider(Object.assign(new Error('down'), { name: 'XBezahldiensteUnavailable' }));
    const counts = await reconcileDuePayments(systemTable, failing, TENANT, now);
    expect(counts).toEqual({ checked: 2, completed: 0, open: 0, errors: 2 });
    expect(reschedules().map((input) => input.ExpressionAttributeValues![':checkAt'])).toEqual([
      `2026-11-24T10:35:00.000Z#${PAYMENT_ID}`,
      '2026-11-24T10:35:00.000Z#neuss.BBBBBBBBBBBBBBBBBBBBBB',
    ]);
  });

  it('does not ask the provider about a payment whose create step never reached it, and asks again later', async () => {
    ddb.on(GetCommand).resolves({ Item: paymentItem({ providerTransactionId: undefined, checkoutUrl: undefined }) });
    const asked = provider({ status: 'BOOKED', amountCents: 3000 });
    expect(await reconcileDuePayments(systemTable, asked, TENANT, now)).toEqual({ checked: 1, completed: 0, open: 1, errors: 0 });
    expect(asked.status).not.toHaveBeenCalled();
    expect(reschedules()).toHaveLength(1);
  });
});
