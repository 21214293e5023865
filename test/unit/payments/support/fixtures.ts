import type { PaymentRecord } from '../../../../functions/payments/domain.ts';

export const TENANT = 'neuss';
export const PAYMENT_ID = 'neuss.AAAAAAAAAAAAAAAAAAAAAA';
export const TOKEN = 'task-token-of-the-waiting-step';

/** A stored payment item as DynamoDB returns it. */
export function paymentItem(overrides: Partial<PaymentRecord> = {}): Record<string, unknown> {
  const record: PaymentRecord = {
    paymentId: PAYMENT_ID,
    tenantId: TENANT,
    applicationId: 'app-1',
    caseNumber: 'NE-BPA-2026-000001',
    amountCents: 3000,
    currency: 'EUR',
    purpose: 'Bewohnerparkausweis NE-BPA-2026-000001',
    cashReference: '1.1100.0000.0001',
    provider: 'sandbox',
    providerTransactionId: 'sbx_1',
    checkoutUrl: `http://localhost:3000/sandbox-pay/${PAYMENT_ID}`,
    status: 'INITIAL',
    createdAt: '2026-11-24T10:00:00.000Z',
    updatedAt: '2026-11-24T10:00:00.000Z',
    history: [{ status: 'INITIAL', at: '2026-11-24T10:00:00.000Z', source: 'workflow' }],
    taskNotified: false,
    ...overrides,
  };
  return { PK: `${TENANT}#PAYMENT#${PAYMENT_ID}`, SK: 'PAYMENT', ...record };
}

export const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

export const transactionCanceled = (...codes: string[]) =>
  Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });

export const sfnError = (name: string) => Object.assign(new Error(name), { name });

/** The UpdateExpressions of the store's notification steps, to route mocked calls. */
export const CLAIM = 'SET notifyLeaseId = :leaseId, notifyLeaseUntil = :until';
export const MARK = 'SET taskNotified = :true, taskNotifiedAt = :now, taskNotification = :outcome REMOVE notifyLeaseId, notifyLeaseUntil';
export const RELEASE = 'REMOVE notifyLeaseId, notifyLeaseUntil';
export const REGISTER = 'SET taskToken = :token, taskTokenId = :tokenId, tokenRegisteredAt = :now, taskNotified = :false REMOVE taskNotifiedAt, taskNotification';
