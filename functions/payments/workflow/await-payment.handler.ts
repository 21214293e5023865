import { systemTable } from '#core/ddb';
import { taskHandler } from '#core/task';
import { awaitPayment } from '../lifecycle.ts';
import { awaitPaymentInputSchema } from '../schemas.ts';

/**
 * Workflow step invoked with `.waitForTaskToken`: stores the token on the payment; completes the task at once when
 * the payment is already final. Output `{ registered: true }` (the task's own output comes later via
 * SendTaskSuccess: `{ paymentId, status: 'BOOKED', transactionReference, bookedAt, amountCents }`, or a
 * SendTaskFailure with `PaymentFailed` / `PaymentCanceled`).
 */
export const handler = taskHandler(awaitPaymentInputSchema, (input) => awaitPayment(systemTable, input, new Date()));
