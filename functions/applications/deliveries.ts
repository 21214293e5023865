/**
 * Handing recorded events to the waiting workflow task: the caseworker's decision (`AwaitDecision`) and the
 * applicant's withdrawal (`AwaitDecision` or the payment wait). The event is recorded first, together with a
 * pending-delivery mark (store: `DELIVERY#<kind>`); the handler that recorded it delivers it right away, and the
 * repair schedule delivers whatever a crash left undelivered. Delivering twice is harmless: a closed token means the
 * task got its answer before.
 */
import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '#core/logger';
import { sfn } from '#core/sfn';
import { abortPaymentWait } from '#functions/payments/api';
import type { Application, Decision } from './model.ts';
import { clearWithdrawalRequest, markDecisionDelivered, markWithdrawalDelivered } from './store.ts';

/** Errors of SendTask* that mean: this token's task is already closed. */
const CLOSED_TOKEN_ERRORS = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);

const isClosedToken = (error: unknown) => error instanceof Error && CLOSED_TOKEN_ERRORS.has(error.name);

type Stored = Pick<Application, 'tenantId' | 'applicationId' | 'status' | 'payment'> & { decisionTaskToken?: unknown };

/**
 * Hands the decision to the waiting task and records that. False when there is no token to hand it to. A partial
 * approval with a lower fee carries `refundCents`: the workflow refunds that part after issuing the documents.
 */
export async function deliverDecision(db: DynamoDBDocumentClient, app: Stored, decision: Pick<Decision, 'outcome' | 'reason' | 'partial'>): Promise<boolean> {
  const token = typeof app.decisionTaskToken === 'string' ? app.decisionTaskToken : undefined;
  if (!token) {
    logger.error('No decision task token on a decided application', { tenantId: app.tenantId, applicationId: app.applicationId });
    return false;
  }
  try {
    const refundCents = decision.partial?.refundCents ?? 0;
    const output = { outcome: decision.outcome, reason: decision.reason ?? null, ...(refundCents > 0 ? { refundCents } : {}) };
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
  } catch (error) {
    if (!isClosedToken(error)) throw error;
  }
  await markDecisionDelivered(db, app.tenantId, app.applicationId);
  return true;
}

export const WITHDRAWAL_CAUSE = 'Vom Antragsteller zurückgezogen';

/**
 * Fails the waiting step with `Withdrawn` (the workflow then cancels or refunds and records `withdrawn`) and records
 * the delivery. When nothing waits for it any more (the payment was booked a moment earlier, the token closed), the
 * withdrawal mark is taken back, so that the caseworker can decide again; returns false then.
 */
export async function deliverWithdrawal(db: DynamoDBDocumentClient, app: Stored): Promise<boolean> {
  let delivered = false;
  if (app.status === 'awaiting-payment' && app.payment) {
    delivered = await abortPaymentWait(app.tenantId, app.payment.paymentId, 'Withdrawn', WITHDRAWAL_CAUSE);
  } else if (app.status === 'awaiting-decision' && typeof app.decisionTaskToken === 'string') {
    try {
      await sfn.send(new SendTaskFailureCommand({ taskToken: app.decisionTaskToken, error: 'Withdrawn', cause: WITHDRAWAL_CAUSE }));
      delivered = true;
    } catch (error) {
      if (!isClosedToken(error)) throw error;
    }
  }
  if (delivered) await markWithdrawalDelivered(db, app.tenantId, app.applicationId);
  else await clearWithdrawalRequest(db, app);
  return delivered;
}
