import { systemTable } from '#core/ddb';
import { taskHandler } from '#core/task';
import { refundPayment } from '../lifecycle.ts';
import { paymentProvider } from '../providers.ts';
import { refundPaymentInputSchema } from '../schemas.ts';

/**
 * Workflow step: refunds a booked payment once. Output `{ status: 'REFUNDED' | 'REFUND_REQUESTED', reference,
 * refundedAt }` or `{ status: 'NOT_PAID' }`. Errors: `RefundInProgress` (retry after a few seconds), `PaymentNotFound`.
 */
export const handler = taskHandler(refundPaymentInputSchema, async (input) =>
  refundPayment(systemTable, await paymentProvider(systemTable), input, new Date()),
);
