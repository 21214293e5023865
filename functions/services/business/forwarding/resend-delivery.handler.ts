import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import * as z from '#core/zod';
import { resendDelivery } from './deliver.ts';
import { deliverySummary } from './model.ts';
import { deliverySummarySchema } from './views.ts';

const paramsSchema = z.strictObject({ id: z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/, 'Die Übermittlungs-ID ist ungültig.')) });
const bodySchema = z.optional(
  z.strictObject({
    note: z.optional(z.string().check(z.trim(), z.minLength(3, 'Bitte mindestens 3 Zeichen.'), z.maxLength(500, 'Höchstens 500 Zeichen.'))),
  }),
);

/**
 * POST /business/deliveries/{id}/resend — a caseworker sends a failed or dead delivery again: a new round of attempts
 * with the recipient's retry policy, the first one at once. Answers with the delivery as it is afterwards (delivered,
 * or failed again with the next attempt planned). A delivered message is not sent again (409).
 */
export const handler = httpHandler({ audit: { record: 'business-delivery', action: 'update', id: 'param:id' }, params: paramsSchema, body: bodySchema, responses: { 200: deliverySummarySchema } }, async ({ params, body, caller }) => {
  const now = new Date();
  const delivery = await resendDelivery(tableFor(caller.tenantId), caller.tenantId, params.id, { by: caller.userId, now, ...(body?.note ? { note: body.note } : {}) });
  logger.info('Delivery resent', { tenantId: caller.tenantId, deliveryId: params.id, by: caller.userId, status: delivery.status });
  return json(200, deliverySummary(delivery));
});
