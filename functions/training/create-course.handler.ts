import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { courseSummary } from './catalog.ts';
import { lessonChecks, tenantCourseSchema } from './content/schema.ts';
import { publishTenantCourse } from './courses/publish.ts';
import { publishedCourseSchema } from './content/files.ts';

/**
 * POST /training/courses — a tenant admin publishes the tenant's own course (same rules as the county's files).
 * The first publication is version 1; publishing the same id again creates the next version, and every version
 * stays stored for the enrolments that use it. County course ids are reserved (409).
 */
export const handler = httpHandler({ body: tenantCourseSchema, responses: { 201: publishedCourseSchema } }, async ({ body, caller }) => {
  const course = await publishTenantCourse(
    tableFor(caller.tenantId),
    caller.tenantId,
    {
      id: body.id,
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
    },
    { userId: caller.userId, now: new Date() },
  );
  const warnings = lessonChecks(body).filter((issue) => issue.severity === 'warning').map((issue) => issue.message);
  return json(201, { ...courseSummary(course), ...(warnings.length > 0 ? { warnings } : {}) }, { location: `/training/courses/${course.id}` });
});
