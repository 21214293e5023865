import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { paymentRequestSchema, paymentTransactionSchema, xbdId } from '../protocol.ts';
import { xbdSandbox } from './instance.ts';

/**
 * POST /xbezahldienste-sandbox/paymenttransaction/{originatorId}/{endPointId} — the sandbox platform takes a
 * PaymentRequest (XBezahldienste 1.0) and answers the PaymentTransaction with its pay page (201). 401 without the
 * bearer credential, 409 for a request id it already has (PAYMENT_EXISTS). Public, dev stages only.
 */
export const handler = httpHandler(
  {
    params: z.strictObject({ originatorId: xbdId, endPointId: xbdId }),
    body: paymentRequestSchema,
    responses: { 201: paymentTransactionSchema },
    problems: [401],
  },
  async ({ params, body, headers }) => {
    xbdSandbox.authorize(headers.authorization);
    return json(201, await xbdSandbox.open(params.originatorId, params.endPointId, body, new Date()));
  },
);
