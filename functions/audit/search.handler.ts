import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { trailQuerySchema } from './schemas.ts';
import { searchPage } from './search.ts';
import { trailEntryView, trailPageSchema } from './views.ts';

/**
 * `GET /audit/entries?person=&recordType=&recordId=&user=&from=&to=&limit=&cursor=` — the data protection officer
 * searches the tenant's audit trail, newest first (Art. 38/39 DSGVO: monitoring; Art. 15: what was done with a person's
 * data). Ids only. The search itself is recorded: the trail names people by their ids.
 */
export const handler = httpHandler(
  { audit: { record: 'audit-trail', action: 'read', id: 'const:search' }, query: trailQuerySchema, responses: { 200: trailPageSchema } },
  async ({ query, caller }) => {
    const page = await searchPage(tableFor(caller.tenantId), caller.tenantId, query, new Date());
    return json(200, { items: page.items.map(trailEntryView), nextCursor: page.nextCursor });
  },
);
