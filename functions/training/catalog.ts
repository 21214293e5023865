import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requireEnv } from '#core/config';
import { logger } from '#core/logger';
import { formatContentError, loadCatalogue } from './content/load.ts';
import { getCourseVersion, getOwnCourse, listOwnCourses, putCourseVersion } from './courses/store.ts';
import type { Course } from './model.ts';

export { publicCourse, quizForAttempt, courseSummary, type PublicCourse, type PublicQuestion, type CourseSummary } from './content/view.ts';
export { scoreAttempt, InvalidQuizAnswer, type AttemptScore, type QuizAnswers, type QuestionResult } from './content/scoring.ts';

/**
 * The course catalogue of a tenant: the county's courses (files in `TRAINING_CONTENT_DIR`, shipped with the
 * function) plus the tenant's own courses (table). Enrolments refer to a version snapshot in the tenant's partition,
 * so a learner keeps the version they started with when the files or the tenant's course change.
 *
 * County course ids take precedence: a tenant cannot publish a course under a county id (409), and if the county
 * later adds a course with an id a tenant already uses, the tenant's course is hidden from the catalogue (logged)
 * rather than mixed up with the county's.
 */
const CONTENT_DIR = requireEnv('TRAINING_CONTENT_DIR');

let county: Promise<readonly Course[]> | undefined;

/** The county catalogue, read once per process. Invalid content throws: `npm run content:check` fails the build first. */
export function countyCatalogue(): Promise<Course[]> {
  county ??= loadCatalogue(CONTENT_DIR).then(({ courses, errors }) => {
    if (errors.length > 0) {
      throw new Error(`Training content in ${CONTENT_DIR} is invalid (${errors.length} errors): ${errors.slice(0, 5).map(formatContentError).join('; ')}`);
    }
    return courses.map((course) => deepFreeze(course));
  });
  const loading = county;
  // A failed load is not cached: the next request tries again (and fails again, loudly, if the files are broken).
  loading.catch(() => {
    if (county === loading) county = undefined;
  });
  return loading.then((courses) => [...courses]);
}

/** The county's courses are shared by every request of the process: frozen, so nobody changes them by accident. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** County courses first (in folder order), then the tenant's own courses, by title. */
export async function catalogueFor(db: DynamoDBDocumentClient, tenantId: string): Promise<Course[]> {
  const [countyCourses, own] = await Promise.all([countyCatalogue(), listOwnCourses(db, tenantId)]);
  const countyIds = new Set(countyCourses.map((course) => course.id));
  const shadowed = own.filter((course) => countyIds.has(course.id));
  if (shadowed.length > 0) {
    logger.warn('Tenant courses hidden by county courses with the same id', { tenantId, courseIds: shadowed.map((course) => course.id) });
  }
  const visible = own.filter((course) => !countyIds.has(course.id)).sort((a, b) => a.title.localeCompare(b.title, 'de'));
  return [...countyCourses, ...visible];
}

/** The current version of a county course or of one of the tenant's own courses; another tenant's course is never found. */
export async function currentCourse(db: DynamoDBDocumentClient, tenantId: string, courseId: string): Promise<Course | undefined> {
  const countyCourse = (await countyCatalogue()).find((course) => course.id === courseId);
  if (countyCourse) return countyCourse;
  return getOwnCourse(db, tenantId, courseId);
}

/**
 * The version an enrolment uses (with answers, for scoring). Enrolment snapshots it first (`snapshotCourse`); a
 * county course whose snapshot is missing is still served while the files carry that very version.
 */
export async function courseVersion(db: DynamoDBDocumentClient, tenantId: string, courseId: string, version: number): Promise<Course | undefined> {
  const snapshot = await getCourseVersion(db, tenantId, courseId, version);
  if (snapshot) return snapshot;
  const countyCourse = (await countyCatalogue()).find((course) => course.id === courseId);
  return countyCourse?.version === version ? countyCourse : undefined;
}

/**
 * Stores the full course (with answers) as `<t>#COURSE#<id>` / `VERSION#<v:04>` unless that version is stored
 * already. Idempotent; call it before an enrolment refers to `course.version`.
 */
export async function snapshotCourse(db: DynamoDBDocumentClient, tenantId: string, course: Course): Promise<void> {
  await putCourseVersion(db, tenantId, course, new Date());
}
