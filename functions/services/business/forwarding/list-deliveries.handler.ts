import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { decodeCursor, encodeCursor } from '#core/pagination';
import * as z from '#core/zod';
import { deliverySummary, DELIVERY_STATUSES } from './model.ts';
import { listByApplication, listByStatus } from './store.ts';
import { deliverySummarySchema } from './views.ts';

const querySchema = z.strictObject({
  status: z._default(z.enum(DELIVERY_STATUSES, { error: `Status: ${DELIVERY_STATUSES.join(', ')}.` }), 'dead'),
  applicationId: z.optional(z.uuid({ error: 'Die Antrags-ID ist ungültig.' })),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

/**
 * GET /business/deliveries?status=&applicationId= — the forwarding of Gewerbeanzeigen for the caseworkers of the
 * caller's tenant: by status (default `dead`, the deliveries waiting for a manual resend; `failed` and `pending` due
 * first, `delivered` and `dead` newest first), or all deliveries of one application. Summaries only: no message
 * content.
 */
export const handler = httpHandler({ audit: { record: 'business-delivery', action: 'read', id: 'items:deliveryId' },
  query: querySchema,
  responses: {
    200: z.union([
      z.object({ applicationId: z.string(), items: z.array(deliverySummarySchema), cursor: z.null() }),
      z.object({ status: z.enum(DELIVERY_STATUSES), items: z.array(deliverySummarySchema), cursor: z.nullable(z.string()) }),
    ]),
  },
}, async ({ query, caller }) => {
  const db = tableFor(caller.tenantId);
  if (query.applicationId) {
    const items = await listByApplication(db, caller.tenantId, query.applicationId);
    return json(200, { applicationId: query.applicationId, items: items.map(deliverySummary), cursor: null });
  }
  const page = await listByStatus(db, caller.tenantId, query.status, { limit: query.limit, ...(query.cursor ? { cursor: decodeCursor(query.cursor) } : {}) });
  return json(200, { status: query.status, items: page.items.map(deliverySummary), cursor: encodeCursor(page.cursor) });
});
