import { httpHandler, json } from '#core/http';
import { moveTask } from './outcome.ts';
import { taskPathSchema } from './tasks.ts';
import { vehicleTaskSchema } from './views.ts';

/** POST /vehicle-registration/tasks/{id}/reopen — a failed task goes back to the work list to be retried. */
export const handler = httpHandler({ audit: { record: 'vehicle-handover', action: 'update', id: 'param:id' }, params: taskPathSchema, responses: { 200: vehicleTaskSchema } }, async ({ params, caller }) => {
  return json(200, await moveTask(caller, params.id, 'open', {}));
});
