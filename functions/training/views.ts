/**
 * What the learning routes answer (the response schemas of the OpenAPI contract; the local runtime checks every
 * answer against them). The administration's answers are in `admin-views.ts`, the reports' in `report-views.ts`:
 * each function bundles only the schemas of its own answers.
 */
import * as z from '#core/zod';

const text = z.string();
const count = z.int();

/** One entry of the catalogue list, defined with the summary it describes. */
export { courseSummarySchema } from './content/view.ts';

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
  /** Assigned by a rule (mandatory training) rather than chosen. */
  mandatory: z.boolean(),
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

/** A short-lived download link of a certificate, with the public verification URL its QR code holds. */
export const certificateLinkSchema = z.object({ url: text, verifyUrl: text, expiresInSeconds: count, fileName: text, contentType: text, certificate: certificateSchema });
