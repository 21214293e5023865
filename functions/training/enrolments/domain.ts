/**
 * Enrolments (one cycle of one course for one employee) — pure rules: no AWS, dates passed in.
 *
 * Cycles are append-only (`ENROL#<courseId>#001`, `#002`, …): a recertification or a new assignment after expiry adds
 * a cycle, it never rewrites an old one, so the history of who completed what, when, in which version stays.
 * A cycle is *open* while `assigned` or `in-progress`, `completed` once every lesson is read and the quiz passed,
 * and `expired` when its `validUntil` has passed.
 */
import type { Course, Employee, Enrolment, EnrolmentStatus } from '../model.ts';
import type { StatementContext } from '../xapi/statements.ts';
import { addMonths, daysBetween } from '#core/dates';

/** How a cycle began: a learner's own enrolment, an assignment rule (or CSV import), or the recertification job. */
export type EnrolmentOrigin = 'self' | 'rule' | 'recertification';

/** An enrolment as stored: the shared model plus what the learning flow keeps per cycle. */
export interface EnrolmentRecord extends Enrolment {
  /** The xAPI registration of this cycle: a random UUID (never derived from the person). */
  registration: string;
  origin: EnrolmentOrigin;
  /** Copied from the course version at enrolment, so `GET /training/me` needs no course files. */
  courseTitle?: string;
  lessonCount?: number;
  questionCount?: number;
  attemptsAllowed?: number;
  /** Set once, by the first passing attempt (at most one `passed` per registration). */
  quizPassedAt?: string;
  passedScore?: number;
  passedAttempt?: number;
  /** The cycle that began after this one (its recertification, or a new cycle after it lapsed): set once. */
  nextCycle?: number;
  /** When a rule made this completion (of the person's own accord) count as the assignment met. */
  assignedAt?: string;
  /** Further quiz attempts a tenant admin granted in this cycle, oldest first (appended, never changed). */
  attemptGrants?: AttemptGrant[];
  expiredAt?: string;
  updatedAt: string;
}

/** A tenant admin's grant of further quiz attempts in one cycle: how many, why, who, when. */
export interface AttemptGrant {
  additional: number;
  reason: string;
  /** The granting admin's user id. */
  grantedBy: string;
  grantedAt: string;
}

/** Attempt numbers have two digits (`ATTEMPT#…#<n:02>`; the route's `{attempt}` is at most 99). */
export const MAX_ATTEMPTS = 99;
/** Attempts granted in one cycle, in all: a grant is an exception, and the cycle item stays small. */
export const MAX_GRANTED_ATTEMPTS = 20;

export function attemptsGranted(enrolment: Pick<EnrolmentRecord, 'attemptGrants'>): number {
  return (enrolment.attemptGrants ?? []).reduce((sum, grant) => sum + grant.additional, 0);
}

/** The attempts of a cycle: its course version's, plus what was granted in this cycle (a new cycle starts afresh). */
export function allowedAttempts(courseAttempts: number, enrolment: Pick<EnrolmentRecord, 'attemptGrants'>): number {
  return Math.min(MAX_ATTEMPTS, courseAttempts + attemptsGranted(enrolment));
}

export type GrantDecision = 'grant' | 'not-assigned' | 'inactive' | 'completed' | 'expired' | 'no-quiz' | 'limit';

/**
 * Whether a tenant admin may grant `additional` attempts in `latest` (the employee's latest cycle of the course):
 * only for an assigned course — a voluntary one is none of the administration's business and is answered like one
 * never begun — whose cycle is still open and whose course has a quiz, up to `MAX_GRANTED_ATTEMPTS` per cycle. It
 * deliberately does not depend on the attempts used or on a quiz passed: the administration sees no quiz details, and
 * a refusal would show them.
 */
export function grantDecision(
  latest: Pick<EnrolmentRecord, 'ruleId' | 'status' | 'questionCount' | 'attemptGrants' | 'inactiveSince'> | undefined,
  additional: number,
): GrantDecision {
  if (!latest || !isMandatory(latest)) return 'not-assigned';
  if (isInactive(latest)) return 'inactive';
  if (latest.status === 'completed') return 'completed';
  if (latest.status === 'expired') return 'expired';
  if (latest.questionCount === 0) return 'no-quiz';
  if (attemptsGranted(latest) + additional > MAX_GRANTED_ATTEMPTS) return 'limit';
  return 'grant';
}

