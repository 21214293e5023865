import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { berlinDate } from '#core/dates';
import { publicCourse } from './catalog.ts';
import { certificateOfCycle } from './certificates/view.ts';
import { allowedAttempts, enrolmentView } from './enrolments/domain.ts';
import { CourseNotFound } from './enrolments/errors.ts';
import { courseAsLearned } from './enrolments/learning.ts';
import { coursePathSchema } from './enrolments/schemas.ts';
import { latestCycle } from './enrolments/store.ts';
import { myCourseSchema } from './learner-views.ts';

/**
 * GET /training/me/courses/{id} — one course as the caller learns it: the version of their latest cycle (the lessons
 * and questions they are marked against, which may be older than the current version), their progress in it, the
 * attempts the cycle allows and its certificate; without a cycle, the current version to enrol in. Read only: a Query
 * and at most one BatchGetItem. A course outside the caller's catalogue (another tenant's) is not found (404).
 */
export const handler = httpHandler({ audit: { record: 'enrolment', action: 'read', id: 'param:id', subject: ['caller'] }, params: coursePathSchema, responses: { 200: myCourseSchema } }, async ({ params, caller }) => {
  const db = tableFor(caller.tenantId);
  const today = berlinDate(new Date());
  const latest = await latestCycle(db, caller.tenantId, caller.userId, params.id);
  const course = await courseAsLearned(db, caller.tenantId, params.id, latest);
  if (!course) throw new CourseNotFound();
  const certificate = latest && certificateOfCycle(latest, today);
  return json(200, {
    course: publicCourse(course),
    ...(latest
      ? { enrolment: enrolmentView(latest, today), attemptsAllowed: allowedAttempts(latest.attemptsAllowed ?? course.attemptsAllowed, latest) }
      : {}),
    ...(certificate ? { certificate } : {}),
  });
});
