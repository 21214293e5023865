import { UNIT_WEBHOOK_SECRET } from './support/env.ts';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/payments/webhook.handler.ts';
import type { PaymentEvent } from '../../../functions/payments/provider.ts';
import { signedHeaders } from '../../../functions/payments/signature.ts';
import { call, httpEvent } from '../../support/events.ts';
import { CLAIM, MARK, PAYMENT_ID, RELEASE, TENANT, TOKEN, conditionFailed, paymentItem, sfnError, transactionCanceled } from './support/fixtures.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

const booked: PaymentEvent = {
  eventId: 'evt-1',
  paymentId: PAYMENT_ID,
  tenantId: TENANT,
  status: 'BOOKED',
  transactionReference: 'SBX-2026-00000001-7',
  amountCents: 3000,
  occurredAt: '2026-11-24T10:05:00.000Z',
};

function webhook(event: unknown, options: { at?: Date; secret?: string; body?: string } = {}) {
  const body = options.body ?? JSON.stringify(event);
  const headers = signedHeaders(options.secret ?? UNIT_WEBHOOK_SECRET!, JSON.stringify(event), options.at ?? new Date());
  return httpEvent({ routeKey: 'POST /payments/webhook', rawBody: body, headers });
}

const claimed = (overrides = {}) => ({
  Attributes: paymentItem({
    status: 'BOOKED',
    transactionReference: booked.transactionReference!,
    bookedAt: booked.occurredAt,
    taskToken: TOKEN,
    taskTokenId: 'tid-1',
    notifyLeaseId: 'lease',
    ...overrides,
  }),
});

const updates = (expression: string) =>
  ddb.commandCalls(UpdateCommand).filter((c) => c.args[0].input.UpdateExpression === expression).map((c) => c.args[0].input);

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  ddb.on(GetCommand).resolves({ Item: paymentItem({ taskToken: TOKEN, taskTokenId: 'tid-1' }) });
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(UpdateCommand, { UpdateExpression: CLAIM }).resolves(claimed());
  ddb.on(UpdateCommand, { UpdateExpression: MARK }).resolves({});
  ddb.on(UpdateCommand, { UpdateExpression: RELEASE }).resolves({});
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(SendTaskFailureCommand).resolves({});
});