/** Reminder kinds, in the order they fall due. */
export const REMINDER_KINDS = ['before', 'due', 'overdue'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** The `before` reminder goes out this many days before the due date (or later, if the cycle started later). */
export const REMINDER_DAYS_BEFORE = 7;
/** A completed cycle is recertified (next cycle started) this many days before its validity ends. */
export const RECERTIFICATION_DAYS_BEFORE = 30;

const OPEN: readonly EnrolmentStatus[] = ['assigned', 'in-progress'];

export const cycleLabel = (cycle: number) => String(cycle).padStart(3, '0');
export const attemptLabel = (attempt: number) => String(attempt).padStart(2, '0');

export function isOpen(enrolment: Pick<Enrolment, 'status'>): boolean {
  return OPEN.includes(enrolment.status);
}

/** A completed cycle whose certificate still holds on `today` (a course without validity never expires). */
export function isValidCompletion(enrolment: Pick<Enrolment, 'status' | 'validUntil'>, today: string): boolean {
  return enrolment.status === 'completed' && (enrolment.validUntil === undefined || enrolment.validUntil >= today);
}

/**
 * Mandatory training: a cycle assigned by a rule carries the rule's id — and so does every later cycle of the course
 * (the recertification, an enrolment after the certificate lapsed), because an assignment is never lifted silently
 * (deleting a rule leaves its assignments). A cycle without one was begun of the person's own accord.
 */
export function isMandatory(enrolment: Pick<Enrolment, 'ruleId'>): boolean {
  return enrolment.ruleId !== undefined;
}

/**
 * A cycle of a deactivated employee (`Employee.deactivatedAt`): it stays as it is, but it is nobody's obligation while
 * the person takes no part in the training — not counted, not reminded, not overdue, not recertified.
 */
export function isInactive(enrolment: Pick<Enrolment, 'inactiveSince'>): boolean {
  return enrolment.inactiveSince !== undefined;
}

/** Open, with a due date that has passed. */
export function isOverdue(enrolment: Pick<Enrolment, 'status' | 'dueDate'>, today: string): boolean {
  return isOpen(enrolment) && enrolment.dueDate !== undefined && enrolment.dueDate < today;
}

/** What a manager sees of an assigned course: done, due (with the due date, if any) or overdue. */
export type ComplianceStatus = 'done' | 'due' | 'overdue';

/** Counted as done: the latest cycle of an assigned course, completed. */
function isDone(latest: Pick<Enrolment, 'ruleId' | 'status'>): boolean {
  return isMandatory(latest) && latest.status === 'completed';
}

/**
 * THE compliance of one person in one course. The employee list, the compliance report, the overdue list and the
 * county report all derive from it — the list directly, the reports through the counters (which hold every latest
 * cycle's `counterShare`) and the due index (which holds the open cycles by due date):
 * - only the person's latest cycle of the course counts (a recertification or a new cycle replaces the one before);
 * - undefined when that cycle is voluntary: none of the manager's business; also while the person is deactivated
 *   (`isInactive`): nobody's obligation then, and counted nowhere;
 * - `done` when it is completed — also when it was completed BEFORE a rule assigned the course: the assignment makes
 *   that completion mandatory (`assignmentDecision` → `mark-assigned`), so it counts until its recertification
 *   opens the next cycle (30 days before the validity ends) or the daily job marks it expired;
 * - `overdue` when it is open and its due date has passed; `due` otherwise (open in time, or expired and not renewed).
 */
export function complianceStatus(latest: Pick<Enrolment, 'ruleId' | 'status' | 'dueDate' | 'inactiveSince'>, today: string): ComplianceStatus | undefined {
  if (!isMandatory(latest) || isInactive(latest)) return undefined;
  if (isDone(latest)) return 'done';
  return isOverdue(latest, today) ? 'overdue' : 'due';
}

/** A latest cycle's share of the report counters: the definition above without the date (overdue comes from the due index). */
export function counterShare(latest: Pick<Enrolment, 'ruleId' | 'status' | 'inactiveSince'> | undefined): { assigned: number; completed: number } {
  if (!latest || !isMandatory(latest) || isInactive(latest)) return { assigned: 0, completed: 0 };
  return { assigned: 1, completed: isDone(latest) ? 1 : 0 };
}

/** The latest cycle of each course among `enrolments` (any order, any number of cycles per course). */
export function latestPerCourse<T extends Pick<Enrolment, 'courseId' | 'cycle'>>(enrolments: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const enrolment of enrolments) {
    const current = latest.get(enrolment.courseId);
    if (!current || enrolment.cycle > current.cycle) latest.set(enrolment.courseId, enrolment);
  }
  return [...latest.values()];
}

