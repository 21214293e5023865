import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { decodeCursor, encodeCursor } from '#core/pagination';
import { partitionKey } from '#core/keys';
import { HttpProblem } from '#core/problem';
import * as z from '#core/zod';
import { applyCorrections } from './outcome.ts';
import { listTasks } from './store.ts';
import { requireRegistrationOffice, taskView } from './tasks.ts';

const querySchema = z.strictObject({
  status: z._default(z.enum(['open', 'done', 'failed'], { error: 'Status: open, done oder failed.' }), 'open'),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

/** GET /vehicle-registration/tasks?status=open — the Zulassungsstelle's work list (GSI query), oldest first. */
export const handler = httpHandler({ query: querySchema }, async ({ query, caller }) => {
  const county = requireRegistrationOffice(caller);
  const cursor = decodeCursor(query.cursor);
  if (cursor && (cursor.GSI1PK !== partitionKey(county, 'VREG-TASKS', query.status) || typeof cursor.PK !== 'string' || !cursor.PK.startsWith(`${county}#`))) {
    throw new HttpProblem('bad-request', 'Der Cursor gehört nicht zu dieser Liste.', [{ field: 'query/cursor', message: 'Ungültiger Cursor.' }]);
  }
  const db = tableFor(county);
  // Citizens' corrected ZB I numbers first: a task they reopen belongs to the open list, not the failed one.
  await applyCorrections(db, county);
  const page = await listTasks(db, county, query.status, { limit: query.limit, ...(cursor ? { cursor } : {}) });
  return json(200, { items: page.items.map(taskView), nextCursor: encodeCursor(page.cursor) });
});
