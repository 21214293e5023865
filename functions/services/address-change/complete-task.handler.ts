import { httpHandler, json } from '#core/http';
import { moveTask } from './outcome.ts';
import { completeTaskSchema } from './schemas.ts';
import { taskPathSchema } from './tasks.ts';
import { vehicleTaskSchema } from './views.ts';

/** POST /vehicle-registration/tasks/{id}/complete — the Zulassungsstelle updated the Zulassungsbescheinigung Teil I. */
export const handler = httpHandler({ audit: { record: 'vehicle-handover', action: 'update', id: 'param:id' }, params: taskPathSchema, body: completeTaskSchema, responses: { 200: vehicleTaskSchema } }, async ({ params, body, caller }) => {
  const details = {
    ...(body?.newCertificateNumber ? { newCertificateNumber: body.newCertificateNumber } : {}),
    ...(body?.note ? { note: body.note } : {}),
  };
  return json(200, await moveTask(caller, params.id, 'done', details));
});
