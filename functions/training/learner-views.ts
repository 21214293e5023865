/**
 * What the learner routes answer, as zod schemas: the documented response shapes (`responses` of the handlers, the
 * OpenAPI document) and the web app's types (`z.infer`). The views themselves are built by picking fields in
 * `content/view.ts`, `enrolments/domain.ts` and `certificates/view.ts`; the type checks at the end of this file keep
 * each schema and its view equal, so neither can change without the other.
 *
 * Browser-safe: zod and type-only imports.
 */
import * as z from '#core/zod';
import type { certificateOfCycle } from './certificates/view.ts';
import type { PublicCourse } from './content/view.ts';
import type { EnrolmentView } from './enrolments/domain.ts';

/** `yyyy-mm-dd` (a day in German local time) or an ISO timestamp, as the views carry them. */
const day = z.string();
const timestamp = z.string();

export const publicQuestionSchema = z.strictObject({
  id: z.string(),
  type: z.enum(['single', 'multiple']),
  lesson: z.string(),
  text: z.string(),
  options: z.array(z.strictObject({ id: z.string(), text: z.string() })),
});

/** A course version as learners see it: lessons (Markdown) and questions, never answers or explanations. */
export const publicCourseSchema = z.strictObject({
  id: z.string(),
  version: z.number(),
  title: z.string(),
  description: z.string(),
  audience: z.array(z.string()),
  estimatedMinutes: z.number(),
  passMark: z.number(),
  attemptsAllowed: z.number(),
  validityMonths: z.number(),
  tags: z.array(z.string()),
  language: z.literal('de'),
  owner: z.string(),
  sources: z.array(z.strictObject({ title: z.string(), url: z.optional(z.string()) })),
  lessons: z.array(z.strictObject({ id: z.string(), title: z.string(), body: z.string() })),
  questions: z.array(publicQuestionSchema),
});

/** One cycle of a course as its learner sees it (`enrolmentView`). */
export const enrolmentViewSchema = z.strictObject({
  courseId: z.string(),
  courseTitle: z.optional(z.string()),
  courseVersion: z.number(),
  cycle: z.number(),
  status: z.enum(['done', 'due', 'overdue', 'expired']),
  enrolmentStatus: z.enum(['assigned', 'in-progress', 'completed', 'expired']),
  /** Assigned by the administration (a rule); false for a course taken of the learner's own accord. */
  mandatory: z.boolean(),
  enrolledAt: timestamp,
  dueDate: z.optional(day),
  progress: z.strictObject({
    lessonsRead: z.number(),
    lessonsTotal: z.optional(z.number()),
    lessonIdsRead: z.array(z.string()),
    attemptsUsed: z.number(),
    attemptsAllowed: z.optional(z.number()),
    attemptsGranted: z.optional(z.number()),
    bestScore: z.optional(z.number()),
    quizPassed: z.boolean(),
  }),
  completedAt: z.optional(timestamp),
  validUntil: z.optional(day),
  certificateId: z.optional(z.string()),
});

/** The certificate of a completed cycle, from the cycle (`certificateOfCycle`). */
export const cycleCertificateSchema = z.strictObject({
  certificateId: z.string(),
  courseId: z.string(),
  courseTitle: z.optional(z.string()),
  courseVersion: z.number(),
  cycle: z.number(),
  completedAt: timestamp,
  validUntil: z.optional(day),
  status: z.enum(['valid', 'expired', 'revoked']),
});

/** `GET /training/me/courses/{id}`: the course as the caller learns it, with their latest cycle. */
export const myCourseSchema = z.strictObject({
  /** The version of the caller's latest cycle (the one they started); the current version without a cycle. */
  course: publicCourseSchema,
  enrolment: z.optional(enrolmentViewSchema),
  /** The quiz attempts of the cycle: the version's, plus what the administration granted. */
  attemptsAllowed: z.optional(z.number()),
  certificate: z.optional(cycleCertificateSchema),
});

export type PublicCourseView = z.infer<typeof publicCourseSchema>;
export type EnrolmentViewBody = z.infer<typeof enrolmentViewSchema>;
export type MyCourse = z.infer<typeof myCourseSchema>;

// Compile-time: each schema describes exactly what its view builds.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const viewsMatchSchemas: [
  Same<PublicCourseView, PublicCourse>,
  Same<EnrolmentViewBody, EnrolmentView>,
  Same<z.infer<typeof cycleCertificateSchema>, NonNullable<ReturnType<typeof certificateOfCycle>>>,
] = [true, true, true];
void viewsMatchSchemas;
