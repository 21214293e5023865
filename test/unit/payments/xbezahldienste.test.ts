import './support/env.ts';
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { newPaymentId } from '../../../functions/payments/ids.ts';
import { ProviderTransactionNotFound, RefundNotPossible, type PaymentRequest } from '../../../functions/payments/provider.ts';
import { paymentSettingsProblems, paymentSettingsSchema, type XBezahldiensteSettings } from '../../../functions/payments/settings.ts';
import {
  XBD_TRANSACTION_PREFIX,
  XBezahldiensteProtocolError,
  XBezahldiensteProvider,
  XBezahldiensteRefused,
  XBezahldiensteUnavailable,
} from '../../../functions/payments/xbezahldienste/adapter.ts';
import {
  STATUS_MAPPING,
  UnknownXBezahldiensteStatus,
  XBEZAHLDIENSTE_STATUSES,
  mapStatus,
  paymentRequestSchema,
  xbdPurposeOf,
} from '../../../functions/payments/xbezahldienste/protocol.ts';
import { PAYPAGE_ACTIONS, XBezahldiensteSandbox, type XbdSandboxStore, type XbdSandboxTransaction } from '../../../functions/payments/xbezahldienste/sandbox/platform.ts';
import * as z from '../../../functions/core/zod.ts';
import { providerContract, type ProviderHarness } from './support/provider-contract.ts';

const SETTINGS: XBezahldiensteSettings = {
  provider: 'xbezahldienste',
  baseUrl: 'https://epay.example/xbezahldienste/v1',
  originatorId: 'openkreis-neuss',
  endPointId: '05162024',
  credentialRef: 'openkreis/neuss/payments/epaybl',
};
const CREDENTIAL = 'bearer-credential-0123456789';
const COLLECTION = 'https://epay.example/xbezahldienste/v1/paymenttransaction/openkreis-neuss/05162024';

function request(overrides: Partial<PaymentRequest> = {}): PaymentRequest {
  return {
    paymentId: newPaymentId('neuss'),
    tenantId: 'neuss',
    applicationId: 'app-1',
    amountCents: 3000,
    currency: 'EUR',
    purpose: 'NE-BPA-2026-000042 BEWOHNER',
    cashReference: '1.1100.0000.0001',
    returnUrl: 'https://portal.example/antraege/app-1?zahlung=zurueck',
    ...overrides,
  };
}

function transaction(status: string, extra: Record<string, unknown> = {}) {
  return {
    paymentRequest: {
      requestId: 'AAAAAAAAAAAAAAAAAAAAAA',
      requestTimestamp: '2026-11-24T10:00:00.000Z',
      currency: 'EUR' as const,
      grossAmount: 3000,
      purpose: 'NE-BPA-2026-000042 BEWOHNER',
      redirectUrl: 'https://portal.example/antraege/app-1',
      items: [{ id: 'AAAAAAAAAAAAAAAAAAAAAA', grossAmount: 3000 }],
    },
    paymentInformation: { transactionId: 'T-1', status, ...(status === 'INITIAL' ? { transactionRedirectUrl: 'https://epay.example/pay/T-1' } : {}), ...extra },
  };
}

const answer = (status: number, body: unknown) => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function adapter(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => respond(String(url), init ?? {}));
  return { fetch, provider: new XBezahldiensteProvider({ settings: SETTINGS, credential: async () => CREDENTIAL, fetch: fetch as typeof globalThis.fetch }) };
}

const REF = { paymentId: 'neuss.AAAAAAAAAAAAAAAAAAAAAA', tenantId: 'neuss', providerTransactionId: `${XBD_TRANSACTION_PREFIX}T-1` };

