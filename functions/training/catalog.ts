import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requireEnv } from '#core/config';
import { readItems, type ItemRead } from '#core/item-reads';
import { logger } from '#core/logger';
import { COMPILED_CATALOGUE_FILE, parseCompiledCatalogue } from './content/compiled.ts';
import { CourseIdTaken, courseVersionRead, getOwnCourse, listOwnCourses, ownCourseRead, putCourseVersion } from './courses/store.ts';
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
 *
 * A snapshot never changes once stored, so a warm container remembers the snapshots it has read or written (a
 * bounded number) and reads none of them twice.
 */
const CONTENT_DIR = requireEnv('TRAINING_CONTENT_DIR');

/**
 * Set by the bundler (`infra/constructs/bundling.ts`): the deployed function reads the catalogue compiled at build
 * time (`content/compiled.ts`) and carries neither the YAML parser nor the loader. Unbundled (tests, the local
 * platform, the content check) the YAML files are read.
 */
declare const OPENKREIS_TRAINING_CONTENT: string | undefined;

async function readCountyCourses(dir: string): Promise<Course[]> {
  // if/else (not an early return): esbuild drops the dead branch and with it the loader's import.
  if (typeof OPENKREIS_TRAINING_CONTENT === 'string') {
    const file = path.join(dir, COMPILED_CATALOGUE_FILE);
    return parseCompiledCatalogue(await readFile(file, 'utf8'), file);
  } else {
    const { formatContentError, loadCatalogue } = await import('./content/load.ts');
    const { courses, errors } = await loadCatalogue(dir);
    if (errors.length > 0) {
      throw new Error(`Training content in ${dir} is invalid (${errors.length} errors): ${errors.slice(0, 5).map(formatContentError).join('; ')}`);
    }
    return courses;
  }
}

let county: Promise<readonly Course[]> | undefined;

/** The county catalogue, read once per process. Invalid content throws: `npm run content:check` fails the build first. */
export function countyCatalogue(): Promise<Course[]> {
  county ??= readCountyCourses(CONTENT_DIR).then((courses) => courses.map((course) => deepFreeze(course)));
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

async function countyCourse(courseId: string): Promise<Course | undefined> {
  return (await countyCatalogue()).find((course) => course.id === courseId);
}

// --- snapshots this container knows --------------------------------------------------------------------------------

/** Enough for every course version a container sees in practice; each is at most a few hundred KB. */
const REMEMBERED_VERSIONS = 32;
const remembered = new Map<string, Course>();
const versionId = (tenantId: string, courseId: string, version: number) => `${tenantId}\u0000${courseId}\u0000${version}`;

function remember(tenantId: string, course: Course): Course {
  const id = versionId(tenantId, course.id, course.version);
  const frozen = remembered.get(id) ?? deepFreeze(structuredClone(course));
  remembered.delete(id);
  remembered.set(id, frozen);
  if (remembered.size > REMEMBERED_VERSIONS) remembered.delete(remembered.keys().next().value!);
  return frozen;
}

// --- lookups -------------------------------------------------------------------------------------------------------

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
  const countyVersion = await countyCourse(courseId);
  if (countyVersion) return countyVersion;
  return getOwnCourse(db, tenantId, courseId);
}

/**
 * Whether the tenant's snapshot of the current version is stored: `stored`, `missing`, or `taken` (a snapshot with
 * this id and version exists, but of another owner's course — snapshotting it fails with `CourseIdTaken`).
 */
export type SnapshotState = 'stored' | 'missing' | 'taken';

export interface CurrentCourseWith<T> {
  course: Course | undefined;
  snapshot: SnapshotState;
  /** What the other read found. */
  other: T;
}

/**
 * `currentCourse`, read in one BatchGetItem together with another item of the tenant (`other`, e.g. the caller's
 * employee profile), and whether the version's snapshot is stored. A county course comes from the files; only its
 * snapshot is read, unless this container remembers it. A tenant's own course is one item, and its snapshot is
 * stored with its publication (`publishOwnCourse`).
 */
