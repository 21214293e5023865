import { systemTable } from '#core/ddb';
import { htmlHeaders } from '#core/html-page';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import * as z from '#core/zod';
import { paymentIdSchema } from '../ids.ts';
import { sandboxProvider } from '../providers.ts';
import { checkoutPage } from './page.ts';

/** GET /sandbox-pay/{paymentId} — the sandbox's payment page (public, dev stages only). */
export const handler = httpHandler({ params: z.strictObject({ paymentId: paymentIdSchema }), responses: { 200: { 'text/html': z.string() } } }, async ({ params }) => {
  const sandbox = await sandboxProvider(systemTable);
  const transaction = await sandbox?.transaction(params.paymentId);
  if (!transaction) throw new NotFound('Diese Testzahlung gibt es nicht.');
  return json(200, checkoutPage(transaction), htmlHeaders({ formAction: "'self'" }));
});
