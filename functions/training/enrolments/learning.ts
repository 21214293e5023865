/**
 * The learning flow for one learner (the caller): enrolling and starting quiz attempts. Marking lessons read and
 * submitting attempts — which may complete the course and issue the certificate — live in `progress.ts`, so the
 * functions here do not load the document bucket and the PDF code.
 *
 * The learner is `caller.userId` (the Cognito `sub`), known to the training module as an employee; everything is
 * read and written with the caller's tenant-scoped table client.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Caller } from '#core/auth';
import { courseVersion, currentCourse, quizForAttempt, snapshotCourse, type PublicQuestion } from '../catalog.ts';
import type { Course, Employee } from '../model.ts';
import { attemptedStatement } from '../xapi/statements.ts';
import { berlinDate } from '#core/dates';
import { requireEmployee } from './employee.ts';
import { isOpen, isValidCompletion, statementContext, type EnrolmentRecord } from './domain.ts';
import {
  AlreadyCompleted,
  ConcurrentChange,
  CourseNotFound,
  CourseVersionUnavailable,
  CycleClosed,
  NoAttemptsLeft,
  NoQuiz,
  NotEnrolled,
  NotInAudience,
  QuizAlreadyPassed,
} from './errors.ts';
import { getAttempt, latestCycle, moveUntouchedCycle, selfEnrol, startAttempt } from './store.ts';

/**
 * The caller's latest cycle of a course. Without one: a course that is not in the caller's catalogue (e.g. another
 * tenant's own course) is "not found", exactly like a course that does not exist; only a known course answers "not
 * enrolled".
 */
export async function requireLatestCycle(db: DynamoDBDocumentClient, employee: Employee, courseId: string): Promise<EnrolmentRecord> {
  const enrolment = await latestCycle(db, employee.tenantId, employee.employeeId, courseId);
  if (enrolment) return enrolment;
  if (!(await currentCourse(db, employee.tenantId, courseId))) throw new CourseNotFound();
  throw new NotEnrolled();
}

/**
 * The course version of the cycle — never the current file, which may have changed since. A cycle that has not
 * copied its course facts yet was created by an assignment (which may name only id and version): its version is
 * snapshotted now, while it can still be found. Should it be gone already (the county files moved on before anybody
 * snapshotted it), a cycle without any progress moves to the current version — the learner has not started the old
 * one, so nothing of it is lost; with progress, the old version is needed and its absence is a conflict.
 */
export async function enrolmentCourse(db: DynamoDBDocumentClient, enrolment: EnrolmentRecord, now: Date): Promise<{ enrolment: EnrolmentRecord; course: Course }> {
  const course = await courseVersion(db, enrolment.tenantId, enrolment.courseId, enrolment.courseVersion);
  if (course) {
    if (enrolment.courseTitle === undefined) await snapshotCourse(db, enrolment.tenantId, course);
    return { enrolment, course };
  }
  const current = await currentCourse(db, enrolment.tenantId, enrolment.courseId);
  if (!current || enrolment.lessonsRead.length > 0 || enrolment.attemptsUsed > 0) throw new CourseVersionUnavailable();
  await snapshotCourse(db, enrolment.tenantId, current);
  if (!(await moveUntouchedCycle(db, enrolment, current, now))) throw new ConcurrentChange();
  return { enrolment: { ...enrolment, courseVersion: current.version, courseTitle: current.title }, course: current };
}

/** A course's audience names staff roles; the caller needs one of them to enrol of their own accord. */
export function inAudience(course: Pick<Course, 'audience'>, roles: readonly string[]): boolean {
  return course.audience.some((audience) => roles.includes(audience));
}

const MAX_RACES = 3;

/**
 * Self-enrolment in the current version of a course. An open cycle is answered as it is (idempotent); a still valid
 * completion is a conflict; otherwise the next cycle begins (snapshotting the version it keeps).
 */
export async function enrol(db: DynamoDBDocumentClient, caller: Caller, courseId: string, now: Date): Promise<{ created: boolean; enrolment: EnrolmentRecord }> {
  const employee = await requireEmployee(db, caller);
  const course = await currentCourse(db, caller.tenantId, courseId);
  if (!course) throw new CourseNotFound();
  if (!inAudience(course, caller.roles)) throw new NotInAudience();
  const today = berlinDate(now);
  let snapshotted = false;
  for (let race = 0; race < MAX_RACES; race++) {
    const latest = await latestCycle(db, caller.tenantId, employee.employeeId, course.id);
    if (latest && isOpen(latest)) return { created: false, enrolment: latest };
    if (latest && isValidCompletion(latest, today)) throw new AlreadyCompleted(latest.validUntil);
    if (!snapshotted) {
      await snapshotCourse(db, caller.tenantId, course);
      snapshotted = true;
    }
    const created = await selfEnrol(db, { tenantId: caller.tenantId, employee, course, previous: latest, now });
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
  const employee = await requireEmployee(db, caller);
  for (let race = 0; race < MAX_RACES; race++) {
    const latest = await requireLatestCycle(db, employee, courseId);
    if (latest.status === 'completed') throw new AlreadyCompleted(latest.validUntil);
    if (!isOpen(latest)) throw new CycleClosed();
    if (latest.quizPassedAt !== undefined) throw new QuizAlreadyPassed();
    const { enrolment, course } = await enrolmentCourse(db, latest, now);
    if (course.questions.length === 0) throw new NoQuiz();
    const questions = quizForAttempt(course);

    if (enrolment.attemptsUsed > 0) {
      const last = await getAttempt(db, enrolment, enrolment.attemptsUsed);
      if (last && last.submittedAt === undefined) {
        return { attempt: last.attempt, attemptsAllowed: course.attemptsAllowed, questions, created: false };
      }
    }
    if (enrolment.attemptsUsed >= course.attemptsAllowed) throw new NoAttemptsLeft(course.attemptsAllowed);

    const attempt = enrolment.attemptsUsed + 1;
    const started = await startAttempt(db, {
      enrolment,
      course,
      attempt,
      statement: attemptedStatement(statementContext(enrolment, employee, course, now), attempt),
      now,
    });
    if (started) return { attempt, attemptsAllowed: course.attemptsAllowed, questions, created: true };
    // Another request started (or the cycle changed) meanwhile: look again.
  }
  throw new ConcurrentChange();
}
