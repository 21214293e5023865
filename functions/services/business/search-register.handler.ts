import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { pageSchema } from '#core/pagination';
import { registerQuerySchema } from './register-query.ts';
import { businessEntryView, entryView, getEntry, searchRegister } from './trade-register.ts';

/**
 * GET /business/register?name=&q=&wz=&status=&businessId=&limit=&cursor= — the caller's municipality's trade register
 * for its caseworkers: by Betriebs-ID (one read), or sorted by the operator's name (a query of the register index,
 * no Scan; the name prefix in the key condition, words, WZ and status as filters), paged.
 */
export const handler = httpHandler({ audit: { record: 'business', action: 'read', id: 'items:businessId' }, query: registerQuerySchema, responses: { 200: pageSchema(businessEntryView) } }, async ({ query, caller }) => {
  const db = tableFor(caller.tenantId);
  if (query.businessId) {
    const entry = await getEntry(db, caller.tenantId, query.businessId);
    return json(200, { items: entry ? [entryView(entry)] : [], nextCursor: null });
  }
  const page = await searchRegister(db, caller.tenantId, {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.name ? { name: query.name } : {}),
    ...(query.q ? { text: query.q } : {}),
    ...(query.wz ? { wz: query.wz } : {}),
    ...(query.status ? { status: query.status } : {}),
  });
  return json(200, page);
});
