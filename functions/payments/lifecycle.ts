/**
 * The payment steps of the application workflow (create, wait, cancel, refund), and what the repair schedule does
 * with payments (reconcile, settle an abandoned one). Each step is idempotent — Step Functions retries them — and
 * takes its collaborators explicitly (table client, provider, clock), so the handlers in `workflow/` stay thin and
 * the steps are tested without a Lambda around them.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '#core/logger';
import { receivePaymentEvent } from './confirmations.ts';
import { isFinal, newPayment, type PaymentRecord, type PaymentStatus, type RefundRecord } from './domain.ts';
import { newPaymentId } from './ids.ts';
import { RefundNotPossible, type PaymentProvider } from './provider.ts';
import {
  PaymentInputMismatch,
  abandonRefundClaim,
  attachProviderTransaction,
  claimRefund,
  completeRefund,
  getPaymentIdForApplication,
  insertPayment,
  recordCancellation,
  registerTaskToken,
  requirePayment,
} from './store.ts';
import { notifyWaitingTask, taskTokenId } from './task-callback.ts';

/** The provider's cancellation reports a booking that its status query does not confirm (yet): retry the step later. */
export class PaymentConfirmationPending extends Error {
  override readonly name = 'PaymentConfirmationPending';
}

/** Another invocation is refunding this payment right now: retry the step shortly. */
export class RefundInProgress extends Error {
  override readonly name = 'RefundInProgress';
}

export const REFUND_LEASE_MS = 60_000;

export interface CreatePaymentInput {
  tenantId: string;
  applicationId: string;
  /** The number of the application's payment (1 for the first; more when the applicant pays again). */
  attempt?: number;
  caseNumber: string;
  amountCents: number;
  purpose: string;
  cashReference: string;
}

export interface CreatedPayment {
  paymentId: string;
  checkoutUrl: string;
  /** INITIAL for a new payment; a retried step reports the payment as it is now. */
  status: PaymentStatus;
}

/**
 * One payment per application and attempt: a retried (or concurrent) step returns the payment the first one created.
 * The payer returns to `returnUrl` (the application's status page on the site) after paying or cancelling.
 */
export async function createPayment(
  db: DynamoDBDocumentClient,
  provider: PaymentProvider,
  input: CreatePaymentInput,
  context: { now: Date; returnUrl: (applicationId: string) => string },
): Promise<CreatedPayment> {
  const { attempt = 1, ...request } = input;
  let paymentId = await getPaymentIdForApplication(db, input.tenantId, input.applicationId, attempt);
  if (!paymentId) {
    const candidate = newPayment({ ...request, paymentId: newPaymentId(input.tenantId), provider: provider.name }, context.now);
    paymentId = (await insertPayment(db, candidate, attempt)).paymentId;
  }
  let payment = await requirePayment(db, input.tenantId, paymentId);
  if (payment.amountCents !== input.amountCents) {
    throw new PaymentInputMismatch(`Application ${input.applicationId} already has payment ${paymentId} over a different amount`);
  }
  if (!payment.checkoutUrl) {
    const transaction = await provider.createTransaction({
      paymentId,
      tenantId: payment.tenantId,
      applicationId: payment.applicationId,
      amountCents: payment.amountCents,
      currency: payment.currency,
      purpose: payment.purpose,
      cashReference: payment.cashReference,
      returnUrl: context.returnUrl(payment.applicationId),
    });
    payment = await attachProviderTransaction(db, input.tenantId, paymentId, transaction, context.now);
  }
  logger.info('Payment ready', { paymentId, applicationId: input.applicationId, attempt, status: payment.status });
  return { paymentId, checkoutUrl: payment.checkoutUrl!, status: payment.status };
}

/**
 * Registers the waiting task's token. The newest token is stored whatever the status; if the payment is already
 * final (the payer was faster than the workflow), the task is completed right away — BOOKED with SendTaskSuccess,
 * FAILED/CANCELED with SendTaskFailure (`PaymentFailed`/`PaymentCanceled`). The store's lease makes sure that the
 * webhook and this step never both send.
 */
