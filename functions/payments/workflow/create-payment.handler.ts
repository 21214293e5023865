import { systemTable } from '#core/ddb';
import { sitePages } from '#core/site';
import { taskHandler } from '#core/task';
import { createPayment } from '../lifecycle.ts';
import { providerForTenant } from '../providers.ts';
import { createPaymentInputSchema } from '../schemas.ts';

/** The status page, marked as a return from paying: the page asks for the payment's status at once (`check-payment`). */
const returnAddress = (applicationId: string) => `${sitePages.application(applicationId)}?zahlung=zurueck`;

/**
 * Workflow step: the payment of an application (its `attempt`-th: the applicant may pay again) and its transaction
 * with the provider the tenant configures (`settings.ts`). Idempotent per applicationId and attempt. The payer
 * returns to the application's status page. Output `{ paymentId, checkoutUrl, status }`. Errors:
 * `PaymentInputMismatch` (a bug, do not retry).
 */
export const handler = taskHandler(createPaymentInputSchema, async (input) =>
  createPayment(systemTable, await providerForTenant(systemTable, input.tenantId), input, { now: new Date(), returnUrl: returnAddress }),
);
