import { htmlHeaders, prefersHtml } from '#core/html-page';
import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { XBEZAHLDIENSTE_STATUSES, xbdId } from '../protocol.ts';
import { xbdSandbox } from './instance.ts';
import { resultPage } from './page.ts';
import { PAYPAGE_ACTIONS } from './platform.ts';

/**
 * POST /xbezahldienste-sandbox/paypage/{transactionId} with `{ "action": "pay" | "cancel" | "fail" }` — the payer's
 * choice on the pay page (form-encoded from the page, JSON from programs). Records the outcome once (a second → 409)
 * and sends nothing anywhere: XBezahldienste is pull-based, the service learns the outcome by its status query.
 */
export const handler = httpHandler(
  {
    params: z.strictObject({ transactionId: xbdId }),
    body: z.strictObject({ action: z.enum(PAYPAGE_ACTIONS) }),
    responses: {
      200: {
        'application/json': z.object({ transactionId: z.string(), status: z.enum(XBEZAHLDIENSTE_STATUSES), transactionReference: z.optional(z.string()), redirectUrl: z.string() }),
        'text/html': z.string(),
      },
    },
    formBody: true,
  },
  async ({ params, body, headers }) => {
    const transaction = await xbdSandbox.settle(params.transactionId, body.action, new Date());
    if (prefersHtml(headers.accept)) return json(200, resultPage(transaction), htmlHeaders());
    return json(200, {
      transactionId: transaction.transactionId,
      status: transaction.status,
      ...(transaction.transactionReference ? { transactionReference: transaction.transactionReference } : {}),
      redirectUrl: transaction.paymentRequest.redirectUrl,
    });
  },
);