export async function awaitPayment(
  db: DynamoDBDocumentClient,
  input: { tenantId: string; paymentId: string; taskToken: string },
  now: Date,
): Promise<{ registered: true }> {
  const payment = await registerTaskToken(db, input.tenantId, input.paymentId, { taskToken: input.taskToken, taskTokenId: taskTokenId(input.taskToken) }, now);
  if (isFinal(payment.status)) await notifyWaitingTask(db, input.tenantId, input.paymentId);
  return { registered: true };
}

/**
 * Cancels an unpaid payment with the provider and records CANCELED. A payment that is (or turns out to be) BOOKED
 * is not cancelled: `{ status: 'BOOKED' }` tells the workflow to refund. FAILED/CANCELED are answered as they are.
 * When the provider has booked a payment whose confirmation never reached us (lost with a crashed process), the
 * provider's status is recorded first — otherwise the refund would find nothing booked and the money would be kept.
 */
export async function cancelPayment(
  db: DynamoDBDocumentClient,
  provider: PaymentProvider,
  input: { tenantId: string; paymentId: string },
  now: Date,
): Promise<{ status: PaymentStatus }> {
  const payment = await requirePayment(db, input.tenantId, input.paymentId);
  if (payment.status !== 'INITIAL') return { status: payment.status };
  if (payment.providerTransactionId) {
    const result = await provider.cancel({ paymentId: payment.paymentId, tenantId: payment.tenantId, providerTransactionId: payment.providerTransactionId });
    if (result.status === 'BOOKED') {
      if ((await reconcilePayment(db, provider, input, now)).status === 'BOOKED') return { status: 'BOOKED' };
      throw new PaymentConfirmationPending(`Payment ${payment.paymentId} is booked at the provider, but its status does not say so yet`);
    }
  }
  // No provider transaction means the create step never finished: nobody got a checkout link, nothing to cancel there.
  const recorded = await recordCancellation(db, input.tenantId, input.paymentId, now);
  if (recorded) {
    logger.info('Payment canceled', { paymentId: payment.paymentId });
    return { status: 'CANCELED' };
  }
  return { status: (await requirePayment(db, input.tenantId, input.paymentId)).status };
}

export type RefundOutcome =
  | { status: 'REFUNDED' | 'REFUND_REQUESTED'; reference: string; refundedAt: string; amountCents?: number }
  | { status: 'NOT_PAID' };

function outcomeOf(refund: RefundRecord): RefundOutcome {
  return {
    status: refund.status as 'REFUNDED' | 'REFUND_REQUESTED',
    reference: refund.reference!,
    refundedAt: refund.completedAt ?? refund.requestedAt,
    ...(refund.amountCents !== undefined ? { amountCents: refund.amountCents } : {}),
  };
}

/**
 * Refunds a booked payment once — all of it, or `amountCents` of it (a partial approval with a lower fee). The claim
 * (`refund.status = PENDING`, a condition) comes before the provider call, the result is recorded after it; a second
 * call returns the recorded refund. Not paid → `NOT_PAID`. A payment has one refund: the workflow refunds the part
 * only after the documents were issued, so no later compensation needs the rest.
 */
