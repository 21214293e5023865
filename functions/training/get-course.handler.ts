import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import { currentCourse, publicCourse } from './catalog.ts';
import { coursePathSchema } from './content/schema.ts';
import { publicCourseSchema } from './views.ts';

/**
 * GET /training/courses/{id} — the current version with its lessons and questions, never the answers. A tenant's own
 * course is looked up in the caller's partition only, so another tenant's course is simply not found (404).
 */
export const handler = httpHandler({ params: coursePathSchema, responses: { 200: publicCourseSchema } }, async ({ params, caller }) => {
  const course = await currentCourse(tableFor(caller.tenantId), caller.tenantId, params.id);
  if (!course) throw new NotFound(`Der Kurs "${params.id}" wurde nicht gefunden.`);
  return json(200, publicCourse(course));
});
