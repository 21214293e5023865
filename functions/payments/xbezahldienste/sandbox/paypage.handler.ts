import { htmlHeaders } from '#core/html-page';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import * as z from '#core/zod';
import { xbdId } from '../protocol.ts';
import { xbdSandbox } from './instance.ts';
import { payPage } from './page.ts';

/** GET /xbezahldienste-sandbox/paypage/{transactionId} — the sandbox platform's pay page (public, dev stages only). */
export const handler = httpHandler({ params: z.strictObject({ transactionId: xbdId }), responses: { 200: { 'text/html': z.string() } } }, async ({ params }) => {
  const transaction = await xbdSandbox.page(params.transactionId);
  if (!transaction) throw new NotFound('Diese Zahlungstransaktion gibt es nicht.');
  return json(200, payPage(transaction), htmlHeaders({ formAction: "'self'" }));
});
