import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { Conflict } from '#core/problem';
import { countyCatalogue, courseSummary } from './catalog.ts';
import { lessonChecks, tenantCourseSchema } from './content/schema.ts';
import { getOwnCourse, publishOwnCourse } from './courses/store.ts';
import type { Course } from './model.ts';
import { courseSummarySchema } from './views.ts';
import * as z from '#core/zod';

export class CountyCourseId extends Conflict {}

/**
 * POST /training/courses — a tenant admin publishes the tenant's own course (same rules as the county's files).
 * The first publication is version 1; publishing the same id again creates the next version, and every version
 * stays stored for the enrolments that use it. County course ids are reserved (409).
 */
export const handler = httpHandler({ body: tenantCourseSchema, responses: { 201: z.object({ ...courseSummarySchema.shape, warnings: z.optional(z.array(z.string())) }) } }, async ({ body, caller }) => {
  const tenantId = caller.tenantId;
  const county = await countyCatalogue();
  if (county.some((course) => course.id === body.id)) {
    throw new CountyCourseId(`Die Kurs-ID "${body.id}" gehört zu einem Kurs des Kreises. Bitte wählen Sie eine andere ID.`);
  }
  const db = tableFor(tenantId);
  const previous = await getOwnCourse(db, tenantId, body.id);
  const course: Course = {
    id: body.id,
    version: (previous?.version ?? 0) + 1,
    title: body.title,
    description: body.description,
    audience: body.audience,
    estimatedMinutes: body.estimatedMinutes,
    passMark: body.passMark,
    attemptsAllowed: body.attemptsAllowed,
    validityMonths: body.validityMonths,
    tags: body.tags,
    language: body.language,
    lessons: body.lessons.map((lesson) => ({ id: lesson.id, title: lesson.title, body: lesson.body })),
    questions: body.questions.map((question) => ({
      id: question.id,
      type: question.type,
      lesson: question.lesson,
      text: question.text,
      options: question.options.map((option) => ({ id: option.id, text: option.text, correct: option.correct === true })),
      explanation: question.explanation,
    })),
    sources: body.sources.map((source) => (source.url === undefined ? { title: source.title } : { title: source.title, url: source.url })),
    owner: tenantId,
  };
  await publishOwnCourse(db, tenantId, course, { publishedAt: new Date().toISOString(), publishedBy: caller.userId });
  const warnings = lessonChecks(body).filter((issue) => issue.severity === 'warning').map((issue) => issue.message);
  return json(201, { ...courseSummary(course), ...(warnings.length > 0 ? { warnings } : {}) }, { location: `/training/courses/${course.id}` });
});
