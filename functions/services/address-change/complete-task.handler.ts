import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { zb1NumberSchema } from './form.ts';
import { moveTask } from './outcome.ts';
import { taskPathSchema } from './tasks.ts';
import { vehicleTaskSchema } from './views.ts';

const bodySchema = z.optional(
  z.strictObject({
    newCertificateNumber: z.optional(zb1NumberSchema),
    note: z.optional(z.string().check(z.trim(), z.maxLength(1000, 'Höchstens 1000 Zeichen.'))),
  }),
);

/** POST /vehicle-registration/tasks/{id}/complete — the Zulassungsstelle updated the Zulassungsbescheinigung Teil I. */
export const handler = httpHandler({ params: taskPathSchema, body: bodySchema, responses: { 200: vehicleTaskSchema } }, async ({ params, body, caller }) => {
  const details = {
    ...(body?.newCertificateNumber ? { newCertificateNumber: body.newCertificateNumber } : {}),
    ...(body?.note ? { note: body.note } : {}),
  };
  return json(200, await moveTask(caller, params.id, 'done', details));
});
