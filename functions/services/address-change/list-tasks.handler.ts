import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { decodeCursor, encodeCursor, pageSchema } from '#core/pagination';
import { applyCorrections } from './outcome.ts';
import { taskListQuerySchema } from './schemas.ts';
import { listTasks } from './store.ts';
import { requireTaskOffice, taskView } from './tasks.ts';
import { vehicleTaskSchema } from './views.ts';

/** GET /vehicle-registration/tasks?status=open — the work list of the Zulassungsstelle, or of a pilot town's office (its sticker tasks; GSI query), oldest first. */
export const handler = httpHandler({ audit: { record: 'vehicle-handover', action: 'read', id: 'items:handoverId' }, query: taskListQuerySchema, responses: { 200: pageSchema(vehicleTaskSchema) } }, async ({ query, caller }) => {
  const county = await requireTaskOffice(caller);
  const cursor = decodeCursor(query.cursor);
  const db = tableFor(county);
  // Citizens' corrected ZB I numbers first: a task they reopen belongs to the open list, not the failed one.
  await applyCorrections(db, county);
  const page = await listTasks(db, county, query.status, { limit: query.limit, ...(cursor ? { cursor } : {}) });
  return json(200, { items: page.items.map(taskView), nextCursor: encodeCursor(page.cursor) });
});
