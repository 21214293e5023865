import { systemTable } from '#core/ddb';
import { taskHandler } from '#core/task';
import { cancelPayment } from '../lifecycle.ts';
import { paymentProvider } from '../providers.ts';
import { cancelPaymentInputSchema } from '../schemas.ts';

/**
 * Workflow step: cancels an unpaid payment. Output `{ status }`: CANCELED, or BOOKED (then refund), or FAILED.
 * Errors: `PaymentConfirmationPending` (retry after a few seconds), `PaymentNotFound`.
 */
export const handler = taskHandler(cancelPaymentInputSchema, async (input) =>
  cancelPayment(systemTable, await paymentProvider(), input, new Date()),
);
