/**
 * Progress that may complete a course: marking a lesson read and submitting a quiz attempt. Each request that meets
 * the last requirement completes the cycle itself (`completion.ts`); a request that finds every requirement met but
 * the cycle still open (an earlier request failed between its change and the completion) completes it too.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Caller } from '#core/auth';
import { scoreAttempt, type QuizAnswers } from '../catalog.ts';
import type { CertificateRecord } from '../certificates/store.ts';
import type { Course, Employee } from '../model.ts';
import { answeredStatement, experiencedStatement, judgedStatement } from '../xapi/statements.ts';
import { completeIfDone } from './completion.ts';
import { isOpen, requirementsMet, statementContext, type EnrolmentRecord } from './domain.ts';
import { AlreadyCompleted, AttemptNotFound, ConcurrentChange, CycleClosed, LessonNotFound, UnknownQuestions } from './errors.ts';
import { requireEmployee } from './employee.ts';
import { enrolmentCourse, requireLatestCycle } from './learning.ts';
import { getAttempt, getCycle, markLessonRead, recordSubmission, type AttemptRecord } from './store.ts';

export interface ProgressOutcome {
  enrolment: EnrolmentRecord;
  /** Set when this request completed the course. */
  certificate?: CertificateRecord;
}

async function reread(db: DynamoDBDocumentClient, enrolment: EnrolmentRecord): Promise<EnrolmentRecord> {
  return (await getCycle(db, enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle)) ?? enrolment;
}

async function completeOrReread(db: DynamoDBDocumentClient, enrolment: EnrolmentRecord, course: Course, employee: Employee, now: Date): Promise<ProgressOutcome> {
  const completion = await completeIfDone(db, { enrolment, course, employee, now });
  if (completion) return completion;
  // Not complete — or completed by a concurrent request just now: answer with what is stored.
  return { enrolment: isOpen(enrolment) && requirementsMet(enrolment, course) ? await reread(db, enrolment) : enrolment };
}

/**
 * Marks a lesson of the caller's current cycle read (idempotent). Reading in a completed or expired cycle changes
 * nothing and is answered with the cycle as it is.
 */
export async function readLesson(db: DynamoDBDocumentClient, caller: Caller, courseId: string, lessonId: string, now: Date): Promise<ProgressOutcome> {
  const employee = await requireEmployee(db, caller);
  const { enrolment, course } = await enrolmentCourse(db, await requireLatestCycle(db, employee, courseId), now);
  const lesson = course.lessons.find((candidate) => candidate.id === lessonId);
  if (!lesson) throw new LessonNotFound();
  if (!isOpen(enrolment)) return { enrolment };
  if (!enrolment.lessonsRead.includes(lessonId)) {
    await markLessonRead(db, {
      enrolment,
      course,
      lessonId,
      statement: experiencedStatement(statementContext(enrolment, employee, course, now), { id: lesson.id, title: lesson.title }),
      now,
    });
  }
  return completeOrReread(db, await reread(db, enrolment), course, employee, now);
}

export interface AttemptResult {
  attempt: number;
  scorePercent: number;
  passed: boolean;
  passMark: number;
  submittedAt: string;
  results: Array<{ questionId: string; correct: boolean; explanation?: string }>;
}

function resultOf(attempt: AttemptRecord, passMark: number): AttemptResult {
  return {
    attempt: attempt.attempt,
    scorePercent: attempt.scorePercent!,
    passed: attempt.passed!,
    passMark,
    submittedAt: attempt.submittedAt!,
    results: attempt.results ?? [],
  };
}

export interface SubmissionOutcome extends ProgressOutcome {
  result: AttemptResult;
  /** True when the attempt had been submitted before: the first result is answered unchanged. */
  replay: boolean;
}

/**
 * Submits an attempt of the caller's current cycle, once. Scored on the server against the cycle's course version.
 * A repeated submission (same or other answers) is answered with the first result, unchanged.
 */
export async function submitAttempt(
  db: DynamoDBDocumentClient,
  caller: Caller,
  input: { courseId: string; attempt: number; answers: QuizAnswers; now: Date },
): Promise<SubmissionOutcome> {
  const { now } = input;
  const employee = await requireEmployee(db, caller);
  const latest = await requireLatestCycle(db, employee, input.courseId);
  const attempt = await getAttempt(db, latest, input.attempt);
  if (!attempt) throw new AttemptNotFound();
  const { enrolment, course } = await enrolmentCourse(db, latest, now);
  if (attempt.submittedAt !== undefined) return { enrolment, result: resultOf(attempt, course.passMark), replay: true };
  if (enrolment.status === 'completed') throw new AlreadyCompleted(enrolment.validUntil);
  if (!isOpen(enrolment)) throw new CycleClosed();

  const known = new Set(course.questions.map((question) => question.id));
  const unknown = Object.keys(input.answers).filter((questionId) => !known.has(questionId));
  if (unknown.length > 0) {
    throw new UnknownQuestions(
      'Die Antworten nennen Fragen, die nicht zu diesem Quiz gehören.',
      unknown.map((questionId) => ({ field: `body/answers/${questionId}`, message: 'Diese Frage gehört nicht zu diesem Quiz.' })),
    );
  }
  // Throws InvalidQuizAnswer (422) for unanswered questions, unknown options, two answers to a single choice.
  const score = scoreAttempt(course, input.answers);
  const results = score.results.map((result) => ({ questionId: result.questionId, correct: result.correct, explanation: result.explanation }));
  const context = statementContext(enrolment, employee, course, now);
  const statements = [
    ...course.questions
      .filter((question) => input.answers[question.id] !== undefined)
      .map((question) =>
        answeredStatement(context, attempt.attempt, {
          questionId: question.id,
          optionIds: input.answers[question.id]!,
          correct: results.find((result) => result.questionId === question.id)?.correct ?? false,
        }),
      ),
    judgedStatement(context, attempt.attempt, score.scorePercent, score.passed),
  ];
  const recorded = await recordSubmission(db, {
    enrolment,
    attempt,
    submission: { scorePercent: score.scorePercent, passed: score.passed, answers: input.answers, results },
    statements,
    now,
  });
  if (!recorded) {
    const stored = await getAttempt(db, enrolment, input.attempt);
    if (stored?.submittedAt !== undefined) return { enrolment: await reread(db, enrolment), result: resultOf(stored, course.passMark), replay: true };
    throw new ConcurrentChange();
  }
  const submitted: AttemptRecord = { ...attempt, submittedAt: now.toISOString(), scorePercent: score.scorePercent, passed: score.passed, answers: input.answers, results };
  const progress = await completeOrReread(db, await reread(db, enrolment), course, employee, now);
  return { ...progress, result: resultOf(submitted, course.passMark), replay: false };
}
