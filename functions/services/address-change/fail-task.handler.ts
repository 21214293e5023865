import { httpHandler, json } from '#core/http';
import { moveTask } from './outcome.ts';
import { failTaskSchema } from './schemas.ts';
import { taskPathSchema } from './tasks.ts';
import { vehicleTaskSchema } from './views.ts';

/**
 * POST /vehicle-registration/tasks/{id}/fail — the Zulassungsstelle cannot update the certificate (e.g. the ZB I
 * number does not match). The change of address stands; the reason is published to the municipality and the citizen,
 * who is told by e-mail; with `citizenAction: "correct-zb1-number"` the citizen may send the right number online.
 */
export const handler = httpHandler({ audit: { record: 'vehicle-handover', action: 'update', id: 'param:id' }, params: taskPathSchema, body: failTaskSchema, responses: { 200: vehicleTaskSchema } }, async ({ params, body, caller }) => {
  return json(200, await moveTask(caller, params.id, 'failed', { failureReason: body.reason, ...(body.citizenAction ? { citizenAction: body.citizenAction } : {}) }));
});