describe('XBezahldienste status mapping', () => {
  it.each([
    ['INITIAL', 'INITIAL'],
    ['PAYED', 'BOOKED'],
    ['FAILED', 'FAILED'],
    ['CANCELED', 'CANCELED'],
  ] as const)('maps the specification\'s status %s to %s', (xbd, ours) => {
    expect(mapStatus(xbd)).toBe(ours);
  });

  it('covers every status the specification names, and each of ours is reached', () => {
    expect(Object.keys(STATUS_MAPPING).sort()).toEqual([...XBEZAHLDIENSTE_STATUSES].sort());
    expect(new Set(Object.values(STATUS_MAPPING))).toEqual(new Set(['INITIAL', 'BOOKED', 'FAILED', 'CANCELED']));
  });

  it.each(['BOOKED', 'PAID', 'payed', '', 'TIMEOUT'])('never guesses at a status the specification does not name (%j)', (status) => {
    expect(() => mapStatus(status)).toThrow(UnknownXBezahldiensteStatus);
  });

  it('narrows our DTA purpose to the XBezahldienste character set, at most 27 characters', () => {
    expect(xbdPurposeOf("NE-BPA-2026-000042 BEWOHNER")).toBe('NE-BPA-2026-000042 BEWOHNER');
    expect(xbdPurposeOf("NE-BPA-2026-000042 (GEB.) 'X'+/ ,: EXTRA LANG")).toMatch(/^[A-Za-z0-9_\s-]{1,27}$/);
  });
});

