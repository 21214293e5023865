import { systemTable } from '#core/ddb';
import { taskHandler } from '#core/task';
import { cancelPayment } from '../lifecycle.ts';
import { paymentProvider } from '../providers.ts';
import { cancelPaymentInputSchema } from '../schemas.ts';

/**
 * Workflow step: cancels an unpaid payment. Output `{ status }`: CANCELED, or BOOKED (then refund), or FAILED.
 * A booking the provider reports but whose confirmation never came is recorded first (`reconcilePayment`).
 * Errors: `PaymentConfirmationPending` (the provider's status does not confirm the booking yet), `PaymentNotFound`.
 */
export const handler = taskHandler(cancelPaymentInputSchema, async (input) =>
  cancelPayment(systemTable, await paymentProvider(systemTable), input, new Date()),
);
