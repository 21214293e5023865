import { systemTable } from '#core/ddb';
import { crashPoint } from '#core/crash';
import { htmlHeaders, prefersHtml } from '#core/html-page';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { NotFound } from '#core/problem';
import * as z from '#core/zod';
import { paymentIdSchema } from '../ids.ts';
import { PAYMENT_STATUSES } from '../provider.ts';
import { sandboxProvider } from '../providers.ts';
import { describeOutcome } from './delivery.ts';
import { STATUS_TEXT, resultPage } from './page.ts';
import { SANDBOX_ACTIONS } from './provider.ts';

/**
 * POST /sandbox-pay/{paymentId} with `{ "action": "pay" | "cancel" | "fail" }` — the payer's choice on the sandbox
 * page (public, dev stages only): the page's plain HTML form posts it form-encoded (no JavaScript needed), programs
 * send JSON. Records the outcome once (a second action → 409) with its confirmation due, then sends the signed
 * webhook to `${PUBLIC_API_URL}/payments/webhook` and answers with the outcome and the webhook's HTTP status — as
 * JSON, or as the result page for a browser (which links back to the application). A confirmation this request
 * could not deliver (an error, a crash) is sent again by the redelivery schedule.
 */
export const handler = httpHandler(
  {
    params: z.strictObject({ paymentId: paymentIdSchema }),
    body: z.strictObject({ action: z.enum(SANDBOX_ACTIONS) }),
    responses: {
      200: {
        'application/json': z.object({
          paymentId: z.string(),
          status: z.enum(PAYMENT_STATUSES),
          statusText: z.string(),
          transactionReference: z.optional(z.string()),
          /** How the signed confirmation to the webhook went (HTTP status of its last attempt; null without answer). */
          webhook: z.object({ status: z.nullable(z.int()), attempts: z.int(), error: z.optional(z.string()) }),
          message: z.string(),
        }),
        'text/html': z.string(),
      },
    },
    formBody: true,
  },
  async ({ params, body, headers }) => {
    const sandbox = await sandboxProvider(systemTable);
    if (!sandbox) throw new NotFound('Diese Testzahlung gibt es nicht.');
    const { transaction } = await sandbox.settle(params.paymentId, body.action, new Date());
    await crashPoint('after-provider-settled');
    const { round: delivery } = await sandbox.deliverConfirmation(transaction, new Date());
    logger.info('Sandbox payment settled', { paymentId: params.paymentId, status: transaction.status, webhookStatus: delivery.status });
    const message = describeOutcome(transaction, delivery);
    if (prefersHtml(headers.accept)) return json(200, resultPage(transaction, message), htmlHeaders());
    return json(200, {
      paymentId: transaction.paymentId,
      status: transaction.status,
      statusText: STATUS_TEXT[transaction.status],
      ...(transaction.transactionReference ? { transactionReference: transaction.transactionReference } : {}),
      webhook: delivery,
      message,
    });
  },
);
