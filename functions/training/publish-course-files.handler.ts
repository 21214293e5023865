import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { Unprocessable } from '#core/problem';
import { courseSummary } from './catalog.ts';
import { courseFilesSchema, fieldErrorsOf, problemField, publishedCourseSchema } from './content/files.ts';
import { checkCourseFiles } from './content/load.ts';
import { publishTenantCourse } from './courses/publish.ts';

/**
 * POST /training/courses/files — a tenant admin publishes the tenant's own course as the files of its folder:
 * `{ "files": { "course.yaml": "…", "quiz.yaml": "…", "lessons/01-einfuehrung.md": "…" } }` (paths relative to the
 * folder; the web console reads them from a ZIP of the folder). Checked exactly like `npm run content:check` checks
 * the county's folders; any error → 422, nothing published, with one entry per problem in `errors`:
 * `{ "field": "quiz.yaml:12", "message": "questions[1].options: …" }`. Then published like `POST /training/courses`:
 * the next version of the tenant's course; county course ids are reserved (409).
 */
export const handler = httpHandler({ body: courseFilesSchema, responses: { 201: publishedCourseSchema } }, async ({ body, caller }) => {
  const checked = await checkCourseFiles(new Map(Object.entries(body.files)));
  if (!checked.course) {
    const count = checked.errors.length;
    throw new Unprocessable(`Der Kurs enthält ${count === 1 ? 'einen Fehler' : `${count} Fehler`}. Es wurde nichts veröffentlicht.`, fieldErrorsOf(checked.errors));
  }
  const { version: _version, owner: _owner, ...content } = checked.course;
  const course = await publishTenantCourse(tableFor(caller.tenantId), caller.tenantId, content, { userId: caller.userId, now: new Date() });
  const warnings = checked.warnings.map((warning) => `${problemField(warning)} ${warning.message}`);
  return json(201, { ...courseSummary(course), ...(warnings.length > 0 ? { warnings } : {}) }, { location: `/training/courses/${course.id}` });
});