export async function refundPayment(
  db: DynamoDBDocumentClient,
  provider: PaymentProvider,
  input: { tenantId: string; paymentId: string; reason: string; amountCents?: number | undefined },
  now: Date,
): Promise<RefundOutcome> {
  const payment = await requirePayment(db, input.tenantId, input.paymentId);
  if (payment.status !== 'BOOKED') return { status: 'NOT_PAID' };
  if (payment.refund && payment.refund.status !== 'PENDING') return outcomeOf(payment.refund);
  if (input.amountCents !== undefined && input.amountCents > payment.amountCents) {
    throw new RefundNotPossible(`Refund of ${input.amountCents} cents exceeds payment ${input.paymentId} of ${payment.amountCents} cents`);
  }
  const partial = input.amountCents !== undefined && input.amountCents < payment.amountCents ? input.amountCents : undefined;
  const claim = await claimRefund(db, input.tenantId, input.paymentId, { reason: input.reason, now, leaseMs: REFUND_LEASE_MS, ...(partial !== undefined ? { amountCents: partial } : {}) });
  if (!claim.claimed) {
    const refund = claim.payment.refund;
    if (refund && refund.status !== 'PENDING') return outcomeOf(refund);
    throw new RefundInProgress(`Payment ${input.paymentId} is being refunded by another invocation`);
  }
  const requestedAt = claim.payment.refund!.requestedAt;
  let result;
  try {
    result = await provider.refund({
      paymentId: payment.paymentId,
      tenantId: payment.tenantId,
      providerTransactionId: payment.providerTransactionId!,
      amountCents: partial ?? payment.amountCents,
      reason: input.reason,
    });
  } catch (error) {
    await abandonRefundClaim(db, input.tenantId, input.paymentId, requestedAt).catch(() => undefined);
    throw error;
  }
  const recorded = await completeRefund(db, input.tenantId, input.paymentId, result, new Date());
  logger.info('Payment refunded', { paymentId: payment.paymentId, status: recorded.status });
  return outcomeOf(recorded);
}

/**
 * Makes sure that the wait for a payment ends when the payment did, whether or not its confirmation arrived: a
 * payment we still consider open is looked up at the provider (pull, as XBezahldienste works), and a final status
 * there is recorded exactly as the provider's event would have been (same checks, exactly once) and handed to the
 * waiting task. A payment already final is handed to its task if that did not happen. Returns the recorded status,
 * and whether this call changed anything (recorded the status or completed the task).
 */
export async function reconcilePayment(
  db: DynamoDBDocumentClient,
  provider: PaymentProvider,
  input: { tenantId: string; paymentId: string },
  now: Date,
): Promise<{ status: PaymentStatus; repaired: boolean }> {
  const payment = await requirePayment(db, input.tenantId, input.paymentId);
  if (payment.status === 'INITIAL' && payment.providerTransactionId) {
    const state = await provider.status({ paymentId: payment.paymentId, tenantId: payment.tenantId, providerTransactionId: payment.providerTransactionId });
    if (!isFinal(state.status)) return { status: 'INITIAL', repaired: false };
    logger.info('Payment status taken from the provider', { paymentId: payment.paymentId, status: state.status });
    const receipt = await receivePaymentEvent(
      db,
      {
        // One id per transaction and status: a second reconciliation is a replay of the first.
        eventId: `status.${state.status}.${payment.providerTransactionId}`,
        paymentId: payment.paymentId,
        tenantId: payment.tenantId,
        status: state.status,
        ...(state.transactionReference ? { transactionReference: state.transactionReference } : {}),
        amountCents: state.amountCents,
        occurredAt: state.occurredAt ?? now.toISOString(),
      },
      now,
    );
    const recorded = await requirePayment(db, input.tenantId, input.paymentId);
    return { status: recorded.status, repaired: receipt.effect === 'applied' || receipt.notified !== undefined };
  }
  const notified = isFinal(payment.status) && !payment.taskNotified ? await notifyWaitingTask(db, input.tenantId, input.paymentId) : undefined;
  return { status: payment.status, repaired: notified !== undefined };
}

/**
 * Ends the payment of an application that will not be served (its workflow is gone): an open payment is cancelled,
 * a booked one refunded — never kept. Undefined when the application has no payment (for its current `attempt`).
 */
export async function settleAbandonedPayment(
  db: DynamoDBDocumentClient,
  provider: PaymentProvider,
  input: { tenantId: string; applicationId: string; attempt?: number; reason: string },
  now: Date,
): Promise<{ paymentId: string; status: PaymentRecord['status']; refund?: RefundOutcome } | undefined> {
  const paymentId = await getPaymentIdForApplication(db, input.tenantId, input.applicationId, input.attempt ?? 1);
  if (!paymentId) return undefined;
  const { status } = await cancelPayment(db, provider, { tenantId: input.tenantId, paymentId }, now);
  if (status !== 'BOOKED') return { paymentId, status };
  return { paymentId, status, refund: await refundPayment(db, provider, { tenantId: input.tenantId, paymentId, reason: input.reason }, now) };
}
