import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { certificateView } from './certificates/view.ts';
import { berlinDate } from '#core/dates';
import { enrolmentView } from './enrolments/domain.ts';
import { readLesson } from './enrolments/progress.ts';
import { lessonPathSchema } from './enrolments/schemas.ts';
import { progressSchema } from './views.ts';

/**
 * POST /training/courses/{id}/lessons/{lessonId}/read — marks a lesson of the caller's current cycle read
 * (idempotent). When it was the last requirement (quiz passed before), the course is completed in this request and
 * the answer carries the certificate.
 */
export const handler = httpHandler({ audit: { record: 'enrolment', action: 'update', id: 'param:id', subject: ['caller'] }, params: lessonPathSchema, responses: { 200: progressSchema } }, async ({ params, caller }) => {
  const now = new Date();
  const today = berlinDate(now);
  const outcome = await readLesson(tableFor(caller.tenantId), caller, params.id, params.lessonId, now);
  return json(200, {
    enrolment: enrolmentView(outcome.enrolment, today),
    ...(outcome.certificate ? { certificate: certificateView(outcome.certificate, today) } : {}),
  });
});
