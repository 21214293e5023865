import * as z from '#core/zod';
import type { Course, Lesson, QuestionType } from '../model.ts';

/**
 * What learners see of a course. Built by picking fields (never by deleting them), so a field added to the model
 * later does not leak the answers by accident: no `correct` flags, no explanations — those come only with the
 * result of a submitted attempt.
 */
export interface PublicQuestion {
  id: string;
  type: QuestionType;
  lesson: string;
  text: string;
  options: Array<{ id: string; text: string }>;
}

export interface PublicCourse {
  id: string;
  version: number;
  title: string;
  description: string;
  audience: string[];
  estimatedMinutes: number;
  passMark: number;
  attemptsAllowed: number;
  validityMonths: number;
  tags: string[];
  language: 'de';
  owner: string;
  sources: Array<{ title: string; url?: string }>;
  lessons: Lesson[];
  questions: PublicQuestion[];
}

/** One entry of the catalogue list (`GET /training/courses`), also the answer to a publication. */
export const courseSummarySchema = z.object({
  id: z.string(),
  version: z.int(),
  title: z.string(),
  description: z.string(),
  estimatedMinutes: z.int(),
  /** Months until recertification; 0 = the completion does not expire. */
  validityMonths: z.int(),
  tags: z.array(z.string()),
  /** `county`, or the tenant that publishes it. */
  owner: z.string(),
  lessonCount: z.int(),
  questionCount: z.int(),
});
export type CourseSummary = z.infer<typeof courseSummarySchema>;

export function quizForAttempt(course: Course): PublicQuestion[] {
  return course.questions.map((question) => ({
    id: question.id,
    type: question.type,
    lesson: question.lesson,
    text: question.text,
    options: question.options.map((option) => ({ id: option.id, text: option.text })),
  }));
}

export function publicCourse(course: Course): PublicCourse {
  return {
    id: course.id,
    version: course.version,
    title: course.title,
    description: course.description,
    audience: [...course.audience],
    estimatedMinutes: course.estimatedMinutes,
    passMark: course.passMark,
    attemptsAllowed: course.attemptsAllowed,
    validityMonths: course.validityMonths,
    tags: [...course.tags],
    language: course.language,
    owner: course.owner,
    sources: course.sources.map((source) => (source.url === undefined ? { title: source.title } : { title: source.title, url: source.url })),
    lessons: course.lessons.map((lesson) => ({ id: lesson.id, title: lesson.title, body: lesson.body })),
    questions: quizForAttempt(course),
  };
}

/** One entry of the catalogue list. */
export function courseSummary(course: Course): CourseSummary {
  return {
    id: course.id,
    version: course.version,
    title: course.title,
    description: course.description,
    estimatedMinutes: course.estimatedMinutes,
    validityMonths: course.validityMonths,
    tags: [...course.tags],
    owner: course.owner,
    lessonCount: course.lessons.length,
    questionCount: course.questions.length,
  };
}
