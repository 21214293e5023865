import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { paymentTransactionSchema, xbdId } from '../protocol.ts';
import { xbdSandbox } from './instance.ts';

/**
 * GET /xbezahldienste-sandbox/paymenttransaction/{originatorId}/{endPointId}/{transactionId} — the status query the
 * adapter polls (XBezahldienste 1.0): the PaymentTransaction with `paymentInformation.status` INITIAL, PAYED, FAILED
 * or CANCELED. 401 without the bearer credential, 404 for a transaction of another originator or endpoint.
 */
export const handler = httpHandler(
  {
    params: z.strictObject({ originatorId: xbdId, endPointId: xbdId, transactionId: xbdId }),
    responses: { 200: paymentTransactionSchema },
    problems: [401],
  },
  async ({ params, headers }) => {
    xbdSandbox.authorize(headers.authorization);
    return json(200, await xbdSandbox.transaction(params.originatorId, params.endPointId, params.transactionId));
  },
);
