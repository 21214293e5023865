import { UNIT_PUBLIC_API_URL, UNIT_WEBHOOK_SECRET } from './support/env.ts';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as actionHandler } from '../../../functions/payments/sandbox/checkout-action.handler.ts';
import { handler as pageHandler } from '../../../functions/payments/sandbox/checkout-page.handler.ts';
import { REDELIVERY_BACKOFF_MS, afterRound, deliverWebhook, describeOutcome } from '../../../functions/payments/sandbox/delivery.ts';
import { escapeHtml } from '../../../functions/core/html-page.ts';
import { checkoutPage, resultPage } from '../../../functions/payments/sandbox/page.ts';
import type { SandboxDelivery, SandboxTransaction } from '../../../functions/payments/sandbox/ledger.ts';
import { SandboxProvider, sandboxKassenzeichen } from '../../../functions/payments/sandbox/provider.ts';
import { call, httpEvent, testContext } from '../../support/events.ts';
import { memoryLedger } from './support/memory-ledger.ts';
import { PAYMENT_ID, TENANT, conditionFailed } from './support/fixtures.ts';

const ddb = mockClient(DynamoDBDocumentClient);

function transaction(overrides: Partial<SandboxTransaction> = {}): SandboxTransaction {
  return {
    providerTransactionId: 'sbx_1',
    paymentId: PAYMENT_ID,
    tenantId: TENANT,
    applicationId: 'app-1',
    amountCents: 123456,
    currency: 'EUR',
    purpose: 'Bewohnerparkausweis <script>alert("x")</script> & Co',
    cashReference: '1.1100',
    returnUrl: 'http://localhost:3000/antraege/app-1',
    status: 'INITIAL',
    createdAt: '2026-11-24T10:00:00.000Z',
    ...overrides,
  };
}

const item = (overrides: Partial<SandboxTransaction> = {}) => ({ Item: { PK: `${TENANT}#SANDBOX-PAYMENT#${PAYMENT_ID}`, SK: 'TRANSACTION', ...transaction(overrides) } });

/** The ledger's INITIAL → outcome update answers the transaction as stored (ALL_NEW), with the event it recorded. */
const FINISH = { ConditionExpression: 'attribute_exists(PK) AND #status = :initial' };
function finishes(status: SandboxTransaction['status']) {
  ddb.on(UpdateCommand, FINISH).callsFake((input) => ({
    Attributes: {
      ...transaction(),
      status,
      event: input.ExpressionAttributeValues[':event'],
      delivery: input.ExpressionAttributeValues[':delivery'],
      ...(input.ExpressionAttributeValues[':reference'] ? { transactionReference: input.ExpressionAttributeValues[':reference'] } : {}),
    },
  }));
}
const deliveryRecords = () => ddb.commandCalls(UpdateCommand).filter((c) => c.args[0].input.UpdateExpression?.startsWith('SET delivery')).map((c) => c.args[0].input);

async function raw(handler: (event: any, context: any) => Promise<any>, event: unknown) {
  return handler(event, testContext) as Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;
}

beforeEach(() => ddb.reset());
afterEach(() => vi.unstubAllGlobals());

