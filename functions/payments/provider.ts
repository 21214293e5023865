/**
 * The payment-provider port, shaped after the German XBezahldienste / ePayBL flow:
 * the online service creates a payment transaction (amount in cents, EUR, purpose, the tenant's cash reference) →
 * the applicant pays on the provider's page → the provider confirms (transaction reference = Kassenzeichen,
 * status INITIAL | BOOKED | FAILED | CANCELED) → refunds. ePayBL offers no refunds through the integration: an
 * adapter for it answers `REFUND_REQUESTED` (the tenant's cash office completes it).
 *
 * Every adapter must pass the contract tests `providerContract(name, factory)` in
 * `test/unit/payments/support/provider-contract.ts` (run by `test/unit/payments/provider-contract.test.ts`).
 * Idempotency is part of the contract, because workflow steps are retried: `createTransaction`, `cancel` and
 * `refund` are keyed by our `paymentId`, and a repeated call answers what the first call did.
 *
 * We never depend on one delivery of a confirmation: XBezahldienste is pull-based (the online service queries the
 * status, e.g. `PAYED`; `xbezahldienste/`), and a push provider's webhook can be lost with a crashed process.
 * `status` is that query; the return from the pay page, the reconciliation schedule (`reconcile.ts`), the repair
 * and the expiry of a payment wait ask it.
 */
export const PAYMENT_STATUSES = ['INITIAL', 'BOOKED', 'FAILED', 'CANCELED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface PaymentRequest {
  paymentId: string;
  tenantId: string;
  applicationId: string;
  amountCents: number;
  currency: 'EUR';
  /** Verwendungszweck as ePayBL takes it (`purpose.ts`), e.g. "NE-BPA-2026-000123 BEWOHNER". */
  purpose: string;
  /** The tenant's cash reference (Mandant/Bewirtschafter, Haushaltsstelle/Objektnummer). */
  cashReference: string;
  /** Where the provider sends the payer back to. */
  returnUrl: string;
}

export interface PaymentTransaction {
  providerTransactionId: string;
  /** The provider's payment page for the applicant. */
  checkoutUrl: string;
}

/** What the provider reports to the webhook, after its signature has been verified. */
export interface PaymentEvent {
  eventId: string;
  paymentId: string;
  tenantId: string;
  status: PaymentStatus;
  /** Kassenzeichen, present when BOOKED. */
  transactionReference?: string;
  amountCents: number;
  occurredAt: string;
}

export interface RefundResult {
  status: 'REFUNDED' | 'REFUND_REQUESTED';
  reference: string;
}

/**
 * What the provider says about a transaction after a cancellation attempt. `BOOKED` means the payer was faster:
 * the money is taken and the confirmation is (or will be) on its way to the webhook; the caller must refund, not
 * forget. `FAILED` and `CANCELED` both mean: no money moved.
 */
export interface CancelResult {
  status: Exclude<PaymentStatus, 'INITIAL'>;
}

/** What the provider's status query says about a transaction. */
export interface ProviderPaymentState {
  status: PaymentStatus;
  /** Kassenzeichen, present when BOOKED. */
  transactionReference?: string;
  amountCents: number;
  /** When the transaction reached its status; absent while INITIAL. */
  occurredAt?: string;
}

export interface ProviderPaymentRef {
  paymentId: string;
  tenantId: string;
  providerTransactionId: string;
}

export interface PaymentProvider {
  readonly name: string;
  /** Idempotent per `paymentId`: a repeated call returns the transaction of the first. */
  createTransaction(request: PaymentRequest): Promise<PaymentTransaction>;
  /** Cancels an unpaid transaction (e.g. on expiry or withdrawal). Idempotent; see `CancelResult`. */
  cancel(payment: ProviderPaymentRef): Promise<CancelResult>;
  /** Refunds a booked transaction. Idempotent per `paymentId`: never refunds twice, answers the first result. */
  refund(payment: ProviderPaymentRef & { amountCents: number; reason: string }): Promise<RefundResult>;
  /** The transaction's current status at the provider (read-only; for reconciliation, see above). */
  status(payment: ProviderPaymentRef): Promise<ProviderPaymentState>;
  /**
   * A push provider's webhook (absent for a pull provider such as XBezahldienste, which sends none): verifies a
   * request (signature over `timestamp + "." + body`, age ≤ 5 minutes) and parses it.
   * Throws `InvalidWebhookSignature` when it is not authentic and `InvalidWebhookPayload` when an authentic request
   * does not carry a payment event we understand. Replay detection is the webhook's job (it needs the store).
   */
  verifyWebhook?(headers: Readonly<Record<string, string | undefined>>, rawBody: string, now: Date): PaymentEvent;
}

/** A provider that confirms through a signed webhook. */
export type PushPaymentProvider = PaymentProvider & Required<Pick<PaymentProvider, 'verifyWebhook'>>;

export class InvalidWebhookSignature extends Error {
  override readonly name = 'InvalidWebhookSignature';
}

export class InvalidWebhookPayload extends Error {
  override readonly name = 'InvalidWebhookPayload';
}

/** The provider knows no transaction for this payment (a bug or foreign data, never retried). */
export class ProviderTransactionNotFound extends Error {
  override readonly name = 'ProviderTransactionNotFound';
}

/** The provider cannot refund this transaction (it is not booked). */
export class RefundNotPossible extends Error {
  override readonly name = 'RefundNotPossible';
}
