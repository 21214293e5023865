/**
 * The sandbox payment provider: a complete adapter of the payment port that runs without any outside system. It
 * keeps its transactions in our table (the tenant's partition, see `ledger.ts`), shows a checkout page at
 * `${PUBLIC_API_URL}/sandbox-pay/{paymentId}`, and confirms like a real provider does: a signed webhook
 * (HMAC-SHA512, `signature.ts`) POSTed to `${PUBLIC_API_URL}/payments/webhook`, kept until delivered and sent again
 * with backoff (`deliverConfirmation`, `redeliver.handler.ts`). Refunds are immediate (`REFUNDED`).
 *
 * Webhook body (JSON, exactly these fields; the signature covers the raw bytes):
 *   { "eventId", "paymentId", "tenantId", "status": "BOOKED" | "FAILED" | "CANCELED",
 *     "transactionReference"?: Kassenzeichen (BOOKED only), "amountCents", "occurredAt": ISO 8601 }
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Conflict, NotFound } from '#core/problem';
import { tenantIdSchema } from '#core/tenant-id';
import * as z from '#core/zod';
import { paymentIdSchema, tenantOfPaymentId } from '../ids.ts';
import {
  InvalidWebhookPayload,
  PAYMENT_STATUSES,
  ProviderTransactionNotFound,
  RefundNotPossible,
  type CancelResult,
  type PaymentEvent,
  type PaymentProvider,
  type PaymentRequest,
  type PaymentTransaction,
  type ProviderPaymentRef,
  type ProviderPaymentState,
  type RefundResult,
} from '../provider.ts';
import { signedHeaders, verifySignature } from '../signature.ts';
import { afterRound, deliverWebhook, type DeliveryOptions, type WebhookDelivery } from './delivery.ts';
import type { SandboxDelivery, SandboxLedger, SandboxOutcome, SandboxTransaction } from './ledger.ts';

export const SANDBOX_ACTIONS = ['pay', 'cancel', 'fail'] as const;
export type SandboxAction = (typeof SANDBOX_ACTIONS)[number];

const OUTCOME_OF_ACTION: Record<SandboxAction, SandboxOutcome> = { pay: 'BOOKED', cancel: 'CANCELED', fail: 'FAILED' };

export class SandboxTransactionNotFound extends NotFound {}
export class SandboxTransactionFinished extends Conflict {}

export const eventSchema = z.strictObject({
  eventId: z.string().check(z.regex(/^[A-Za-z0-9._:-]{1,100}$/)),
  paymentId: paymentIdSchema,
  tenantId: tenantIdSchema,
  status: z.enum(PAYMENT_STATUSES),
  transactionReference: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  amountCents: z.number().check(z.int(), z.gte(0), z.lte(100_000_000)),
  occurredAt: z.iso.datetime(),
});

export interface SignedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Luhn check digit over a digit string (as many cash-office references carry one). */
function luhnDigit(digits: string): string {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A Kassenzeichen-like reference: `SBX-<year>-<8 digits>-<check digit>`, e.g. `SBX-2026-04817263-5`. */
export function sandboxKassenzeichen(now: Date): string {
  const year = String(now.getUTCFullYear());
  const serial = String(randomInt(0, 100_000_000)).padStart(8, '0');
  return `SBX-${year}-${serial}-${luhnDigit(year + serial)}`;
}

export interface SandboxOptions {
  ledger: SandboxLedger;
  secret: string;
  publicApiUrl: string;
}

export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox';

  constructor(private readonly options: SandboxOptions) {}

  checkoutUrl(paymentId: string): string {
    return `${this.options.publicApiUrl}/sandbox-pay/${encodeURIComponent(paymentId)}`;
  }

  webhookUrl(): string {
    return `${this.options.publicApiUrl}/payments/webhook`;
  }

  async createTransaction(request: PaymentRequest): Promise<PaymentTransaction> {
    const stored = await this.options.ledger.create({
      providerTransactionId: `sbx_${randomBytes(15).toString('base64url')}`,
      paymentId: request.paymentId,
      tenantId: request.tenantId,
      applicationId: request.applicationId,
      amountCents: request.amountCents,
      currency: request.currency,
      purpose: request.purpose,
      cashReference: request.cashReference,
      returnUrl: request.returnUrl,
      status: 'INITIAL',
      createdAt: new Date().toISOString(),
    });
    return { providerTransactionId: stored.providerTransactionId, checkoutUrl: this.checkoutUrl(stored.paymentId) };
  }

  async cancel(payment: ProviderPaymentRef): Promise<CancelResult> {
    const { transaction } = await this.options.ledger.finish(payment.tenantId, payment.paymentId, {
      status: 'CANCELED',
      at: new Date().toISOString(),
      by: 'merchant',
    });
    if (!transaction) throw new ProviderTransactionNotFound(`No sandbox transaction for payment ${payment.paymentId}`);
    return { status: transaction.status as SandboxOutcome };
  }

  async refund(payment: ProviderPaymentRef & { amountCents: number; reason: string }): Promise<RefundResult> {
    const transaction = await this.options.ledger.refund(payment.tenantId, payment.paymentId, {
      reference: `SBX-RF-${randomBytes(9).toString('base64url')}`,
      reason: payment.reason,
      at: new Date().toISOString(),
    });
    if (!transaction) throw new ProviderTransactionNotFound(`No sandbox transaction for payment ${payment.paymentId}`);
    if (!transaction.refund) throw new RefundNotPossible(`Sandbox transaction of payment ${payment.paymentId} is ${transaction.status}, not BOOKED`);
    return { status: 'REFUNDED', reference: transaction.refund.reference };
  }

  async status(payment: ProviderPaymentRef): Promise<ProviderPaymentState> {
    const transaction = await this.options.ledger.get(payment.tenantId, payment.paymentId);
    if (!transaction) throw new ProviderTransactionNotFound(`No sandbox transaction for payment ${payment.paymentId}`);
    return {
      status: transaction.status,
      amountCents: transaction.amountCents,
      ...(transaction.transactionReference ? { transactionReference: transaction.transactionReference } : {}),
      ...(transaction.finishedAt ? { occurredAt: transaction.finishedAt } : {}),
    };
  }

  verifyWebhook(headers: Readonly<Record<string, string | undefined>>, rawBody: string, now: Date): PaymentEvent {
    verifySignature(this.options.secret, headers, rawBody, now);
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody);
    } catch {
      throw new InvalidWebhookPayload('The webhook body is not JSON');
    }
    const result = z.safeParse(eventSchema, parsed);
    if (!result.success) throw new InvalidWebhookPayload(`The webhook body is not a payment event: ${result.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    const { transactionReference, ...rest } = result.data;
    return { ...rest, ...(transactionReference !== undefined ? { transactionReference } : {}) };
  }

  /** The sandbox transaction behind a payment id (the tenant comes from the id). */
  async transaction(paymentId: string): Promise<SandboxTransaction | undefined> {
    const tenantId = tenantOfPaymentId(paymentId);
    return tenantId ? this.options.ledger.get(tenantId, paymentId) : undefined;
  }

  /**
   * The payer's action on the checkout page: records the outcome once and returns the signed webhook request that
   * reports it. A second action on a finished transaction is a `SandboxTransactionFinished` (409).
   */
  async settle(paymentId: string, action: SandboxAction, now: Date): Promise<{ transaction: SandboxTransaction; webhook: SignedRequest }> {
    const tenantId = tenantOfPaymentId(paymentId);
    const existing = tenantId ? await this.options.ledger.get(tenantId, paymentId) : undefined;
    if (!tenantId || !existing) throw new SandboxTransactionNotFound('Diese Testzahlung gibt es nicht.');
    const status = OUTCOME_OF_ACTION[action];
    const transactionReference = status === 'BOOKED' ? sandboxKassenzeichen(now) : undefined;
    const event: PaymentEvent = {
      eventId: `evt_${randomUUID()}`,
      paymentId,
      tenantId,
      status,
      ...(transactionReference ? { transactionReference } : {}),
      amountCents: existing.amountCents,
      occurredAt: now.toISOString(),
    };
    const { finished, transaction } = await this.options.ledger.finish(tenantId, paymentId, {
      status,
      at: event.occurredAt,
      by: 'payer',
      event,
      ...(transactionReference ? { transactionReference } : {}),
    });
    if (!finished || !transaction) {
      throw new SandboxTransactionFinished('Diese Testzahlung ist bereits abgeschlossen. Eine weitere Aktion ist nicht möglich.');
    }
    return { transaction, webhook: this.signedWebhook(event, now) };
  }

  /** A webhook request for `event`, signed with the shared secret. */
  signedWebhook(event: PaymentEvent, now: Date): SignedRequest {
    const body = JSON.stringify(event);
    return { url: this.webhookUrl(), headers: signedHeaders(this.options.secret, body, now), body };
  }

  /**
   * One delivery round of a settled transaction's confirmation (signed now: a signature is valid for 5 minutes),
   * recorded in the ledger — delivered, refused, or due again later (`afterRound`).
   */
  async deliverConfirmation(
    transaction: SandboxTransaction,
    now: Date,
    options?: DeliveryOptions,
  ): Promise<{ round: WebhookDelivery; state: SandboxDelivery['state'] }> {
    if (!transaction.event) throw new SandboxTransactionNotFound('Zu dieser Testzahlung gibt es keine Zahlungsbestätigung.');
    const round = await deliverWebhook(this.signedWebhook(transaction.event, now), options);
    const delivery = afterRound(transaction.delivery, round, new Date());
    await this.options.ledger.recordDelivery(transaction.tenantId, transaction.paymentId, delivery);
    return { round, state: delivery.state };
  }

  /** Settled transactions of a tenant whose confirmation is due for (re)delivery. */
  dueConfirmations(tenantId: string, now: Date): Promise<SandboxTransaction[]> {
    return this.options.ledger.dueDeliveries(tenantId, now);
  }
}
