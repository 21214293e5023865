import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { CITIZEN_ACTIONS } from './handover.ts';
import { moveTask } from './outcome.ts';
import { taskPathSchema } from './tasks.ts';
import { vehicleTaskSchema } from './views.ts';

const bodySchema = z.strictObject({
  reason: z.string().check(
    z.trim(),
    z.minLength(5, 'Bitte begründen Sie, warum der Auftrag nicht erledigt werden kann (mindestens 5 Zeichen); die Gemeinde und die Bürgerin oder der Bürger sehen die Begründung.'),
    z.maxLength(500, 'Höchstens 500 Zeichen.'),
  ),
  /** What the failure asks the citizen to do; `correct-zb1-number` lets the citizen send the right number online. */
  citizenAction: z.optional(z.enum(CITIZEN_ACTIONS, { error: `Mögliche Bitte an die Bürgerin oder den Bürger: ${CITIZEN_ACTIONS.join(', ')}.` })),
});

/**
 * POST /vehicle-registration/tasks/{id}/fail — the Zulassungsstelle cannot update the certificate (e.g. the ZB I
 * number does not match). The change of address stands; the reason is published to the municipality and the citizen,
 * who is told by e-mail; with `citizenAction: "correct-zb1-number"` the citizen may send the right number online.
 */
export const handler = httpHandler({ params: taskPathSchema, body: bodySchema, responses: { 200: vehicleTaskSchema } }, async ({ params, body, caller }) => {
  return json(200, await moveTask(caller, params.id, 'failed', { failureReason: body.reason, ...(body.citizenAction ? { citizenAction: body.citizenAction } : {}) }));
});
