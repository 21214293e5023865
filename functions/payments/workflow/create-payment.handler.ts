import { systemTable } from '#core/ddb';
import { taskHandler } from '#core/task';
import { createPayment } from '../lifecycle.ts';
import { PUBLIC_API_URL, paymentProvider } from '../providers.ts';
import { createPaymentInputSchema } from '../schemas.ts';

/**
 * Workflow step: the payment of an application and its provider transaction. Idempotent per applicationId.
 * Output `{ paymentId, checkoutUrl, status }`. Errors: `PaymentInputMismatch` (a bug, do not retry).
 */
export const handler = taskHandler(createPaymentInputSchema, async (input) =>
  createPayment(systemTable, await paymentProvider(), input, { now: new Date(), publicApiUrl: PUBLIC_API_URL }),
);
