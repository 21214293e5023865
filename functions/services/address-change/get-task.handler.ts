import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import { applyCorrections } from './outcome.ts';
import { getTask } from './store.ts';
import { requireTaskOffice, taskPathSchema, taskView } from './tasks.ts';
import { vehicleTaskSchema } from './views.ts';

/** GET /vehicle-registration/tasks/{id} — one task of the Zulassungsstelle (or of a pilot town's office: a sticker task). */
export const handler = httpHandler({ audit: { record: 'vehicle-handover', action: 'read', id: 'param:id' }, params: taskPathSchema, responses: { 200: vehicleTaskSchema } }, async ({ params, caller }) => {
  const county = await requireTaskOffice(caller);
  const db = tableFor(county);
  await applyCorrections(db, county, params.id);
  const task = await getTask(db, county, params.id);
  if (!task) throw new NotFound('Der Auftrag wurde nicht gefunden.');
  return json(200, taskView(task));
});
