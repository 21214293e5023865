import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { certificateView } from './certificates/view.ts';
import { berlinDate } from '#core/dates';
import { allowedAttempts, enrolmentView } from './enrolments/domain.ts';
import { submitAttempt } from './enrolments/progress.ts';
import { attemptPathSchema, submitAttemptSchema } from './enrolments/schemas.ts';
import { attemptResultSchema } from './views.ts';

/**
 * POST /training/courses/{id}/attempts/{attempt}/submit — `{ answers: { [questionId]: [optionId, …] } }`. Scored on
 * the server against the cycle's course version and stored once; a repeated submission is answered with the first
 * result, unchanged. Passing with every lesson read completes the course in this request (with the certificate).
 */
export const handler = httpHandler({ audit: { record: 'enrolment', action: 'update', id: 'param:id', subject: ['caller'] }, params: attemptPathSchema, body: submitAttemptSchema, responses: { 200: attemptResultSchema } }, async ({ params, body, caller }) => {
  const now = new Date();
  const today = berlinDate(now);
  const outcome = await submitAttempt(tableFor(caller.tenantId), caller, { courseId: params.id, attempt: params.attempt, answers: body.answers, now });
  return json(200, {
    ...outcome.result,
    attemptsUsed: outcome.enrolment.attemptsUsed,
    ...(outcome.enrolment.attemptsAllowed !== undefined ? { attemptsAllowed: allowedAttempts(outcome.enrolment.attemptsAllowed, outcome.enrolment) } : {}),
    enrolment: enrolmentView(outcome.enrolment, today),
    ...(outcome.certificate ? { certificate: certificateView(outcome.certificate, today) } : {}),
  });
});
