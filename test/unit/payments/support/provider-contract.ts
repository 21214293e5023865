import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newPaymentId } from '../../../../functions/payments/ids.ts';
import {
  InvalidWebhookPayload,
  InvalidWebhookSignature,
  type PaymentEvent,
  type PaymentProvider,
  type PaymentRequest,
  type PushPaymentProvider,
} from '../../../../functions/payments/provider.ts';

/**
 * What a test needs besides the adapter: a way to play the payer and the provider's side. For the sandbox that is
 * its own checkout action; an ePayBL adapter would drive its test system or a recorded fixture.
 */
export interface ProviderHarness {
  provider: PaymentProvider;
  /** The payer completes the transaction at the provider (pay | cancel | fail on the provider's page). */
  complete(request: PaymentRequest, outcome: 'pay' | 'cancel' | 'fail'): Promise<void>;
  /** A webhook request exactly as the provider would send it for `event` at `at`; absent for a pull provider. */
  signedWebhook?(event: PaymentEvent, at: Date): { headers: Record<string, string>; body: string };
}

function paymentRequest(tenantId = 'contract-town'): PaymentRequest {
  const paymentId = newPaymentId(tenantId);
  return {
    paymentId,
    tenantId,
    applicationId: `app-${randomBytes(6).toString('hex')}`,
    amountCents: 3000,
    currency: 'EUR',
    purpose: 'Bewohnerparkausweis MU-BPA-2026-000042',
    cashReference: '1.1100.0000.0001',
    returnUrl: 'https://portal.example/antraege/1',
  };
}

function bookedEvent(request: PaymentRequest, at: Date): PaymentEvent {
  return {
    eventId: `evt-${randomBytes(8).toString('hex')}`,
    paymentId: request.paymentId,
    tenantId: request.tenantId,
    status: 'BOOKED',
    transactionReference: 'KZ-2026-0001',
    amountCents: request.amountCents,
    occurredAt: at.toISOString(),
  };
}

/** A push provider's harness: its webhook is part of the contract. */
async function pushHarness(factory: () => Promise<ProviderHarness> | ProviderHarness) {
  const harness = await factory();
  if (!harness.provider.verifyWebhook || !harness.signedWebhook) throw new Error('A push provider must verify webhooks and its harness sign them');
  return { provider: harness.provider as PushPaymentProvider, signedWebhook: harness.signedWebhook.bind(harness) };
}

/**
 * The contract every payment-provider adapter must fulfil; a push provider (`kind: 'push'`) also its webhook, a pull
 * provider (XBezahldienste) has none.
 */
