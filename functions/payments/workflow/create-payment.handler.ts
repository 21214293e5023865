import { systemTable } from '#core/ddb';
import { sitePages } from '#core/site';
import { taskHandler } from '#core/task';
import { createPayment } from '../lifecycle.ts';
import { paymentProvider } from '../providers.ts';
import { createPaymentInputSchema } from '../schemas.ts';

/**
 * Workflow step: the payment of an application (its `attempt`-th: the applicant may pay again) and its provider
 * transaction. Idempotent per applicationId and attempt. The payer returns to the application's status page.
 * Output `{ paymentId, checkoutUrl, status }`. Errors: `PaymentInputMismatch` (a bug, do not retry).
 */
export const handler = taskHandler(createPaymentInputSchema, async (input) =>
  createPayment(systemTable, await paymentProvider(), input, { now: new Date(), returnUrl: sitePages.application }),
);