describe('XBezahldienste adapter (mocked HTTP)', () => {
  it('creates the transaction with a PaymentRequest under the tenant\'s originator and endpoint, with the bearer credential', async () => {
    const { fetch, provider } = adapter(() => answer(201, transaction('INITIAL')));
    const input = request();
    const created = await provider.createTransaction(input);
    expect(created).toEqual({ providerTransactionId: 'xbd:T-1', checkoutUrl: 'https://epay.example/pay/T-1' });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(COLLECTION);
    expect(init!.method).toBe('POST');
    expect((init!.headers as Record<string, string>).authorization).toBe(`Bearer ${CREDENTIAL}`);
    const body = JSON.parse(String(init!.body));
    expect(z.safeParse(paymentRequestSchema, body).success).toBe(true);
    expect(body).toMatchObject({
      requestId: input.paymentId.split('.')[1],
      currency: 'EUR',
      grossAmount: 3000,
      purpose: 'NE-BPA-2026-000042 BEWOHNER',
      redirectUrl: input.returnUrl,
      items: [{ grossAmount: 3000, reference: '1.1100.0000.0001' }],
    });
  });

  it('queries the status after the return: PAYED is BOOKED with the Kassenzeichen, amount and time', async () => {
    const { fetch, provider } = adapter(() =>
      answer(200, transaction('PAYED', { transactionReference: 'KZ-2026-17', transactionTimestamp: '2026-11-24T10:03:00+01:00' })),
    );
    expect(await provider.status(REF)).toEqual({ status: 'BOOKED', transactionReference: 'KZ-2026-17', amountCents: 3000, occurredAt: '2026-11-24T09:03:00.000Z' });
    expect(fetch.mock.calls[0]![0]).toBe(`${COLLECTION}/T-1`);
    expect(fetch.mock.calls[0]![1]!.method).toBe('GET');
  });

  it('reports an open transaction as INITIAL without reference or time', async () => {
    const { provider } = adapter(() => answer(200, transaction('INITIAL', { transactionReference: 'KZ-EARLY' })));
    expect(await provider.status(REF)).toEqual({ status: 'INITIAL', amountCents: 3000 });
  });

  it.each([
    [503, XBezahldiensteUnavailable],
    [429, XBezahldiensteUnavailable],
    [403, XBezahldiensteRefused],
    [404, ProviderTransactionNotFound],
  ] as const)('answers HTTP %i of the status query with %s', async (status, error) => {
    const { provider } = adapter(() => answer(status, { code: status === 403 ? 'FORBIDDEN' : 'UNSPECIFIED' }));
    await expect(provider.status(REF)).rejects.toBeInstanceOf(error);
  });

  it('treats a network failure as unavailable and an answer of another shape or status as a protocol error', async () => {
    await expect(adapter(() => Promise.reject(new TypeError('fetch failed'))).provider.status(REF)).rejects.toBeInstanceOf(XBezahldiensteUnavailable);
    await expect(adapter(() => answer(200, { hello: 'world' })).provider.status(REF)).rejects.toBeInstanceOf(XBezahldiensteProtocolError);
    await expect(adapter(() => answer(200, { paymentInformation: transaction('PAYED').paymentInformation })).provider.status(REF)).rejects.toBeInstanceOf(XBezahldiensteProtocolError);
    await expect(adapter(() => answer(200, transaction('BOOKED'))).provider.status(REF)).rejects.toBeInstanceOf(UnknownXBezahldiensteStatus);
  });

  it('refuses a transaction id of another provider without asking the platform', async () => {
    const { fetch, provider } = adapter(() => answer(200, transaction('INITIAL')));
    await expect(provider.status({ ...REF, providerTransactionId: 'sbx_1' })).rejects.toBeInstanceOf(ProviderTransactionNotFound);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('recovers a create whose first answer was lost: PAYMENT_EXISTS, then the transaction under the request id', async () => {
    const input = request();
    const requestId = input.paymentId.split('.')[1]!;
    const { fetch, provider } = adapter((url, init) =>
      init.method === 'POST' ? answer(409, { code: 'PAYMENT_EXISTS' }) : answer(200, { ...transaction('INITIAL'), paymentInformation: { ...transaction('INITIAL').paymentInformation, transactionId: requestId } }),
    );
    expect(await provider.createTransaction(input)).toEqual({ providerTransactionId: `xbd:${requestId}`, checkoutUrl: 'https://epay.example/pay/T-1' });
    expect(fetch.mock.calls[1]![0]).toBe(`${COLLECTION}/${requestId}`);
  });

  it('cancels by abandoning an open transaction, and reports a paid one as BOOKED so that it is refunded', async () => {
    expect(await adapter(() => answer(200, transaction('INITIAL'))).provider.cancel(REF)).toEqual({ status: 'CANCELED' });
    expect(await adapter(() => answer(200, transaction('PAYED', { transactionReference: 'KZ-1' }))).provider.cancel(REF)).toEqual({ status: 'BOOKED' });
    expect(await adapter(() => answer(200, transaction('FAILED'))).provider.cancel(REF)).toEqual({ status: 'FAILED' });
  });

  it('refunds through the cash office (REFUND_REQUESTED), only a paid transaction', async () => {
    const paid = adapter(() => answer(200, transaction('PAYED', { transactionReference: 'KZ-1' })));
    expect(await paid.provider.refund({ ...REF, amountCents: 3000, reason: 'Antrag zurückgezogen' })).toEqual({ status: 'REFUND_REQUESTED', reference: 'XBD-RF-AAAAAAAAAAAAAAAAAAAAAA' });
    await expect(adapter(() => answer(200, transaction('INITIAL'))).provider.refund({ ...REF, amountCents: 3000, reason: 'x' })).rejects.toBeInstanceOf(RefundNotPossible);
  });
});

describe('tenant payment settings', () => {
  it('accept the sandbox and an XBezahldienste platform with a credential of the tenant\'s own namespace', () => {
    expect(z.safeParse(paymentSettingsSchema, { provider: 'sandbox' }).success).toBe(true);
    expect(z.safeParse(paymentSettingsSchema, SETTINGS).success).toBe(true);
    expect(paymentSettingsProblems(SETTINGS, 'neuss')).toEqual([]);
  });

  it('refuse a credential reference of another tenant', () => {
    expect(paymentSettingsProblems({ ...SETTINGS, credentialRef: 'openkreis/kaarst/payments/epaybl' }, 'neuss')).toEqual([
      { field: 'body/payment/credentialRef', message: expect.stringContaining('openkreis/neuss/payments/') },
    ]);
  });

  it.each([
    ['a secret value instead of a reference', { credentialRef: 'sk_live_0123456789abcdef' }],
    ['an unknown field (a secret in the configuration)', { password: 'geheim' }],
    ['a plain-http platform', { baseUrl: 'http://epay.example/v1' }],
    ['an originator id with other characters', { originatorId: 'open kreis' }],
    ['an endpoint id longer than 36 characters', { endPointId: 'x'.repeat(37) }],
  ])('refuse %s', (_case, change) => {
    const result = z.safeParse(paymentSettingsSchema, { ...SETTINGS, ...change });
    expect(result.success).toBe(false);
  });
});

/** The sandbox platform in memory, reached through a fetch stand-in that speaks its HTTP interface. */
function memoryStore(): XbdSandboxStore {
  const records = new Map<string, XbdSandboxTransaction>();
  return {
    async create(transaction) {
      if (records.has(transaction.transactionId)) return false;
      records.set(transaction.transactionId, structuredClone(transaction));
      return true;
    },
    async get(id) {
      const found = records.get(id);
      return found ? structuredClone(found) : undefined;
    },
    async finish(id, change) {
      const current = records.get(id);
      if (!current || current.status !== 'INITIAL') return { finished: false, ...(current ? { transaction: structuredClone(current) } : {}) };
      Object.assign(current, change);
      return { finished: true, transaction: structuredClone(current) };
    },
  };
}

function sandboxHarness(): ProviderHarness {
  const platform = new XBezahldiensteSandbox({ store: memoryStore(), publicApiUrl: 'http://localhost:3000', credential: CREDENTIAL });
  const base = 'http://localhost:3000/xbezahldienste-sandbox/paymenttransaction/';
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    try {
      platform.authorize((init?.headers as Record<string, string>).authorization);
      const [originatorId, endPointId, transactionId] = String(url).slice(base.length).split('/');
      if (init?.method === 'POST') return answer(201, await platform.open(originatorId!, endPointId!, JSON.parse(String(init.body)), new Date()));
      return answer(200, await platform.transaction(originatorId!, endPointId!, transactionId!));
    } catch (error) {
      const status = { XbdSandboxForbidden: 401, XbdPaymentExists: 409, XbdTransactionNotFound: 404 }[(error as Error).name] ?? 500;
      return answer(status, { code: status === 409 ? 'PAYMENT_EXISTS' : undefined });
    }
  };
  const provider = new XBezahldiensteProvider({
    settings: { ...SETTINGS, baseUrl: 'http://localhost:3000/xbezahldienste-sandbox' },
    credential: async () => CREDENTIAL,
    fetch: fetch as typeof globalThis.fetch,
  });
  return {
    provider,
    async complete(paymentRequest, outcome) {
      await platform.settle(paymentRequest.paymentId.split('.')[1]!, outcome, new Date());
    },
  };
}

providerContract('xbezahldienste (against the sandbox platform, in memory)', sandboxHarness, 'pull');

describe('XBezahldienste sandbox platform', () => {
  it('answers FORBIDDEN without the credential, and separates originators and endpoints', async () => {
    const platform = new XBezahldiensteSandbox({ store: memoryStore(), publicApiUrl: 'http://localhost:3000', credential: CREDENTIAL });
    expect(() => platform.authorize(undefined)).toThrow(expect.objectContaining({ name: 'XbdSandboxForbidden' }));
    expect(() => platform.authorize('Bearer wrong')).toThrow(expect.objectContaining({ name: 'XbdSandboxForbidden' }));
    const requestId = randomBytes(16).toString('base64url');
    await platform.open('a', 'b', { ...transaction('INITIAL').paymentRequest, requestId }, new Date());
    await expect(platform.transaction('a', 'c', requestId)).rejects.toMatchObject({ name: 'XbdTransactionNotFound' });
    await expect(platform.open('a', 'b', { ...transaction('INITIAL').paymentRequest, requestId }, new Date())).rejects.toMatchObject({ name: 'XbdPaymentExists' });
  });

  it.each(PAYPAGE_ACTIONS)('settles once on the pay page (%s): a second action is a conflict', async (action) => {
    const platform = new XBezahldiensteSandbox({ store: memoryStore(), publicApiUrl: 'http://localhost:3000', credential: CREDENTIAL });
    const requestId = randomBytes(16).toString('base64url');
    const opened = await platform.open('a', 'b', { ...transaction('INITIAL').paymentRequest, requestId }, new Date());
    expect(opened.paymentInformation.transactionRedirectUrl).toBe(`http://localhost:3000/xbezahldienste-sandbox/paypage/${requestId}`);
    const settled = await platform.settle(requestId, action, new Date());
    expect(settled.status).toBe({ pay: 'PAYED', cancel: 'CANCELED', fail: 'FAILED' }[action]);
    expect(Boolean(settled.transactionReference)).toBe(action === 'pay');
    await expect(platform.settle(requestId, 'pay', new Date())).rejects.toMatchObject({ name: 'Conflict' });
    // The pay page is no longer offered once the transaction is finished.
    expect((await platform.transaction('a', 'b', requestId)).paymentInformation.transactionRedirectUrl).toBeUndefined();
  });
});
