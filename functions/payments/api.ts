/**
 * What other capabilities may use of payments. Kept free of provider configuration: importing it needs only the
 * table and the Step Functions client, not the payment provider's variables or secret.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableFor } from '#core/ddb';
import { summarize, type PaymentSummary } from './domain.ts';
import { getPayment } from './store.ts';
import { abortWaitingTask } from './task-callback.ts';

export type { PaymentSummary } from './domain.ts';

/**
 * Ends the workflow's wait for a payment with a failure (`error`, e.g. `Withdrawn` when the applicant withdraws).
 * Sends SendTaskFailure with the stored task token, exactly once, and only while the payment is unpaid. Returns
 * false when there is no waiting task (not registered yet, already completed — e.g. the payment was just booked —,
 * or its token closed). Uses the tenant-scoped table client of `tenantId`.
 */
export function abortPaymentWait(tenantId: string, paymentId: string, error: 'Withdrawn', cause: string): Promise<boolean> {
  return abortWaitingTask(tableFor(tenantId), tenantId, paymentId, error, cause);
}

/** The payment for display (application status pages); undefined when there is no such payment. */
export async function paymentSummary(db: DynamoDBDocumentClient, tenantId: string, paymentId: string): Promise<PaymentSummary | undefined> {
  const payment = await getPayment(db, tenantId, paymentId);
  return payment ? summarize(payment) : undefined;
}