export type AssignmentDecision =
  | { action: 'create'; cycle: number }
  /** An open cycle without a due date (self-enrolled): the assignment gives it one (and its rule). */
  | { action: 'set-due-date' }
  /** A still valid completion of the person's own accord: the assignment is met by it, and it counts from now on. */
  | { action: 'mark-assigned' }
  | { action: 'exists' };

/** What assigning a course means given the latest cycle of that course (if any). */
export function assignmentDecision(
  latest: Pick<Enrolment, 'status' | 'validUntil' | 'dueDate' | 'cycle' | 'ruleId'> | undefined,
  today: string,
): AssignmentDecision {
  if (!latest) return { action: 'create', cycle: 1 };
  if (isOpen(latest)) return latest.dueDate === undefined ? { action: 'set-due-date' } : { action: 'exists' };
  if (isValidCompletion(latest, today)) return isMandatory(latest) ? { action: 'exists' } : { action: 'mark-assigned' };
  return { action: 'create', cycle: latest.cycle + 1 };
}

/** Every lesson of the cycle's course version read, and its quiz passed (a course without questions needs no quiz). */
export function requirementsMet(enrolment: Pick<EnrolmentRecord, 'lessonsRead' | 'quizPassedAt'>, course: Pick<Course, 'lessons' | 'questions'>): boolean {
  const read = new Set(enrolment.lessonsRead);
  const lessonsDone = course.lessons.every((lesson) => read.has(lesson.id));
  const quizDone = course.questions.length === 0 || enrolment.quizPassedAt !== undefined;
  return lessonsDone && quizDone;
}

/** The last day a certificate is valid: the completion day plus the course's validity; none when it does not expire. */
export function validUntilFor(completedOn: string, validityMonths: number): string | undefined {
  return validityMonths > 0 ? addMonths(completedOn, validityMonths) : undefined;
}

/** What the learner sees: done, due (open, in time or without a due date), overdue, or expired. */
export type LearnerState = 'done' | 'due' | 'overdue' | 'expired';

export function learnerState(enrolment: Pick<Enrolment, 'status' | 'dueDate' | 'validUntil'>, today: string): LearnerState {
  if (enrolment.status === 'expired') return 'expired';
  if (enrolment.status === 'completed') return isValidCompletion(enrolment, today) ? 'done' : 'expired';
  return enrolment.dueDate !== undefined && enrolment.dueDate < today ? 'overdue' : 'due';
}

/**
 * The one reminder an open cycle should get on `today`, if it has not had it yet. Only the kind that fits today is
 * sent: a missed day catches up (due in ≤ 7 days and no `before` yet → `before`), but a cycle that is already overdue
 * gets the overdue reminder, not the two it missed before it.
 */
export function reminderDue(enrolment: Pick<Enrolment, 'status' | 'dueDate' | 'reminders' | 'inactiveSince'>, today: string): ReminderKind | undefined {
  if (!isOpen(enrolment) || enrolment.dueDate === undefined || isInactive(enrolment)) return undefined;
  const daysLeft = daysBetween(today, enrolment.dueDate);
  const kind: ReminderKind | undefined = daysLeft < 0 ? 'overdue' : daysLeft === 0 ? 'due' : daysLeft <= REMINDER_DAYS_BEFORE ? 'before' : undefined;
  if (!kind || enrolment.reminders?.[kind] !== undefined) return undefined;
  return kind;
}

