/**
 * What the training routes answer (the response schemas of the OpenAPI contract; the local runtime checks every
 * answer against them). Where an answer carries a record of another module whose shape that module owns (xAPI
 * statements, grants, report details), the schema names the fields clients rely on and lets the rest through
 * (`looseObject`).
 */
import * as z from '#core/zod';

const text = z.string();
const count = z.int();

export const courseSummarySchema = z.object({
  id: text,
  version: count,
  title: text,
  description: text,
  estimatedMinutes: count,
  tags: z.array(text),
  owner: text,
  lessonCount: count,
  questionCount: count,
});

const publicQuestionSchema = z.object({
  id: text,
  type: z.enum(['single', 'multiple']),
  lesson: text,
  text,
  options: z.array(z.object({ id: text, text })),
});

/** A course as learners see it: lessons and questions, never which answers are right. */
export const publicCourseSchema = z.object({
  id: text,
  version: count,
  title: text,
  description: text,
  audience: z.array(text),
  estimatedMinutes: count,
  passMark: count,
  attemptsAllowed: count,
  validityMonths: count,
  tags: z.array(text),
  language: z.literal('de'),
  owner: text,
  sources: z.array(z.object({ title: text, url: z.optional(text) })),
  lessons: z.array(z.object({ id: text, title: text, body: text })),
  questions: z.array(publicQuestionSchema),
});

/** One cycle of a course for its learner (`enrolmentView`). */
export const enrolmentSchema = z.object({
  courseId: text,
  courseTitle: z.optional(text),
  courseVersion: count,
  cycle: count,
  status: z.enum(['done', 'due', 'overdue', 'expired']),
  enrolmentStatus: z.enum(['assigned', 'in-progress', 'completed', 'expired']),
  enrolledAt: text,
  dueDate: z.optional(text),
  progress: z.object({
    lessonsRead: count,
    lessonsTotal: z.optional(count),
    lessonIdsRead: z.array(text),
    attemptsUsed: count,
    attemptsAllowed: z.optional(count),
    attemptsGranted: z.optional(count),
    bestScore: z.optional(z.number()),
    quizPassed: z.boolean(),
  }),
  completedAt: z.optional(text),
  validUntil: z.optional(text),
  certificateId: z.optional(text),
});

const certificateStatus = z.enum(['valid', 'expired', 'revoked']);

/** A certificate as its holder sees it (`certificateView`). */
export const certificateSchema = z.object({
  certificateId: text,
  courseId: text,
  courseTitle: text,
  courseVersion: count,
  completedAt: text,
  validUntil: z.optional(text),
  scorePercent: z.optional(z.number()),
  status: certificateStatus,
});

export const progressSchema = z.object({ enrolment: enrolmentSchema, certificate: z.optional(certificateSchema) });

export const myTrainingSchema = z.object({
  enrolments: z.array(enrolmentSchema),
  certificates: z.array(
    z.object({
      certificateId: text,
      courseId: text,
      courseTitle: z.optional(text),
      courseVersion: count,
      cycle: count,
      completedAt: text,
      validUntil: z.optional(text),
      status: certificateStatus,
    }),
  ),
});

export const attemptStartSchema = z.object({ attempt: count, attemptsAllowed: count, questions: z.array(publicQuestionSchema) });

export const attemptResultSchema = z.object({
  attempt: count,
  scorePercent: z.number(),
  passed: z.boolean(),
  passMark: count,
  submittedAt: text,
  /** Per question: right or wrong, with the explanation. */
  results: z.array(z.object({ questionId: text, correct: z.boolean(), explanation: z.optional(text) })),
  attemptsUsed: count,
  attemptsAllowed: z.optional(count),
  enrolment: enrolmentSchema,
  certificate: z.optional(certificateSchema),
});

export const certificateLinkSchema = z.object({ url: text, expiresInSeconds: count, fileName: text, contentType: text, certificate: certificateSchema });

export const ruleSchema = z.object({
  ruleId: text,
  tenantId: text,
  courseId: text,
  department: z.optional(text),
  jobRole: z.optional(text),
  dueDays: count,
  relativeTo: z.enum(['assignment', 'start-date']),
  createdAt: text,
  createdBy: text,
});

export const ruleAppliedSchema = z.object({ rule: ruleSchema, matched: count, assigned: count, alreadyAssigned: count });

const attemptGrantSchema = z.looseObject({ additional: count, reason: text, grantedBy: text, grantedAt: text });

export const grantSchema = z.object({ employeeId: text, courseId: text, cycle: count, attemptsGranted: count, attemptGrants: z.array(attemptGrantSchema) });

export const employeesSchema = z.object({
  items: z.array(
    z.looseObject({
      employeeId: text,
      name: text,
      email: text,
      department: text,
      jobRole: text,
      compliance: z.looseObject({ courses: z.array(z.looseObject({ courseId: text, status: text })) }),
    }),
  ),
  nextCursor: z.nullable(text),
});

const rowErrorSchema = z.object({ column: text, message: text });

export const importResultSchema = z.looseObject({
  imported: count,
  updated: count,
  invited: count,
  assigned: count,
  rows: z.array(
    z.object({
      row: count,
      email: text,
      employeeId: text,
      outcome: z.enum(['created', 'updated']),
      account: z.enum(['invited', 'existing']),
      assigned: count,
    }),
  ),
});

/** A refused import: problem details plus a report per row (line, column, German message). */
export const importRefusedSchema = z.object({
  type: text,
  title: text,
  status: z.literal(422),
  detail: text,
  instance: z.optional(text),
  requestId: z.optional(text),
  rows: z.array(z.object({ row: count, email: z.optional(text), errors: z.array(rowErrorSchema) })),
});

export const complianceReportSchema = z.object({
  tenantId: text,
  date: text,
  items: z.array(z.object({ courseId: text, department: text, assigned: count, completed: count, overdue: count, rate: z.nullable(z.number()) })),
});

export const overdueReportSchema = z.object({
  tenantId: text,
  date: text,
  items: z.array(z.object({ employeeId: text, employeeName: text, department: text, courseId: text, dueDate: text, daysOverdue: count })),
});

export const countyReportSchema = z.object({
  date: text,
  minimumGroupSize: count,
  note: text,
  items: z.array(
    z.object({
      tenantId: text,
      courseId: text,
      assigned: z.nullable(count),
      completed: z.nullable(count),
      overdue: z.nullable(count),
      rate: z.nullable(z.number()),
      suppressed: z.boolean(),
    }),
  ),
});

/** The xAPI 1.0.3 statement result of an LRS (`statements`, `more`); statements as the xAPI specification defines them. */
export const statementResultSchema = z.object({
  statements: z.array(z.looseObject({ id: text, actor: z.looseObject({}), verb: z.looseObject({ id: text }), object: z.looseObject({}), timestamp: text })),
  more: text,
});
