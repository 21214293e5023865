import { systemTable } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { HttpProblem } from '#core/problem';
import * as z from '#core/zod';
import { receivePaymentEvent } from './confirmations.ts';
import { InvalidWebhookPayload, InvalidWebhookSignature, type PaymentEvent } from './provider.ts';
import { paymentProvider } from './providers.ts';

/**
 * POST /payments/webhook — the payment provider's signed confirmation (public; authenticated by its signature).
 *
 * 401 for a missing, wrong or stale signature (nothing is read or written), 400 for an authentic request that is
 * not a payment event, 404 for an unknown payment, 422 when the event does not fit the payment (amount, tenant);
 * otherwise 200 `{ received: true }` — also for a replayed or duplicate event, which has no second effect.
 * Any other failure is a 500, so that the provider delivers again.
 */
export const handler = httpHandler({ body: z.unknown(), responses: { 200: z.object({ received: z.literal(true) }) }, problems: [401] }, async ({ headers, rawBody }) => {
  const provider = await paymentProvider(systemTable);
  let event: PaymentEvent;
  try {
    event = provider.verifyWebhook(headers, rawBody, new Date());
  } catch (error) {
    if (error instanceof InvalidWebhookSignature) {
      logger.warn('Payment webhook rejected', { reason: error.message });
      throw new HttpProblem('unauthorized', 'Die Signatur der Zahlungsbestätigung ist ungültig oder abgelaufen.');
    }
    if (error instanceof InvalidWebhookPayload) {
      logger.warn('Payment webhook payload rejected', { reason: error.message });
      throw new HttpProblem('bad-request', 'Die Zahlungsbestätigung hat kein gültiges Format.');
    }
    throw error;
  }
  await receivePaymentEvent(systemTable, event, new Date());
  return json(200, { received: true });
});
