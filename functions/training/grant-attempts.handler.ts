import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { attemptsGranted } from './enrolments/domain.ts';
import { grantAttempts } from './enrolments/grants.ts';
import { grantAttemptsSchema, grantPathSchema } from './enrolments/schemas.ts';
import { grantSchema } from './admin-views.ts';

/**
 * POST /training/employees/{id}/courses/{courseId}/attempts — a tenant admin grants an employee of the tenant 1–5
 * further quiz attempts in the current cycle of an assigned course, with a reason: `{ "additional": 1, "reason":
 * "…" }`. 201 with the cycle's grants (who, when, why, how many). 404: not an employee of the caller's tenant; 409:
 * the course is not assigned to the person (voluntary courses are answered the same), already completed, or the cycle
 * lapsed (the next one starts with all attempts); 422: no quiz, or more than 20 granted in the cycle. The answer never
 * depends on the attempts used or the quiz result, which the administration does not see.
 */
export const handler = httpHandler({ audit: { record: 'employee', action: 'update', id: 'param:id', subject: ['param:id'] }, params: grantPathSchema, body: grantAttemptsSchema, responses: { 201: grantSchema } }, async ({ params, body, caller }) => {
  const { enrolment } = await grantAttempts(tableFor(caller.tenantId), caller.tenantId, {
    employeeId: params.id,
    courseId: params.courseId,
    additional: body.additional,
    reason: body.reason,
    grantedBy: caller.userId,
    now: new Date(),
  });
  logger.info('Quiz attempts granted', { tenantId: caller.tenantId, courseId: enrolment.courseId, cycle: enrolment.cycle, additional: body.additional });
  return json(201, {
    employeeId: enrolment.employeeId,
    courseId: enrolment.courseId,
    cycle: enrolment.cycle,
    attemptsGranted: attemptsGranted(enrolment),
    attemptGrants: enrolment.attemptGrants,
  });
});