describe('POST /payments/webhook', () => {
  it('books the payment together with the event record and completes the waiting task once', async () => {
    const response = await call(handler, webhook(booked));
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ received: true });

    const [transaction] = ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);
    expect(transaction![0]!.Put).toMatchObject({
      Item: { PK: `${TENANT}#PAYMENT#${PAYMENT_ID}`, SK: 'EVENT#evt-1', expiresAt: expect.any(Number) },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(transaction![1]!.Update).toMatchObject({
      Key: { PK: `${TENANT}#PAYMENT#${PAYMENT_ID}`, SK: 'PAYMENT' },
      ConditionExpression: 'attribute_exists(PK) AND #status = :initial AND amountCents = :amount',
      ExpressionAttributeValues: expect.objectContaining({ ':to': 'BOOKED', ':reference': booked.transactionReference }),
    });

    const sent = sfn.commandCalls(SendTaskSuccessCommand);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.args[0].input.taskToken).toBe(TOKEN);
    expect(JSON.parse(sent[0]!.args[0].input.output!)).toEqual({
      paymentId: PAYMENT_ID,
      status: 'BOOKED',
      transactionReference: booked.transactionReference,
      bookedAt: booked.occurredAt,
      amountCents: 3000,
    });
    expect(updates(MARK)).toHaveLength(1);
    expect(updates(MARK)[0]!.ExpressionAttributeValues).toMatchObject({ ':outcome': 'SENT', ':tokenId': 'tid-1' });
  });

  it.each([
    ['a wrong secret', () => webhook(booked, { secret: 'another-secret-0123456789abcdef' })],
    ['a timestamp older than 5 minutes', () => webhook(booked, { at: new Date(Date.now() - 5 * 60_000 - 2_000) })],
    ['a timestamp from the future', () => webhook(booked, { at: new Date(Date.now() + 120_000) })],
    ['a tampered body', () => webhook(booked, { body: JSON.stringify({ ...booked, amountCents: 1 }) })],
    ['no signature headers', () => httpEvent({ routeKey: 'POST /payments/webhook', body: booked })],
  ])('rejects %s with 401 and touches neither DynamoDB nor Step Functions', async (_name, request) => {
    const response = await call(handler, request());
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.detail).toMatch(/Signatur/);
    expect(ddb.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers 422 when the amount does not match the payment, and writes nothing', async () => {
    const response = await call(handler, webhook({ ...booked, amountCents: 2999 }));
    expect(response.statusCode).toBe(422);
    expect(response.body.detail).toMatch(/Betrag/);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers 422 for an event whose payment id belongs to another tenant, without reading', async () => {
    const response = await call(handler, webhook({ ...booked, tenantId: 'kaarst' }));
    expect(response.statusCode).toBe(422);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 404 for an unknown payment', async () => {
    ddb.on(GetCommand).resolves({});
    const response = await call(handler, webhook(booked));
    expect(response.statusCode).toBe(404);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers 400 for an authentic request that is not a payment event', async () => {
    const response = await call(handler, webhook({ hello: 'world' }));
    expect(response.statusCode).toBe(400);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('acknowledges a replayed event with 200 and no second effect', async () => {
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'ConditionalCheckFailed'));
    ddb.on(UpdateCommand, { UpdateExpression: CLAIM }).rejects(conditionFailed()); // already notified
    const response = await call(handler, webhook(booked));
    expect(response.statusCode).toBe(200);
    expect(sfn.calls()).toHaveLength(0);
    expect(updates(MARK)).toHaveLength(0);
  });

  it('lets the loser of a concurrent delivery change nothing and send nothing', async () => {
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('None', 'ConditionalCheckFailed'));
    ddb.on(UpdateCommand, { UpdateExpression: CLAIM }).rejects(conditionFailed()); // the winner holds the lease
    const response = await call(handler, webhook(booked));
    expect(response.statusCode).toBe(200);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('retries a transaction that DynamoDB cancelled for a conflict with a concurrent writer', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(transactionCanceled('None', 'TransactionConflict')).resolves({});
    const response = await call(handler, webhook(booked));
    expect(response.statusCode).toBe(200);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('fails with 500 and gives the lease back when SendTaskSuccess fails; the redelivery completes the task', async () => {
    sfn.on(SendTaskSuccessCommand).rejectsOnce(sfnError('ServiceUnavailable')).resolves({});
    const first = await call(handler, webhook(booked));
    expect(first.statusCode).toBe(500);
    expect(updates(RELEASE)).toHaveLength(1);
    expect(updates(MARK)).toHaveLength(0);

    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'ConditionalCheckFailed'));
    const again = await call(handler, webhook(booked));
    expect(again.statusCode).toBe(200);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(2);
    expect(updates(MARK)).toHaveLength(1);
  });

  it.each(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist'])('counts a closed token (%s) as done', async (name) => {
    sfn.on(SendTaskSuccessCommand).rejects(sfnError(name));
    const response = await call(handler, webhook(booked));
    expect(response.statusCode).toBe(200);
    expect(updates(MARK)[0]!.ExpressionAttributeValues).toMatchObject({ ':outcome': 'TOKEN_CLOSED' });
  });

  it.each([
    ['FAILED', 'PaymentFailed'],
    ['CANCELED', 'PaymentCanceled'],
  ] as const)('fails the waiting task of a %s payment with %s', async (status, error) => {
    ddb.on(UpdateCommand, { UpdateExpression: CLAIM }).resolves(claimed({ status, transactionReference: undefined, bookedAt: undefined }));
    const { transactionReference: _r, ...event } = booked;
    const response = await call(handler, webhook({ ...event, status }));
    expect(response.statusCode).toBe(200);
    const failure = sfn.commandCalls(SendTaskFailureCommand);
    expect(failure).toHaveLength(1);
    expect(failure[0]!.args[0].input).toMatchObject({ taskToken: TOKEN, error });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('records a booking that arrives before the workflow waits, without notifying anybody yet', async () => {
    ddb.on(UpdateCommand, { UpdateExpression: CLAIM }).rejects(conditionFailed()); // no token stored
    const response = await call(handler, webhook(booked));
    expect(response.statusCode).toBe(200);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(sfn.calls()).toHaveLength(0);
  });
});