/**
 * A completed mandatory cycle whose validity ends within 30 days and that has no successor yet: start the next cycle.
 * A course someone took of their own accord is not turned into an obligation with reminders and escalation; its
 * certificate simply expires.
 */
export function recertificationDue(enrolment: Pick<EnrolmentRecord, 'status' | 'validUntil' | 'nextCycle' | 'ruleId' | 'inactiveSince'>, today: string): boolean {
  return (
    enrolment.status === 'completed' &&
    isMandatory(enrolment) &&
    !isInactive(enrolment) &&
    enrolment.validUntil !== undefined &&
    enrolment.nextCycle === undefined &&
    daysBetween(today, enrolment.validUntil) <= RECERTIFICATION_DAYS_BEFORE
  );
}

/** A completed cycle whose validity has ended. */
export function expiryDue(enrolment: Pick<Enrolment, 'status' | 'validUntil'>, today: string): boolean {
  return enrolment.status === 'completed' && enrolment.validUntil !== undefined && enrolment.validUntil < today;
}

/** What every xAPI statement of the cycle shares: the pseudonymous actor, the course, the registration. */
export function statementContext(enrolment: EnrolmentRecord, employee: Pick<Employee, 'pseudonym'>, course: Pick<Course, 'title'> | undefined, now: Date): StatementContext {
  return {
    tenantId: enrolment.tenantId,
    pseudonym: employee.pseudonym,
    courseId: enrolment.courseId,
    courseTitle: course?.title ?? enrolment.courseTitle,
    courseVersion: enrolment.courseVersion,
    registration: enrolment.registration,
    timestamp: now,
  };
}

/** Newest first: the latest cycle of each course before its older ones, courses by their latest activity. */
export function newestFirst<T extends Pick<Enrolment, 'enrolledAt' | 'cycle' | 'courseId'>>(enrolments: readonly T[]): T[] {
  return [...enrolments].sort((a, b) => (a.enrolledAt === b.enrolledAt ? b.cycle - a.cycle : a.enrolledAt < b.enrolledAt ? 1 : -1));
}

/** The learner's view of one cycle (no internal keys, no reminder bookkeeping, no registration id). */
export function enrolmentView(enrolment: EnrolmentRecord, today: string) {
  return {
    courseId: enrolment.courseId,
    ...(enrolment.courseTitle !== undefined ? { courseTitle: enrolment.courseTitle } : {}),
    courseVersion: enrolment.courseVersion,
    cycle: enrolment.cycle,
    status: learnerState(enrolment, today),
    enrolmentStatus: enrolment.status,
    mandatory: isMandatory(enrolment),
    enrolledAt: enrolment.enrolledAt,
    ...(enrolment.dueDate !== undefined ? { dueDate: enrolment.dueDate } : {}),
    progress: {
      lessonsRead: enrolment.lessonsRead.length,
      ...(enrolment.lessonCount !== undefined ? { lessonsTotal: enrolment.lessonCount } : {}),
      lessonIdsRead: enrolment.lessonsRead,
      attemptsUsed: enrolment.attemptsUsed,
      ...(enrolment.attemptsAllowed !== undefined ? { attemptsAllowed: allowedAttempts(enrolment.attemptsAllowed, enrolment) } : {}),
      ...(enrolment.attemptGrants !== undefined ? { attemptsGranted: attemptsGranted(enrolment) } : {}),
      ...(enrolment.bestScore !== undefined ? { bestScore: enrolment.bestScore } : {}),
      quizPassed: enrolment.quizPassedAt !== undefined,
    },
    ...(enrolment.completedAt !== undefined ? { completedAt: enrolment.completedAt } : {}),
    ...(enrolment.validUntil !== undefined ? { validUntil: enrolment.validUntil } : {}),
    ...(enrolment.certificateId !== undefined ? { certificateId: enrolment.certificateId } : {}),
  };
}

export type EnrolmentView = ReturnType<typeof enrolmentView>;
