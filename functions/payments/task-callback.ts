/**
 * Completing the workflow task that waits for a payment (`.waitForTaskToken`), exactly once per token.
 *
 * Several parties may want to do it at the same moment: the webhook that booked the payment, copies of that
 * webhook, the wait step itself when the payer was faster than the workflow, a withdrawal. Each of them calls the
 * functions here; the store's notification lease decides who sends. The sender records `taskNotified` only after
 * Step Functions accepted the call (or said the token is already closed: `TaskTimedOut`, `InvalidToken`,
 * `TaskDoesNotExist` count as done). If sending fails otherwise, the lease is released and the error propagates, so
 * that a later duplicate (the provider retries on 5xx) sends again.
 */
import { createHash, randomUUID } from 'node:crypto';
import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '#core/logger';
import { sfn } from '#core/sfn';
import { FINAL_STATUSES, waitOutcome, type PaymentRecord, type WaitOutcome } from './domain.ts';
import { claimTaskNotification, markTaskNotified, releaseTaskNotification } from './store.ts';

/** Long enough for one Step Functions call, short enough that a crashed sender does not block a retry for long. */
export const NOTIFY_LEASE_MS = 60_000;

/** Errors of SendTask* that mean: this token's task is already closed, nothing left to do. */
const CLOSED_TOKEN_ERRORS = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);

/** A short, stable id of a token, so that conditions can compare tokens without repeating the token. */
export function taskTokenId(taskToken: string): string {
  return createHash('sha256').update(taskToken).digest('base64url').slice(0, 22);
}

export type Delivery = 'SENT' | 'TOKEN_CLOSED';

async function deliver(taskToken: string, outcome: WaitOutcome): Promise<Delivery> {
  try {
    if (outcome.kind === 'success') {
      await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(outcome.output) }));
    } else {
      await sfn.send(new SendTaskFailureCommand({ taskToken, error: outcome.error, cause: outcome.cause }));
    }
    return 'SENT';
  } catch (error) {
    if (error instanceof Error && CLOSED_TOKEN_ERRORS.has(error.name)) return 'TOKEN_CLOSED';
    throw error;
  }
}

/**
 * Sends `outcome(payment)` to the waiting task if this caller wins the lease, for as long as the stored token
 * changes under it (bounded). Returns what was delivered, or undefined when there was nothing to do for this
 * caller (no token yet, already notified, someone else is sending).
 */
async function notifyOnce(
  db: DynamoDBDocumentClient,
  tenantId: string,
  paymentId: string,
  statuses: readonly PaymentRecord['status'][],
  outcome: (payment: PaymentRecord) => WaitOutcome,
): Promise<Delivery | undefined> {
  for (let round = 0; round < 3; round += 1) {
    const leaseId = randomUUID();
    const claimed = await claimTaskNotification(db, tenantId, paymentId, { statuses, leaseId, now: new Date(), leaseMs: NOTIFY_LEASE_MS });
    if (!claimed?.taskToken || !claimed.taskTokenId) return undefined;
    let delivery: Delivery;
    try {
      delivery = await deliver(claimed.taskToken, outcome(claimed));
    } catch (error) {
      await releaseTaskNotification(db, tenantId, paymentId, leaseId).catch(() => undefined);
      throw error;
    }
    const marked = await markTaskNotified(db, tenantId, paymentId, { leaseId, taskTokenId: claimed.taskTokenId, outcome: delivery, now: new Date() });
    logger.info('Payment wait notified', { paymentId, status: claimed.status, delivery, recorded: marked });
    if (marked) return delivery;
    // A newer wait step replaced the token while we sent to the old one: give the lease back and serve the new one.
    await releaseTaskNotification(db, tenantId, paymentId, leaseId);
  }
  return undefined;
}

/** Completes the waiting task of a payment that reached BOOKED, FAILED or CANCELED (if a task waits). */
export function notifyWaitingTask(db: DynamoDBDocumentClient, tenantId: string, paymentId: string): Promise<Delivery | undefined> {
  return notifyOnce(db, tenantId, paymentId, FINAL_STATUSES, waitOutcome);
}

/**
 * Fails the waiting task of a still unpaid payment with `error` (e.g. `Withdrawn`). True only when this call
 * delivered it; false when no task waits, it was already completed, or its token had closed.
 */
export async function abortWaitingTask(
  db: DynamoDBDocumentClient,
  tenantId: string,
  paymentId: string,
  error: string,
  cause: string,
): Promise<boolean> {
  const delivery = await notifyOnce(db, tenantId, paymentId, ['INITIAL'], () => ({ kind: 'failure', error, cause }));
  return delivery === 'SENT';
}
