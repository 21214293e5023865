import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { berlinDate } from '#core/dates';
import { enrolmentView } from './enrolments/domain.ts';
import { enrol } from './enrolments/learning.ts';
import { coursePathSchema } from './enrolments/schemas.ts';
import { enrolmentSchema } from './views.ts';

/**
 * POST /training/courses/{id}/enrol — the caller enrols in the current version of a course of their catalogue (the
 * course's audience must include one of their roles); the cycle keeps that version. 201 with the new cycle, or 200
 * with the open cycle that exists already (idempotent). A still valid completion is a conflict (409).
 */
export const handler = httpHandler({ audit: { record: 'enrolment', action: 'create', id: 'param:id', subject: ['caller'] }, params: coursePathSchema, responses: { 200: enrolmentSchema, 201: enrolmentSchema } }, async ({ params, caller }) => {
  const now = new Date();
  const { created, enrolment } = await enrol(tableFor(caller.tenantId), caller, params.id, now);
  return json(created ? 201 : 200, enrolmentView(enrolment, berlinDate(now)));
});
