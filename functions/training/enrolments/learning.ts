/**
 * The learning flow for one learner (the caller): enrolling and starting quiz attempts. Marking lessons read and
 * submitting attempts — which may complete the course — live in `progress.ts`.
 *
 * The learner is `caller.userId` (the Cognito `sub`), known to the training module as an employee; everything is
 * read and written with the caller's tenant-scoped table client. A request reads in two calls at most — the
 * caller's latest cycle of the course (a Query) and, in one BatchGetItem, the employee profile, the cycle's course
 * version (unless the container remembers it) and whatever else it needs — and then writes once.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Caller } from '#core/auth';
import type { ItemRead } from '#core/item-reads';
import { courseVersionWith, currentCourse, currentCourseWith, quizForAttempt, snapshotCourse, type CycleCourse, type PublicQuestion, type ReadValues } from '../catalog.ts';
import { employeeRead } from '../employees/store.ts';
import type { Course, Employee } from '../model.ts';
import { attemptedStatement } from '../xapi/statements.ts';
import { berlinDate } from '#core/dates';
import { allowedAttempts, isOpen, isValidCompletion, statementContext, type EnrolmentRecord } from './domain.ts';
import {
  AlreadyCompleted,
  ConcurrentChange,
  CourseNotFound,
  CourseVersionUnavailable,
  CycleClosed,
  EmployeeDeactivated,
  NoAttemptsLeft,
  NoQuiz,
  NotAnEmployee,
  NotEnrolled,
  NotInAudience,
  QuizAlreadyPassed,
} from './errors.ts';
import { attemptRead, latestCycle, moveUntouchedCycle, selfEnrol, startAttempt } from './store.ts';

export interface Learning<V extends readonly unknown[]> {
  employee: Employee;
  /** The caller's latest cycle of the course. */
  enrolment: EnrolmentRecord;
  /** The cycle's course version (with answers). */
  course: Course;
  /** What the further reads found, in order. */
  values: V;
}

/**
 * The caller's latest cycle of a course with its course version and the caller's employee profile, plus the items
 * `more(cycle)` names (e.g. a quiz attempt): a Query, then one BatchGetItem. `check` refuses a cycle before its
 * course version is settled (which may write: a snapshot, a move to the current version).
 *
 * Without a cycle: a caller who is not an employee is told so first; a course that is not in the caller's catalogue
 * (e.g. another tenant's own course) is "not found", exactly like a course that does not exist; only a known course
 * answers "not enrolled".
 */
export async function loadLearning<const R extends readonly ItemRead<unknown>[]>(
  db: DynamoDBDocumentClient,
  caller: Caller,
  courseId: string,
  now: Date,
  more: (latest: EnrolmentRecord) => R,
  check?: (latest: EnrolmentRecord) => void,
): Promise<Learning<ReadValues<R>>> {
  const latest = await latestCycle(db, caller.tenantId, caller.userId, courseId);
  if (!latest) {
    const { course, other: employee } = await currentCourseWith(db, caller.tenantId, courseId, employeeRead(caller.tenantId, caller.userId));
    if (!employee) throw new NotAnEmployee();
    if (!course) throw new CourseNotFound();
    throw new NotEnrolled();
  }
  const { version, values } = await courseVersionWith(db, caller.tenantId, courseId, latest.courseVersion, [employeeRead(caller.tenantId, caller.userId), ...more(latest)] as const);
  const [employee, ...rest] = values as unknown as [Employee | undefined, ...ReadValues<R>];
  if (!employee) throw new NotAnEmployee();
  if (employee.deactivatedAt !== undefined) throw new EmployeeDeactivated();
  check?.(latest);
  const { enrolment, course } = await settleCourse(db, latest, version, now);
  return { employee, enrolment, course, values: rest as unknown as ReadValues<R> };
}

/**
 * The course version of the cycle — never the current file, which may have changed since. A cycle that has not
 * copied its course facts yet was created by an assignment (which may name only id and version): its version is
 * snapshotted now, while it can still be found. Should it be gone already (the county files moved on before anybody
 * snapshotted it), a cycle without any progress moves to the current version — the learner has not started the old
 * one, so nothing of it is lost; with progress, the old version is needed and its absence is a conflict.
 */
async function settleCourse(db: DynamoDBDocumentClient, enrolment: EnrolmentRecord, version: CycleCourse | undefined, now: Date): Promise<{ enrolment: EnrolmentRecord; course: Course }> {
  if (version) {
    if (!version.stored && enrolment.courseTitle === undefined) await snapshotCourse(db, enrolment.tenantId, version.course, 'missing');
    return { enrolment, course: version.course };
  }
  const current = await currentCourse(db, enrolment.tenantId, enrolment.courseId);
  if (!current || enrolment.lessonsRead.length > 0 || enrolment.attemptsUsed > 0) throw new CourseVersionUnavailable();
  await snapshotCourse(db, enrolment.tenantId, current);
  if (!(await moveUntouchedCycle(db, enrolment, current, now))) throw new ConcurrentChange();
  return { enrolment: { ...enrolment, courseVersion: current.version, courseTitle: current.title }, course: current };
}