export function providerContract(name: string, factory: () => Promise<ProviderHarness> | ProviderHarness, kind: 'push' | 'pull' = 'push'): void {
  describe(`payment provider contract: ${name}`, () => {
    if (kind === 'pull') {
      it('has no webhook: a pull provider is only asked', async () => {
        expect((await factory()).provider.verifyWebhook).toBeUndefined();
      });
    }
    const push = kind === 'push';

    it('creates a transaction with an absolute checkout URL, and the same one again for the same payment', async () => {
      const { provider } = await factory();
      const request = paymentRequest();
      const first = await provider.createTransaction(request);
      expect(first.providerTransactionId).toMatch(/\S/);
      expect(new URL(first.checkoutUrl).protocol).toMatch(/^https?:$/);
      expect(await provider.createTransaction(request)).toEqual(first);
    });

    if (push) it('accepts its own signed webhook and returns the event it carries', async () => {
      const { provider, signedWebhook } = await pushHarness(factory);
      const request = paymentRequest();
      const now = new Date();
      const event = bookedEvent(request, now);
      const { headers, body } = signedWebhook(event, now);
      expect(provider.verifyWebhook(headers, body, new Date(now.getTime() + 60_000))).toEqual(event);
    });

    if (push) it('rejects a wrong signature, a stale or future timestamp and a tampered body', async () => {
      const { provider, signedWebhook } = await pushHarness(factory);
      const request = paymentRequest();
      const now = new Date();
      const { headers, body } = signedWebhook(bookedEvent(request, now), now);
      const signatureHeader = Object.keys(headers).find((key) => key.toLowerCase() === 'callback-authentication')!;
      const forged = { ...headers, [signatureHeader]: headers[signatureHeader]!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) };
      expect(() => provider.verifyWebhook(forged, body, now)).toThrow(InvalidWebhookSignature);
      expect(() => provider.verifyWebhook(headers, body, new Date(now.getTime() + 5 * 60_000 + 1_000))).toThrow(InvalidWebhookSignature);
      expect(() => provider.verifyWebhook(headers, body, new Date(now.getTime() - 5 * 60_000))).toThrow(InvalidWebhookSignature);
      const tampered = body.replace('"amountCents":3000', '"amountCents":1');
      expect(tampered).not.toBe(body);
      expect(() => provider.verifyWebhook(headers, tampered, now)).toThrow(InvalidWebhookSignature);
      expect(() => provider.verifyWebhook({}, body, now)).toThrow(InvalidWebhookSignature);
    });

    if (push) it('rejects an authentic request that is not a payment event as a payload error', async () => {
      const { provider, signedWebhook } = await pushHarness(factory);
      const now = new Date();
      const event = { ...bookedEvent(paymentRequest(), now), paymentId: 'not a payment id' };
      const { headers, body } = signedWebhook(event, now);
      expect(() => provider.verifyWebhook(headers, body, now)).toThrow(InvalidWebhookPayload);
    });

    it('cancels an unpaid transaction, idempotently', async () => {
      const { provider } = await factory();
      const request = paymentRequest();
      const { providerTransactionId } = await provider.createTransaction(request);
      const ref = { paymentId: request.paymentId, tenantId: request.tenantId, providerTransactionId };
      expect(await provider.cancel(ref)).toEqual({ status: 'CANCELED' });
      expect(await provider.cancel(ref)).toEqual({ status: 'CANCELED' });
    });

    it('does not cancel a paid transaction but reports it as BOOKED', async () => {
      const { provider, complete } = await factory();
      const request = paymentRequest();
      const { providerTransactionId } = await provider.createTransaction(request);
      await complete(request, 'pay');
      expect(await provider.cancel({ paymentId: request.paymentId, tenantId: request.tenantId, providerTransactionId })).toEqual({ status: 'BOOKED' });
    });

    it('refunds a paid transaction once: a second call answers the same refund', async () => {
      const { provider, complete } = await factory();
      const request = paymentRequest();
      const { providerTransactionId } = await provider.createTransaction(request);
      await complete(request, 'pay');
      const ref = { paymentId: request.paymentId, tenantId: request.tenantId, providerTransactionId, amountCents: request.amountCents, reason: 'Antrag zurückgezogen' };
      const first = await provider.refund(ref);
      expect(['REFUNDED', 'REFUND_REQUESTED']).toContain(first.status);
      expect(first.reference).toMatch(/\S/);
      expect(await provider.refund(ref)).toEqual(first);
    });

    it('answers the status query: INITIAL while open, then the payer\'s outcome with amount and time, BOOKED with its Kassenzeichen', async () => {
      const { provider, complete } = await factory();
      for (const [outcome, status] of [['pay', 'BOOKED'], ['cancel', 'CANCELED'], ['fail', 'FAILED']] as const) {
        const request = paymentRequest();
        const { providerTransactionId } = await provider.createTransaction(request);
        const ref = { paymentId: request.paymentId, tenantId: request.tenantId, providerTransactionId };
        expect(await provider.status(ref)).toEqual({ status: 'INITIAL', amountCents: request.amountCents });
        const before = new Date();
        await complete(request, outcome);
        const state = await provider.status(ref);
        expect(state).toMatchObject({ status, amountCents: request.amountCents });
        expect(Date.parse(state.occurredAt!)).toBeGreaterThanOrEqual(before.getTime() - 1000);
        if (status === 'BOOKED') expect(state.transactionReference).toMatch(/\S/);
        else expect(state.transactionReference).toBeUndefined();
        // Asking again changes nothing: the query is read-only.
        expect(await provider.status(ref)).toEqual(state);
      }
    });

    it('rejects a status query for a transaction it does not know', async () => {
      const { provider } = await factory();
      const request = paymentRequest();
      await expect(provider.status({ paymentId: request.paymentId, tenantId: request.tenantId, providerTransactionId: 'unknown' })).rejects.toThrow();
    });

    it('refuses to refund a transaction that was never paid', async () => {
      const { provider } = await factory();
      const request = paymentRequest();
      const { providerTransactionId } = await provider.createTransaction(request);
      await expect(
        provider.refund({ paymentId: request.paymentId, tenantId: request.tenantId, providerTransactionId, amountCents: 3000, reason: 'Test' }),
      ).rejects.toThrow();
    });
  });
}