describe('sandbox checkout page', () => {
  it('is a German page in the portal\'s design with the three actions as a plain form, the amount in de-DE notation and everything escaped', () => {
    const html = checkoutPage(transaction());
    expect(html).toMatch(/^<!doctype html>\n<html lang="de">/);
    expect(html).toContain('<link rel="stylesheet" href="/static/site.css">');
    expect(html).toContain('1.234,56\u00a0€');
    // Works without JavaScript: the form posts (form-encoded) to the action route, each button names its action.
    expect(html).toContain(`<form method="post" action="/sandbox-pay/${PAYMENT_ID}">`);
    for (const [action, label] of [['pay', 'Bezahlen'], ['cancel', 'Abbrechen'], ['fail', 'Fehlschlag simulieren']]) {
      expect(html).toMatch(new RegExp(`<button class="kern-btn kern-btn--\\w+" type="submit" name="action" value="${action}"><span class="kern-label">${label}</span></button>`));
    }
    expect(html).toContain('<legend class="kern-label">Wie soll die Testzahlung ausgehen?</legend>');
    expect(html).not.toMatch(/<script|<style|style=/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(html).not.toMatch(/(src|href)=["']?https?:(?!\/\/localhost:3000\/antraege\/)/);
    expect(html).toContain('<a class="kern-link" href="http://localhost:3000/antraege/app-1">Zurück zu Ihrem Antrag</a>');
  });

  it('shows a finished transaction without buttons, and the result page leads back to the application', () => {
    const html = checkoutPage(transaction({ status: 'BOOKED', transactionReference: 'SBX-2026-00000001-7' }));
    expect(html).toContain('bereits abgeschlossen');
    expect(html).toContain('SBX-2026-00000001-7');
    expect(html).not.toContain('<button');
    const result = resultPage(transaction({ status: 'CANCELED' }), 'Die Testzahlung wurde abgebrochen.');
    expect(result).toContain('role="status"');
    expect(result).toContain('href="http://localhost:3000/antraege/app-1"');
    expect(escapeHtml(`'"<>&`)).toBe('&#39;&quot;&lt;&gt;&amp;');
  });

  it('GET /sandbox-pay/{paymentId} answers text/html for a known transaction, its CSP without inline code and its forms posting only here', async () => {
    ddb.on(GetCommand).resolves(item());
    const response = await raw(pageHandler, httpEvent({ routeKey: 'GET /sandbox-pay/{paymentId}', pathParameters: { paymentId: PAYMENT_ID } }));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['content-security-policy']).toContain("form-action 'self'");
    expect(response.headers['content-security-policy']).not.toMatch(/unsafe-inline|script-src/);
    expect(response.body).toContain('Testzahlung');
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({ PK: `${TENANT}#SANDBOX-PAYMENT#${PAYMENT_ID}`, SK: 'TRANSACTION' });
  });

  it('answers 404 for an unknown transaction and 400 for a malformed payment id', async () => {
    ddb.on(GetCommand).resolves({});
    const missing = await call(pageHandler, httpEvent({ routeKey: 'GET /sandbox-pay/{paymentId}', pathParameters: { paymentId: PAYMENT_ID } }));
    expect(missing.statusCode).toBe(404);
    for (const bad of ['neuss', 'neuss.short', 'Neuss.AAAAAAAAAAAAAAAAAAAAAA', 'neuss#x.AAAAAAAAAAAAAAAAAAAAAA', '../etc.AAAAAAAAAAAAAAAAAAAAAA']) {
      const response = await call(pageHandler, httpEvent({ routeKey: 'GET /sandbox-pay/{paymentId}', pathParameters: { paymentId: bad } }));
      expect(response.statusCode).toBe(400);
    }
  });
});

describe('sandbox checkout action', () => {
  const action = (body: unknown, headers: Record<string, string> = {}) =>
    httpEvent({ routeKey: 'POST /sandbox-pay/{paymentId}', pathParameters: { paymentId: PAYMENT_ID }, body, headers });

  it('pays once, sends a webhook signed with the shared secret, and reports the webhook status', async () => {
    ddb.on(GetCommand).resolves(item());
    ddb.on(UpdateCommand).resolves({});
    finishes('BOOKED');
    const fetchMock = vi.fn(async () => new Response('{"received":true}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);

    const response = await call(actionHandler, action({ action: 'pay' }));

    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ paymentId: PAYMENT_ID, status: 'BOOKED', statusText: 'Bezahlt', webhook: { status: 200, attempts: 1 } });
    expect(response.body.transactionReference).toMatch(/^SBX-\d{4}-\d{8}-\d$/);
    expect(response.body.message).toMatch(/ausgeführt.*HTTP 200/);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(`${UNIT_PUBLIC_API_URL}/payments/webhook`);
    const verifier = new SandboxProvider({ ledger: memoryLedger(), secret: UNIT_WEBHOOK_SECRET!, publicApiUrl: UNIT_PUBLIC_API_URL! });
    const event = verifier.verifyWebhook(init.headers as Record<string, string>, init.body as string, new Date());
    expect(event).toMatchObject({ paymentId: PAYMENT_ID, tenantId: TENANT, status: 'BOOKED', amountCents: 123456, transactionReference: response.body.transactionReference });
    const update = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.ConditionExpression).toBe('attribute_exists(PK) AND #status = :initial');
    // The payer's action and its confirmation, due at once, are one write: a crash before the webhook loses nothing.
    expect(update.ExpressionAttributeValues).toMatchObject({ ':delivery': { state: 'pending', rounds: 0 }, ':pending': `${TENANT}#SANDBOX-WEBHOOK#pending` });
    expect(deliveryRecords()).toEqual([expect.objectContaining({ UpdateExpression: 'SET delivery = :delivery REMOVE GSI2PK, GSI2SK', ExpressionAttributeValues: { ':delivery': { state: 'delivered', rounds: 1, lastStatus: 200 } } })]);
  });

  it('keeps a confirmation that could not be delivered due for the redelivery schedule, a minute later', async () => {
    ddb.on(GetCommand).resolves(item());
    ddb.on(UpdateCommand).resolves({});
    finishes('BOOKED');
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 503 })));
    const before = Date.now();
    const response = await call(actionHandler, action({ action: 'pay' }));
    expect(response.statusCode).toBe(200);
    expect(response.body.message).toMatch(/abgelehnt \(HTTP 503\)/);
    const [recorded] = deliveryRecords();
    expect(recorded!.UpdateExpression).toBe('SET delivery = :delivery, GSI2SK = :due');
    const next = Date.parse((recorded!.ExpressionAttributeValues![':delivery'] as { nextAttemptAt: string }).nextAttemptAt);
    expect(next - before).toBeGreaterThanOrEqual(60_000);
    expect(recorded!.ExpressionAttributeValues![':due']).toMatch(new RegExp(`#${PAYMENT_ID.replace('.', '\\.')}$`));
  });

  it.each([
    ['cancel', 'CANCELED', /abgebrochen/],
    ['fail', 'FAILED', /Fehlschlag/],
  ])('%s records %s and reports it', async (name, status, text) => {
    ddb.on(GetCommand).resolves(item());
    ddb.on(UpdateCommand).resolves({});
    finishes(status as SandboxTransaction['status']);
    const fetchMock = vi.fn(async () => new Response('{}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const response = await call(actionHandler, action({ action: name }));
    expect(response.body).toMatchObject({ status, webhook: { status: 200 } });
    expect(response.body.message).toMatch(text);
    expect(JSON.parse((fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1].body as string)).not.toHaveProperty('transactionReference');
  });

  it('answers 409 for a second action on a finished transaction and sends no webhook', async () => {
    ddb.on(GetCommand).resolves(item({ status: 'BOOKED' }));
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const response = await call(actionHandler, action({ action: 'pay' }));
    expect(response.statusCode).toBe(409);
    expect(response.body.detail).toMatch(/bereits abgeschlossen/);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('retries the webhook on network errors and 5xx, not on 4xx, and reports the last status', async () => {
    const request = { url: 'http://localhost:3000/payments/webhook', headers: {}, body: '{}' };
    const unavailable = vi.fn(async () => new Response('{}', { status: 503 }));
    vi.stubGlobal('fetch', unavailable);
    expect(await deliverWebhook(request, { retryDelaysMs: [0, 0] })).toEqual({ status: 503, attempts: 3 });
    expect(unavailable).toHaveBeenCalledTimes(3);

    const flaky = vi.fn().mockRejectedValueOnce(new Error('ECONNRESET')).mockResolvedValue(new Response('{}', { status: 401 }));
    vi.stubGlobal('fetch', flaky);
    expect(await deliverWebhook(request, { retryDelaysMs: [0, 0] })).toEqual({ status: 401, attempts: 2 });

    const down = vi.fn(async () => Promise.reject(new Error('ECONNREFUSED')));
    vi.stubGlobal('fetch', down);
    const delivery = await deliverWebhook(request, { retryDelaysMs: [0] });
    expect(delivery).toMatchObject({ status: null, attempts: 2, error: 'ECONNREFUSED' });
    expect(describeOutcome(transaction({ status: 'FAILED' }), delivery)).toMatch(/nicht zugestellt werden \(2 Versuche\)/);
  });

  it('answers with a page when the client asks for HTML only', async () => {
    ddb.on(GetCommand).resolves(item());
    ddb.on(UpdateCommand).resolves({});
    finishes('CANCELED');
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 200 })));
    const response = await raw(actionHandler, action({ action: 'cancel' }, { accept: 'text/html' }));
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('Ergebnis der Testzahlung');
  });

  const formPost = (rawBody: string, accept = 'text/html,application/xhtml+xml,*/*;q=0.8') =>
    httpEvent({
      routeKey: 'POST /sandbox-pay/{paymentId}',
      pathParameters: { paymentId: PAYMENT_ID },
      rawBody,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
    });

  it('takes the form post of the page without JavaScript and answers the browser with the result page', async () => {
    ddb.on(GetCommand).resolves(item());
    ddb.on(UpdateCommand).resolves({});
    finishes('BOOKED');
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 200 })));
    const response = await raw(actionHandler, formPost('action=pay'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('Die Testzahlung über 1.234,56');
    expect(response.body).toContain('Zurück zu Ihrem Antrag');
  });

  it('refuses unknown actions (400, also form-posted), a field posted twice (400) and other media types (415)', async () => {
    expect((await call(actionHandler, action({ action: 'steal' }))).statusCode).toBe(400);
    const steal = await call(actionHandler, formPost('action=steal', 'application/json'));
    expect(steal.statusCode).toBe(400);
    expect(steal.body.errors).toEqual([{ field: 'body/action', message: expect.any(String) }]);
    expect((await call(actionHandler, formPost('action=pay&action=fail', 'application/json'))).statusCode).toBe(400);
    const text = httpEvent({ routeKey: 'POST /sandbox-pay/{paymentId}', pathParameters: { paymentId: PAYMENT_ID }, rawBody: 'pay', headers: { 'content-type': 'text/plain' } });
    const unsupported = await call(actionHandler, text);
    expect(unsupported.statusCode).toBe(415);
    expect(unsupported.body.detail).toContain('application/x-www-form-urlencoded');
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('sandbox confirmations, kept until delivered', () => {
  const at = new Date('2026-11-24T10:00:00.000Z');
  const unanswered = { status: 503, attempts: 3 };

  it('are due again after each unanswered round, with growing pauses, and given up after the last', () => {
    let delivery: SandboxDelivery | undefined;
    for (const [round, pause] of REDELIVERY_BACKOFF_MS.entries()) {
      delivery = afterRound(delivery, unanswered, at);
      expect(delivery).toEqual({ state: 'pending', rounds: round + 1, nextAttemptAt: new Date(at.getTime() + pause).toISOString(), lastStatus: 503 });
      if (round > 0) expect(pause).toBeGreaterThan(REDELIVERY_BACKOFF_MS[round - 1]!);
    }
    expect(afterRound(delivery, unanswered, at)).toMatchObject({ state: 'abandoned', rounds: REDELIVERY_BACKOFF_MS.length + 1 });
    // No answer at all (the platform is down) is unanswered too.
    expect(afterRound(undefined, { status: null, attempts: 3, error: 'ECONNREFUSED' }, at)).toMatchObject({ state: 'pending', lastStatus: null });
    // A real provider keeps trying for about a day and a half.
    expect(REDELIVERY_BACKOFF_MS.reduce((sum, pause) => sum + pause, 0)).toBeGreaterThan(24 * 3_600_000);
  });

  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [401, 'refused'],
    [422, 'refused'],
  ] as const)('end with HTTP %i as %s', (status, state) => {
    expect(afterRound(undefined, { status, attempts: 1 }, at)).toEqual({ state, rounds: 1, lastStatus: status });
  });

  it('are sent again by the provider once due, and not any more once delivered', async () => {
    const ledger = memoryLedger();
    const sandbox = new SandboxProvider({ ledger, secret: UNIT_WEBHOOK_SECRET!, publicApiUrl: UNIT_PUBLIC_API_URL! });
    await ledger.create(transaction());
    // The process died right after the payer's action: the confirmation is due at once.
    const { transaction: settled } = await sandbox.settle(PAYMENT_ID, 'pay', new Date());
    expect((await sandbox.dueConfirmations(TENANT, new Date())).map((t) => t.paymentId)).toEqual([PAYMENT_ID]);
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 503 })));
    expect((await sandbox.deliverConfirmation(settled, new Date(), { retryDelaysMs: [] })).state).toBe('pending');
    expect(await sandbox.dueConfirmations(TENANT, new Date())).toEqual([]);
    const later = new Date(Date.now() + REDELIVERY_BACKOFF_MS[0]! + 1000);
    const [due] = await sandbox.dueConfirmations(TENANT, later);
    const fetchMock = vi.fn(async () => new Response('{"received":true}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    expect((await sandbox.deliverConfirmation(due!, later)).state).toBe('delivered');
    // Signed anew: a signature is valid for five minutes only, the retry may come hours later.
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(sandbox.verifyWebhook(init.headers as Record<string, string>, init.body as string, later)).toMatchObject({ paymentId: PAYMENT_ID, status: 'BOOKED' });
    expect(await sandbox.dueConfirmations(TENANT, new Date(later.getTime() + 48 * 3_600_000))).toEqual([]);
  });
});

describe('sandbox Kassenzeichen', () => {
  it('looks like a cash-office reference with a Luhn check digit', () => {
    const reference = sandboxKassenzeichen(new Date('2026-11-24T10:00:00Z'));
    expect(reference).toMatch(/^SBX-2026-\d{8}-\d$/);
    const digits = reference.replace(/\D/g, '');
    const sum = [...digits].reverse().reduce((total, char, index) => {
      let digit = Number(char);
      if (index % 2 === 1) {
        digit *= 2;
        if (digit > 9) digit -= 9;
      }
      return total + digit;
    }, 0);
    expect(sum % 10).toBe(0);
  });
});
