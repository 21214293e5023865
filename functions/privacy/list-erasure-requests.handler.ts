/** GET /privacy/erasure-requests?status=open|decided — the data protection officer's list (open: oldest first). */
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { erasureRequestsWith, officerView } from './requests-store.ts';
import { erasureListSchema, requestListQuerySchema } from './schemas.ts';

export const handler = httpHandler({ audit: { record: 'erasure-request', action: 'read', id: 'items:requestId', subject: ['items:userId'] }, query: requestListQuerySchema, responses: { 200: erasureListSchema } }, async ({ query, caller }) => {
  const items = await erasureRequestsWith(tableFor(caller.tenantId), caller.tenantId, query.status ?? 'open');
  return json(200, { items: items.map(officerView) });
});
