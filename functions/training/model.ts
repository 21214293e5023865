/**
 * The staff-training module (small LMS): shared types. Courses are content (files for the county catalogue, stored
 * versions for a tenant's own courses); everything about a person is stored per tenant, under the employee.
 *
 * Keys (every partition key starts with the tenant id):
 * - employee:            `<t>#EMPLOYEE#<employeeId>` / `PROFILE`                  (GSI1 `<t>#EMPLOYEES` / `<dept lower-case>#<employeeId>`:
 *                                                                                  all staff, or one department by begins_with)
 * - enrolment (a cycle): `<t>#EMPLOYEE#<employeeId>` / `ENROL#<courseId>#<cycle:03>` (GSI1 `<t>#COURSE#<courseId>` / `<dept>#<employeeId>#<cycle:03>`;
 *                                                                                  GSI2 `<t>#DUE#<yyyy-mm>` / `<dueDate>#<employeeId>#<courseId>` while open)
 * - quiz attempt:        `<t>#EMPLOYEE#<employeeId>` / `ATTEMPT#<courseId>#<cycle:03>#<n:02>`
 * - certificate:         `<t>#CERTIFICATE#<certificateId>` / `CERTIFICATE`
 * - course version:      `<t>#COURSE#<courseId>` / `VERSION#<v:04>` (snapshot used by enrolments; county courses are
 *                        snapshotted into the tenant's partition on first enrolment), `<t>#COURSES` / `<courseId>` (a
 *                        tenant's own courses, current version)
 * - assignment rule:     `<t>#TRAINING-RULES` / `RULE#<ruleId>`
 * - report counters:     `<t>#TRAINING-STATS` / `<courseId>#<department>` (ADD assigned, completed)
 * - xAPI statement:      `<t>#XAPI` / `<stored ISO time>#<statementId>`
 */

/** Roles that count as staff and may learn. */
export const STAFF_ROLES = ['employee', 'caseworker', 'enforcement', 'tenant-admin', 'county-admin'] as const;

export type QuestionType = 'single' | 'multiple';

export interface QuizOption {
  id: string;
  text: string;
  correct?: boolean;
}

export interface QuizQuestion {
  id: string;
  type: QuestionType;
  lesson: string;
  text: string;
  options: QuizOption[];
  explanation: string;
}

export interface Lesson {
  id: string;
  title: string;
  /** Markdown. */
  body: string;
}

export interface Course {
  id: string;
  version: number;
  title: string;
  description: string;
  audience: string[];
  estimatedMinutes: number;
  /** Percent of points needed to pass. */
  passMark: number;
  attemptsAllowed: number;
  /** Months until recertification; 0 = does not expire. */
  validityMonths: number;
  tags: string[];
  language: 'de';
  lessons: Lesson[];
  questions: QuizQuestion[];
  sources: Array<{ title: string; url?: string }>;
  /** `county` for the shared catalogue (files), else the owning tenant. */
  owner: 'county' | string;
}

export type EnrolmentStatus = 'assigned' | 'in-progress' | 'completed' | 'expired';

export interface Employee {
  employeeId: string;
  tenantId: string;
  name: string;
  email: string;
  department: string;
  jobRole: string;
  startDate: string;
  /** Random, stable per employee: the xAPI actor. Never derived from name or e-mail. */
  pseudonym: string;
  createdAt: string;
  /**
   * Set while the person takes no part in the training (left the authority, long leave): no assignments, reminders or
   * learning, and they count in no report (see `enrolments/store.ts`, `setTrainingActive`). History and certificates stay.
   */
  deactivatedAt?: string;
  /** The tenant admin who deactivated the person. */
  deactivatedBy?: string;
}

export interface Enrolment {
  tenantId: string;
  employeeId: string;
  courseId: string;
  courseVersion: number;
  cycle: number;
  status: EnrolmentStatus;
  department: string;
  enrolledAt: string;
  /** The deadline of assigned training (none for a completion the assignment found, or a re-enrolment). */
  dueDate?: string;
  /** Set for mandatory training: the rule that assigned the course, carried to later cycles (`isMandatory`). */
  ruleId?: string;
  lessonsRead: string[];
  attemptsUsed: number;
  bestScore?: number;
  completedAt?: string;
  /** completedAt + validityMonths, if the course expires. */
  validUntil?: string;
  certificateId?: string;
  /** Reminders already sent for this cycle (each at most once). */
  reminders: { before?: string; due?: string; overdue?: string; escalated?: string };
  /**
   * Set on the latest cycle of each course while its employee is deactivated: the cycle counts in no report and is out
   * of the due index (no reminders, never overdue). Removed again by the reactivation.
   */
  inactiveSince?: string;
}

export interface Certificate {
  certificateId: string;
  tenantId: string;
  employeeId: string;
  employeeName: string;
  courseId: string;
  courseTitle: string;
  courseVersion: number;
  cycle: number;
  completedAt: string;
  validUntil?: string;
  score: number;
  /** S3 key of the PDF. */
  key: string;
}
