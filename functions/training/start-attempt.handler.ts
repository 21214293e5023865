import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { beginAttempt } from './enrolments/learning.ts';
import { coursePathSchema } from './enrolments/schemas.ts';
import { attemptStartSchema } from './views.ts';

/**
 * POST /training/courses/{id}/attempts — starts the next quiz attempt of the caller's current cycle: 201 with
 * `{ attempt, attemptsAllowed, questions }` (the questions of the cycle's course version, without answers). An
 * attempt started but not yet submitted is handed out again (200) rather than using up another one. No attempts
 * left: 422; cycle completed: 409.
 */
export const handler = httpHandler({ audit: { record: 'enrolment', action: 'update', id: 'param:id', subject: ['caller'] }, params: coursePathSchema, responses: { 200: attemptStartSchema, 201: attemptStartSchema } }, async ({ params, caller }) => {
  const started = await beginAttempt(tableFor(caller.tenantId), caller, params.id, new Date());
  return json(started.created ? 201 : 200, { attempt: started.attempt, attemptsAllowed: started.attemptsAllowed, questions: started.questions });
});