/**
 * A course as the caller learns it, for reading (no writes): the version of their latest cycle, or the current version
 * when they have none (`latest` undefined). A cycle whose version can no longer be found (an untouched assignment the
 * county files moved past) is shown the current version: the next progress request moves such a cycle there, or
 * answers `CourseVersionUnavailable` when it has progress. DynamoDB: one BatchGetItem at most (none for a version this
 * container remembers or a county course without a cycle).
 */
export async function courseAsLearned(db: DynamoDBDocumentClient, tenantId: string, courseId: string, latest: EnrolmentRecord | undefined): Promise<Course | undefined> {
  if (latest) {
    const { version } = await courseVersionWith(db, tenantId, courseId, latest.courseVersion, []);
    if (version) return version.course;
  }
  return currentCourse(db, tenantId, courseId);
}

/** A course's audience names staff roles; the caller needs one of them to enrol of their own accord. */
export function inAudience(course: Pick<Course, 'audience'>, roles: readonly string[]): boolean {
  return course.audience.some((audience) => roles.includes(audience));
}

const MAX_RACES = 3;

/**
 * Self-enrolment in the current version of a course. An open cycle is answered as it is (idempotent); a still valid
 * completion is a conflict; otherwise the next cycle begins (snapshotting the version it keeps).
 *
 * DynamoDB: the caller's latest cycle (Query) and, at the same time, the employee profile with the course's snapshot
 * (or the tenant's own course) in one BatchGetItem; then the new cycle (TransactWriteItems). The snapshot is written
 * before only when it is missing (the first enrolment of the tenant in that version).
 */
export async function enrol(db: DynamoDBDocumentClient, caller: Caller, courseId: string, now: Date): Promise<{ created: boolean; enrolment: EnrolmentRecord }> {
  const tenantId = caller.tenantId;
  const [found, first] = await Promise.all([
    currentCourseWith(db, tenantId, courseId, employeeRead(tenantId, caller.userId)),
    latestCycle(db, tenantId, caller.userId, courseId),
  ]);
  const { course, other: employee } = found;
  if (!employee) throw new NotAnEmployee();
  if (employee.deactivatedAt !== undefined) throw new EmployeeDeactivated();
  if (!course) throw new CourseNotFound();
  if (!inAudience(course, caller.roles)) throw new NotInAudience();
  const today = berlinDate(now);
  let snapshot = found.snapshot;
  let latest = first;
  for (let race = 0; race < MAX_RACES; race++) {
    if (race > 0) latest = await latestCycle(db, tenantId, employee.employeeId, course.id);
    if (latest && isOpen(latest)) return { created: false, enrolment: latest };
    if (latest && isValidCompletion(latest, today)) throw new AlreadyCompleted(latest.validUntil);
    if (snapshot !== 'stored') {
      await snapshotCourse(db, tenantId, course, snapshot);
      snapshot = 'stored';
    }
    const created = await selfEnrol(db, { tenantId, employee, course, previous: latest, now });
    if (created) return { created: true, enrolment: created };
  }
  throw new ConcurrentChange();
}

export interface StartedAttempt {
  attempt: number;
  attemptsAllowed: number;
  questions: PublicQuestion[];
  /** False when an attempt that was started but not submitted is handed out again. */
  created: boolean;
}

/**
 * Starts the next quiz attempt of the caller's current cycle, with the questions of the cycle's course version
 * (without answers). An attempt started but not submitted is handed out again instead of using up another one.
 */
export async function beginAttempt(db: DynamoDBDocumentClient, caller: Caller, courseId: string, now: Date): Promise<StartedAttempt> {
  for (let race = 0; race < MAX_RACES; race++) {
    // With the cycle, its newest attempt (none yet: attempt 1, which then does not exist).
    const { employee, enrolment, course, values: [newest] } = await loadLearning(db, caller, courseId, now, (latest) => [attemptRead(latest, latest.attemptsUsed || 1)], (latest) => {
      if (latest.status === 'completed') throw new AlreadyCompleted(latest.validUntil);
      if (!isOpen(latest)) throw new CycleClosed();
      if (latest.quizPassedAt !== undefined) throw new QuizAlreadyPassed();
    });
    if (course.questions.length === 0) throw new NoQuiz();
    const questions = quizForAttempt(course);
    // Grants only ever add attempts, so a grant written after this read can only make this request refuse too early.
    const allowed = allowedAttempts(course.attemptsAllowed, enrolment);

    if (enrolment.attemptsUsed > 0 && newest?.attempt === enrolment.attemptsUsed && newest.submittedAt === undefined) {
      return { attempt: newest.attempt, attemptsAllowed: allowed, questions, created: false };
    }
    if (enrolment.attemptsUsed >= allowed) throw new NoAttemptsLeft(allowed);

    const attempt = enrolment.attemptsUsed + 1;
    const started = await startAttempt(db, {
      enrolment,
      course,
      attempt,
      statement: attemptedStatement(statementContext(enrolment, employee, course, now), attempt),
      now,
    });
    if (started) return { attempt, attemptsAllowed: allowed, questions, created: true };
    // Another request started (or the cycle changed) meanwhile: look again.
  }
  throw new ConcurrentChange();
}
