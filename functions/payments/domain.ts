/**
 * Payments domain: the payment record, its transitions, and what the workflow gets back. Pure functions, no AWS.
 */
import type { PaymentEvent, PaymentStatus } from './provider.ts';

export type { PaymentStatus } from './provider.ts';

/** A provider's confirmation ends the wait in one of these. */
export const FINAL_STATUSES = ['BOOKED', 'FAILED', 'CANCELED'] as const satisfies readonly PaymentStatus[];
export type FinalStatus = (typeof FINAL_STATUSES)[number];

export function isFinal(status: PaymentStatus): status is FinalStatus {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

export type RefundStatus = 'PENDING' | 'REFUNDED' | 'REFUND_REQUESTED';

export interface RefundRecord {
  status: RefundStatus;
  reason: string;
  requestedAt: string;
  /** A refund in PENDING belongs to whoever holds it until then (epoch ms); afterwards a retry may take it over. */
  leaseUntil?: number;
  reference?: string;
  completedAt?: string;
  /** A partial refund (the fee of a partial approval is lower): the amount refunded; absent for the whole payment. */
  amountCents?: number;
}

export interface StatusChange {
  status: PaymentStatus;
  at: string;
  /** `provider-event:<eventId>`, `workflow`, … */
  source: string;
}

/** The payment as the store keeps it. `taskToken` is a credential: never log it, never return it to a client. */
export interface PaymentRecord {
  paymentId: string;
  tenantId: string;
  applicationId: string;
  caseNumber: string;
  amountCents: number;
  currency: 'EUR';
  purpose: string;
  cashReference: string;
  provider: string;
  providerTransactionId?: string;
  checkoutUrl?: string;
  status: PaymentStatus;
  createdAt: string;
  updatedAt: string;
  history: StatusChange[];
  bookedAt?: string;
  failedAt?: string;
  canceledAt?: string;
  transactionReference?: string;
  lastEventId?: string;
  /** The workflow's waiting task (`.waitForTaskToken`): the newest token wins. */
  taskToken?: string;
  taskTokenId?: string;
  tokenRegisteredAt?: string;
  /** True once the task of `taskToken` was completed (or found already closed). */
  taskNotified?: boolean;
  taskNotifiedAt?: string;
  taskNotification?: 'SENT' | 'TOKEN_CLOSED';
  notifyLeaseId?: string;
  notifyLeaseUntil?: number;
  refund?: RefundRecord;
  /** Status checks of the reconciliation while the payment is open (`nextStatusCheck`). */
  statusChecks?: number;
  lastStatusCheckAt?: string;
}

/**
 * Pauses between the reconciliation's status checks of an open payment, in minutes: the first after 5 minutes (a payer
 * who returns from the pay page is checked at once by the return page; this is for those who do not come back), then
 * growing to 4 hours, for as long as the payment is open (its wait expires after the tenant's payment time).
 */
export const STATUS_CHECK_PAUSES_MINUTES: readonly number[] = [5, 5, 10, 15, 30, 60, 120, 240];

/** When to ask the provider next about an open payment after `checksDone` checks. */
export function nextStatusCheck(checksDone: number, now: Date): Date {
  const pause = STATUS_CHECK_PAUSES_MINUTES[Math.min(Math.max(checksDone, 0), STATUS_CHECK_PAUSES_MINUTES.length - 1)]!;
  return new Date(now.getTime() + pause * 60_000);
}

export interface NewPaymentInput {
  paymentId: string;
  tenantId: string;
  applicationId: string;
  caseNumber: string;
  amountCents: number;
  purpose: string;
  cashReference: string;
  provider: string;
}

export function newPayment(input: NewPaymentInput, now: Date): PaymentRecord {
  const at = now.toISOString();
  return {
    ...input,
    currency: 'EUR',
    status: 'INITIAL',
    createdAt: at,
    updatedAt: at,
    history: [{ status: 'INITIAL', at, source: 'workflow' }],
    taskNotified: false,
  };
}

/** The output of the workflow's payment wait, sent with SendTaskSuccess. */
export interface PaymentBooked {
  paymentId: string;
  status: 'BOOKED';
  transactionReference: string;
  bookedAt: string;
  amountCents: number;
}

/** Step Functions error names of a failed payment wait (SendTaskFailure `error`), matched by the workflow's Catch. */
export const WAIT_FAILURE_ERRORS = { FAILED: 'PaymentFailed', CANCELED: 'PaymentCanceled' } as const;
export type WaitFailureError = (typeof WAIT_FAILURE_ERRORS)[keyof typeof WAIT_FAILURE_ERRORS];

export type WaitOutcome =
  | { kind: 'success'; output: PaymentBooked }
  | { kind: 'failure'; error: string; cause: string };

/** What the waiting task is told about a payment that reached a final state. */
export function waitOutcome(payment: PaymentRecord): WaitOutcome {
  if (payment.status === 'BOOKED') {
    return {
      kind: 'success',
      output: {
        paymentId: payment.paymentId,
        status: 'BOOKED',
        transactionReference: payment.transactionReference ?? '',
        bookedAt: payment.bookedAt ?? payment.updatedAt,
        amountCents: payment.amountCents,
      },
    };
  }
  if (payment.status === 'FAILED' || payment.status === 'CANCELED') {
    return {
      kind: 'failure',
      error: WAIT_FAILURE_ERRORS[payment.status],
      cause: JSON.stringify({ paymentId: payment.paymentId, status: payment.status }),
    };
  }
  throw new Error(`Payment ${payment.paymentId} is not final`);
}

/** How a verified provider event relates to the payment it names. */
export type EventCheck =
  | { ok: true }
  | { ok: false; reason: 'tenant-mismatch' | 'amount-mismatch' | 'missing-reference' };

export function checkEvent(payment: PaymentRecord, event: PaymentEvent): EventCheck {
  if (payment.tenantId !== event.tenantId) return { ok: false, reason: 'tenant-mismatch' };
  if (payment.amountCents !== event.amountCents) return { ok: false, reason: 'amount-mismatch' };
  if (event.status === 'BOOKED' && !event.transactionReference) return { ok: false, reason: 'missing-reference' };
  return { ok: true };
}

/** What a caseworker or applicant sees of a payment. */
export interface PaymentSummary {
  paymentId: string;
  status: PaymentStatus;
  /** Only while the payment can still be paid. */
  checkoutUrl?: string;
  transactionReference?: string;
  refund?: { status: 'REFUNDED' | 'REFUND_REQUESTED'; reference: string; at: string; amountCents?: number };
}

export function summarize(payment: PaymentRecord): PaymentSummary {
  const refund = payment.refund;
  return {
    paymentId: payment.paymentId,
    status: payment.status,
    ...(payment.status === 'INITIAL' && payment.checkoutUrl ? { checkoutUrl: payment.checkoutUrl } : {}),
    ...(payment.transactionReference ? { transactionReference: payment.transactionReference } : {}),
    ...(refund && refund.status !== 'PENDING' && refund.reference
      ? { refund: { status: refund.status, reference: refund.reference, at: refund.completedAt ?? refund.requestedAt, ...(refund.amountCents !== undefined ? { amountCents: refund.amountCents } : {}) } }
      : {}),
  };
}

export { formatEuro } from '#core/money';
