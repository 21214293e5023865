import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, inject } from 'vitest';
import { call, httpEvent, testContext } from '../support/events.ts';
import { providerContract } from '../unit/payments/support/provider-contract.ts';
import { sandboxHarness } from '../unit/payments/support/sandbox-harness.ts';

/**
 * Payments against DynamoDB Local (the platform's table): the workflow steps, the webhook with real conditional
 * writes under concurrency, and the sandbox provider end to end. Step Functions is a small stub in this file that
 * counts SendTaskSuccess/SendTaskFailure (and answers `TaskTimedOut` for a token that was already completed, as
 * AWS does); the same stub serves `PUBLIC_API_URL/payments/webhook`, so the sandbox's signed webhook reaches the
 * real webhook handler over HTTP.
 */
const tenantId = 'kaarst';
const secret = `integration-${randomBytes(16).toString('hex')}`;

type Handler = (event: any, context: Context) => Promise<any>;

let m: {
  createPayment: Handler;
  awaitPayment: Handler;
  cancelPayment: Handler;
  refundPayment: Handler;
  webhook: Handler;
  checkoutPage: Handler;
  checkoutAction: Handler;
  api: typeof import('../../functions/payments/api.ts');
  store: typeof import('../../functions/payments/store.ts');
  ledger: typeof import('../../functions/payments/sandbox/ledger.ts');
  signature: typeof import('../../functions/payments/signature.ts');
  ddb: typeof import('../../functions/core/ddb.ts');
};

interface SfnCall {
  operation: string;
  input: { taskToken: string; output?: string; error?: string; cause?: string };
  status: number;
}

const sfnCalls: SfnCall[] = [];
const closedTokens = new Set<string>();
let server: Server;
let baseUrl: string;
const savedEnvironment = { ...process.env };

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Step Functions' AWS JSON 1.0 protocol for SendTaskSuccess/Failure, and the webhook route of the HTTP API. */
async function startStub(): Promise<void> {
  server = createServer(async (request, response) => {
    const body = await readBody(request);
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string' && target.startsWith('AWSStepFunctions.')) {
      const operation = target.slice('AWSStepFunctions.'.length);
      const input = JSON.parse(body) as SfnCall['input'];
      const closed = closedTokens.has(input.taskToken);
      closedTokens.add(input.taskToken);
      const status = closed ? 400 : 200;
      sfnCalls.push({ operation, input, status });
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(closed ? { __type: 'TaskTimedOut', message: 'Task Timed Out' } : {}));
      return;
    }
    if (request.method === 'POST' && request.url === '/payments/webhook') {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
      const result = await m.webhook(httpEvent({ routeKey: 'POST /payments/webhook', rawBody: body, headers }), testContext);
      response.writeHead(result.statusCode, result.headers);
      response.end(result.body ?? '');
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  await startStub();
  Object.assign(process.env, inject('platform').environment, {
    // This file's own values, whatever the platform provides: the stub stands in for the API and Step Functions.
    PUBLIC_API_URL: baseUrl,
    PAYMENT_PROVIDER: 'sandbox',
    PAYMENT_WEBHOOK_SECRET: secret,
    AWS_ENDPOINT_URL_SFN: baseUrl,
  });
  delete process.env.PAYMENT_WEBHOOK_SECRET_ARN;
  m = {
    createPayment: (await import('../../functions/payments/workflow/create-payment.handler.ts')).handler,
    awaitPayment: (await import('../../functions/payments/workflow/await-payment.handler.ts')).handler,
    cancelPayment: (await import('../../functions/payments/workflow/cancel-payment.handler.ts')).handler,
    refundPayment: (await import('../../functions/payments/workflow/refund-payment.handler.ts')).handler,
    webhook: (await import('../../functions/payments/webhook.handler.ts')).handler,
    checkoutPage: (await import('../../functions/payments/sandbox/checkout-page.handler.ts')).handler,
    checkoutAction: (await import('../../functions/payments/sandbox/checkout-action.handler.ts')).handler,
    api: await import('../../functions/payments/api.ts'),
    store: await import('../../functions/payments/store.ts'),
    ledger: await import('../../functions/payments/sandbox/ledger.ts'),
    signature: await import('../../functions/payments/signature.ts'),
    ddb: await import('../../functions/core/ddb.ts'),
  };
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  for (const key of Object.keys(process.env)) if (!(key in savedEnvironment)) delete process.env[key];
  Object.assign(process.env, savedEnvironment);
});

beforeEach(() => {
  sfnCalls.length = 0;
});

const newApplicationId = () => `app-${randomUUID()}`;

async function createFor(applicationId = newApplicationId(), amountCents = 3000) {
  const result = await m.createPayment(
    { tenantId, applicationId, caseNumber: 'KA-BPA-2026-000007', amountCents, purpose: 'Bewohnerparkausweis KA-BPA-2026-000007', cashReference: '1.1100.0001' },
    testContext,
  );
  return result as { paymentId: string; checkoutUrl: string; status: string };
}