export async function currentCourseWith<T>(db: DynamoDBDocumentClient, tenantId: string, courseId: string, other: ItemRead<T>): Promise<CurrentCourseWith<T>> {
  const countyVersion = await countyCourse(courseId);
  if (countyVersion) {
    const known = remembered.get(versionId(tenantId, countyVersion.id, countyVersion.version));
    if (known) return { course: countyVersion, snapshot: snapshotState(known, countyVersion), other: (await readItems(db, [other]))[0] };
    const [value, snapshot] = await readItems(db, [other, courseVersionRead(tenantId, countyVersion.id, countyVersion.version)]);
    if (snapshot) remember(tenantId, snapshot);
    return { course: countyVersion, snapshot: snapshot ? snapshotState(snapshot, countyVersion) : 'missing', other: value };
  }
  const [value, own] = await readItems(db, [other, ownCourseRead(tenantId, courseId)]);
  if (own) remember(tenantId, own);
  return { course: own, snapshot: 'stored', other: value };
}

function snapshotState(snapshot: Course, course: Course): SnapshotState {
  return snapshot.owner === course.owner ? 'stored' : 'taken';
}

/** A cycle's course version as found by `courseVersionWith`. */
export interface CycleCourse {
  course: Course;
  /** False when the snapshot is missing and the county files (carrying that very version) stand in for it. */
  stored: boolean;
}

export interface CourseVersionWith<V extends readonly unknown[]> {
  /** Undefined when neither a snapshot nor the county files have this version (any more). */
  version: CycleCourse | undefined;
  values: V;
}

/** What `readItems` answers for a list of reads: each read's value, in order. */
export type ReadValues<R extends readonly ItemRead<unknown>[]> = { -readonly [K in keyof R]: R[K] extends ItemRead<infer V> ? V : never };

/**
 * The version an enrolment uses (with answers, for scoring), read in one BatchGetItem together with other items of
 * the tenant (`reads`; their values in `values`, in order): its snapshot, unless this container remembers it.
 * Enrolment snapshots it first (`snapshotCourse`); a county course whose snapshot is missing is still served while
 * the files carry that very version.
 */
export async function courseVersionWith<const R extends readonly ItemRead<unknown>[]>(
  db: DynamoDBDocumentClient,
  tenantId: string,
  courseId: string,
  version: number,
  reads: R,
): Promise<CourseVersionWith<ReadValues<R>>> {
  const known = remembered.get(versionId(tenantId, courseId, version));
  if (known) return { version: { course: known, stored: true }, values: (reads.length > 0 ? await readItems(db, reads) : []) as ReadValues<R> };
  const found = await readItems(db, [...reads, courseVersionRead(tenantId, courseId, version)]);
  const snapshot = found.pop() as Course | undefined;
  const values = found as ReadValues<R>;
  if (snapshot) return { version: { course: remember(tenantId, snapshot), stored: true }, values };
  const countyVersion = await countyCourse(courseId);
  return { version: countyVersion?.version === version ? { course: countyVersion, stored: false } : undefined, values };
}

/**
 * Stores the full course (with answers) as `<t>#COURSE#<id>` / `VERSION#<v:04>` unless that version is stored
 * already. Idempotent; call it before an enrolment refers to `course.version`. `known`: what a read just found
 * (`currentCourseWith`), so that the snapshot is not read again.
 */
export async function snapshotCourse(db: DynamoDBDocumentClient, tenantId: string, course: Course, known?: SnapshotState): Promise<void> {
  if (known === 'taken') throw new CourseIdTaken(`Die Kurs-ID "${course.id}" ist bereits für einen anderen Kurs vergeben.`);
  if (known === 'stored') return;
  const seen = remembered.get(versionId(tenantId, course.id, course.version));
  if (seen && snapshotState(seen, course) === 'stored') return;
  const outcome = await putCourseVersion(db, tenantId, course, new Date(), { knownMissing: known === 'missing' && !seen });
  // What was stored before may differ from `course` (the same version number): only a snapshot just written is known.
  if (outcome === 'created') remember(tenantId, course);
}