const payment = (paymentId: string) => m.store.getPayment(m.ddb.systemTable, tenantId, paymentId);
const successes = () => sfnCalls.filter((c) => c.operation === 'SendTaskSuccess');

function sandboxAction(paymentId: string, action: 'pay' | 'cancel' | 'fail') {
  return call(m.checkoutAction, httpEvent({ routeKey: 'POST /sandbox-pay/{paymentId}', pathParameters: { paymentId }, body: { action } }));
}

describe('payments on the local platform', () => {
  it('creates one payment per application, also when the step is raced and retried', async () => {
    const applicationId = newApplicationId();
    const results = await Promise.all(Array.from({ length: 5 }, () => createFor(applicationId)));
    const [first] = results;
    expect(new Set(results.map((r) => r.paymentId)).size).toBe(1);
    expect(first!.paymentId).toMatch(/^kaarst\.[A-Za-z0-9_-]{22}$/);
    expect(first).toMatchObject({ status: 'INITIAL', checkoutUrl: `${baseUrl}/sandbox-pay/${first!.paymentId}` });
    expect(await createFor(applicationId)).toEqual(first);

    const stored = await payment(first!.paymentId);
    expect(stored).toMatchObject({ applicationId, amountCents: 3000, currency: 'EUR', status: 'INITIAL', provider: 'sandbox' });
    const sandbox = await m.ledger.dynamoLedger(m.ddb.systemTable).get(tenantId, first!.paymentId);
    expect(sandbox).toMatchObject({ status: 'INITIAL', providerTransactionId: stored!.providerTransactionId });
  });

  it('completes the waiting task exactly once when the same booking arrives 10 times at once', async () => {
    const { paymentId } = await createFor();
    const taskToken = `token-${randomUUID()}`;
    await expect(m.awaitPayment({ tenantId, paymentId, taskToken }, testContext)).resolves.toEqual({ registered: true });
    expect(sfnCalls).toHaveLength(0);

    // The payer pays in the sandbox; its signed webhook is then delivered ten times concurrently.
    const sandbox = sandboxHarness(m.ledger.dynamoLedger(m.ddb.systemTable), secret).provider;
    const { webhook } = await sandbox.settle(paymentId, 'pay', new Date());
    const deliver = () => m.webhook(httpEvent({ routeKey: 'POST /payments/webhook', rawBody: webhook.body, headers: webhook.headers }), testContext);
    const responses = await Promise.all(Array.from({ length: 10 }, deliver));

    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect(sfnCalls).toHaveLength(1);
    const [completion] = successes();
    expect(completion!.input.taskToken).toBe(taskToken);
    const event = JSON.parse(webhook.body);
    expect(JSON.parse(completion!.input.output!)).toEqual({
      paymentId,
      status: 'BOOKED',
      transactionReference: event.transactionReference,
      bookedAt: event.occurredAt,
      amountCents: 3000,
    });
    const stored = await payment(paymentId);
    expect(stored).toMatchObject({ status: 'BOOKED', transactionReference: event.transactionReference, taskNotified: true, taskNotification: 'SENT' });
    expect(stored!.history.filter((change) => change.status === 'BOOKED')).toHaveLength(1);
    expect(stored).not.toHaveProperty('notifyLeaseId');

    // A replay later is acknowledged and changes nothing.
    expect((await deliver()).statusCode).toBe(200);
    expect(sfnCalls).toHaveLength(1);
  });

  it('remembers an accepted event id with a TTL', async () => {
    const { paymentId } = await createFor();
    const sandbox = sandboxHarness(m.ledger.dynamoLedger(m.ddb.systemTable), secret).provider;
    const { webhook } = await sandbox.settle(paymentId, 'fail', new Date());
    const response = await call(m.webhook, httpEvent({ routeKey: 'POST /payments/webhook', rawBody: webhook.body, headers: webhook.headers }));
    expect(response.statusCode).toBe(200);
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const eventId = JSON.parse(webhook.body).eventId as string;
    const record = await m.ddb.systemTable.send(
      new GetCommand({ TableName: m.ddb.TABLE_NAME, Key: { PK: `${tenantId}#PAYMENT#${paymentId}`, SK: `EVENT#${eventId}` } }),
    );
    expect(record.Item).toMatchObject({ eventId, status: 'FAILED', expiresAt: expect.any(Number) });
    expect(record.Item!.expiresAt).toBeGreaterThan(Date.now() / 1000 + 29 * 24 * 3600);
    expect((await payment(paymentId))!.status).toBe('FAILED');
  });

  it('rejects a forged webhook with 401 and changes nothing', async () => {
    const { paymentId } = await createFor();
    const body = JSON.stringify({ eventId: 'evt-forged', paymentId, tenantId, status: 'BOOKED', transactionReference: 'X', amountCents: 3000, occurredAt: new Date().toISOString() });
    const headers = m.signature.signedHeaders('not-the-shared-secret-0123456789', body, new Date());
    const response = await call(m.webhook, httpEvent({ routeKey: 'POST /payments/webhook', rawBody: body, headers }));
    expect(response.statusCode).toBe(401);
    const stored = await payment(paymentId);
    expect(stored).toMatchObject({ status: 'INITIAL' });
    expect(stored!.history).toHaveLength(1);
  });

  it('serves the payer who is faster than the workflow: the wait step completes the task itself', async () => {
    const { paymentId } = await createFor();
    const page = await m.checkoutPage(httpEvent({ routeKey: 'GET /sandbox-pay/{paymentId}', pathParameters: { paymentId } }), testContext);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('30,00\u00a0€');

    // The sandbox action posts the signed webhook over HTTP to PUBLIC_API_URL/payments/webhook (the stub → handler).
    const paid = await sandboxAction(paymentId, 'pay');
    expect(paid.statusCode).toBe(200);
    expect(paid.body).toMatchObject({ status: 'BOOKED', webhook: { status: 200, attempts: 1 } });
    expect((await payment(paymentId))!.status).toBe('BOOKED');
    expect(sfnCalls).toHaveLength(0);

    const taskToken = `token-${randomUUID()}`;
    await m.awaitPayment({ tenantId, paymentId, taskToken }, testContext);
    expect(successes().map((c) => c.input.taskToken)).toEqual([taskToken]);
    expect(JSON.parse(successes()[0]!.input.output!)).toMatchObject({ transactionReference: paid.body.transactionReference });

    expect((await sandboxAction(paymentId, 'cancel')).statusCode).toBe(409);
  });

  it('withdrawal while waiting: the wait fails once, the payment is cancelled and can no longer be paid', async () => {
    const { paymentId } = await createFor();
    const taskToken = `token-${randomUUID()}`;
    await m.awaitPayment({ tenantId, paymentId, taskToken }, testContext);

    expect(await m.api.abortPaymentWait(tenantId, paymentId, 'Withdrawn', 'Vom Antragsteller zurückgezogen')).toBe(true);
    expect(await m.api.abortPaymentWait(tenantId, paymentId, 'Withdrawn', 'Vom Antragsteller zurückgezogen')).toBe(false);
    expect(sfnCalls.map((c) => [c.operation, c.input.error])).toEqual([['SendTaskFailure', 'Withdrawn']]);

    expect(await m.cancelPayment({ tenantId, paymentId }, testContext)).toEqual({ status: 'CANCELED' });
    expect(await m.cancelPayment({ tenantId, paymentId }, testContext)).toEqual({ status: 'CANCELED' });
    const refused = await sandboxAction(paymentId, 'pay');
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await m.api.paymentSummary(m.ddb.systemTable, tenantId, paymentId)).toEqual({ paymentId, status: 'CANCELED' });
    expect(await m.refundPayment({ tenantId, paymentId, reason: 'Zurückgezogen' }, testContext)).toEqual({ status: 'NOT_PAID' });
  });

  it('does not cancel a booked payment, and refunds it exactly once under concurrent retries', async () => {
    const { paymentId } = await createFor();
    expect((await sandboxAction(paymentId, 'pay')).body.webhook.status).toBe(200);
    expect(await m.cancelPayment({ tenantId, paymentId }, testContext)).toEqual({ status: 'BOOKED' });

    const attempts = await Promise.allSettled(Array.from({ length: 4 }, () => m.refundPayment({ tenantId, paymentId, reason: 'Zurückgezogen' }, testContext)));
    const fulfilled = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    const rejected = attempts.flatMap((a) => (a.status === 'rejected' ? [a.reason as Error] : []));
    expect(fulfilled.length).toBeGreaterThanOrEqual(1);
    // Concurrent copies of the step either answer the one refund or are told to retry (RefundInProgress).
    expect(rejected.map((error) => error.name)).toEqual(Array(rejected.length).fill('RefundInProgress'));
    const refund = await m.refundPayment({ tenantId, paymentId, reason: 'Zurückgezogen' }, testContext);
    expect(refund).toMatchObject({ status: 'REFUNDED', reference: expect.stringMatching(/^SBX-RF-/) });
    for (const result of fulfilled) expect(result).toEqual(refund);

    const sandbox = await m.ledger.dynamoLedger(m.ddb.systemTable).get(tenantId, paymentId);
    expect(sandbox!.refund!.reference).toBe(refund.reference);
    expect(await m.api.paymentSummary(m.ddb.systemTable, tenantId, paymentId)).toMatchObject({
      status: 'BOOKED',
      refund: { status: 'REFUNDED', reference: refund.reference },
    });
  });
});

providerContract('sandbox (DynamoDB Local ledger)', () => sandboxHarness(m.ledger.dynamoLedger(m.ddb.systemTable), secret));
