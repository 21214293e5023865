/**
 * Progress that may complete a course: marking a lesson read and submitting a quiz attempt. Each request that meets
 * the last requirement completes the cycle itself (`completion.ts`); a request that finds every requirement met but
 * the cycle still open (an earlier request failed between its change and the completion) completes it too.
 *
 * DynamoDB: the cycle (Query), then one BatchGetItem (employee profile, course version unless remembered, the
 * attempt; the tenant's configuration when this request may complete the course), then one TransactWriteItems. The
 * write holds only while the cycle's progress is as read, so the answer — and the decision to complete — is built
 * from what was read and written, without reading the cycle back; a concurrent change makes the request look again.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Caller } from '#core/auth';
import type { ItemRead } from '#core/item-reads';
import { scoreAttempt, type QuizAnswers } from '../catalog.ts';
import type { CertificateRecord } from '../certificates/store.ts';
import type { Course, Employee } from '../model.ts';
import { answeredStatement, experiencedStatement, judgedStatement } from '../xapi/statements.ts';
import { completeIfDone, issuerRead } from './completion.ts';
import { isOpen, requirementsMet, statementContext, type EnrolmentRecord } from './domain.ts';
import { AlreadyCompleted, AttemptNotFound, ConcurrentChange, CycleClosed, LessonNotFound, UnknownQuestions } from './errors.ts';
import { loadLearning } from './learning.ts';
import { attemptRead, getCycle, markLessonRead, recordSubmission, type AttemptRecord } from './store.ts';

export interface ProgressOutcome {
  enrolment: EnrolmentRecord;
  /** Set when this request completed the course. */
  certificate?: CertificateRecord;
}

const MAX_RACES = 3;

/**
 * The tenant's name for the certificate, read with the request's other items when the request may complete the
 * cycle: every lesson read but the one being read (or none missing), and the quiz passed or about to be.
 */
function issuerIfCompleting(latest: EnrolmentRecord, lessonsStillToRead: number, quizDone: boolean): [ItemRead<string | undefined>] | [] {
  if (!isOpen(latest) || !quizDone) return [];
  const missing = latest.lessonCount === undefined ? 0 : latest.lessonCount - latest.lessonsRead.length;
  return missing <= lessonsStillToRead ? [issuerRead(latest.tenantId)] : [];
}

async function completeOrAsIs(
  db: DynamoDBDocumentClient,
  enrolment: EnrolmentRecord,
  course: Course,
  employee: Employee,
  now: Date,
  issuerName: string | undefined,
): Promise<ProgressOutcome> {
  const completion = await completeIfDone(db, { enrolment, course, employee, now, issuerName });
  if (completion) return completion;
  if (!isOpen(enrolment) || !requirementsMet(enrolment, course)) return { enrolment };
  // Every requirement met, yet not completed by this request: a concurrent request did just now. Answer what is stored.
  return { enrolment: (await getCycle(db, enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle)) ?? enrolment };
}

/**
 * Marks a lesson of the caller's current cycle read (idempotent). Reading in a completed or expired cycle changes
 * nothing and is answered with the cycle as it is.
 */
export async function readLesson(db: DynamoDBDocumentClient, caller: Caller, courseId: string, lessonId: string, now: Date): Promise<ProgressOutcome> {
  for (let race = 0; race < MAX_RACES; race++) {
    const { employee, enrolment, course, values } = await loadLearning(db, caller, courseId, now, (latest) =>
      issuerIfCompleting(latest, latest.lessonsRead.includes(lessonId) ? 0 : 1, latest.quizPassedAt !== undefined || latest.questionCount === 0),
    );
    const lesson = course.lessons.find((candidate) => candidate.id === lessonId);
    if (!lesson) throw new LessonNotFound();
    if (!isOpen(enrolment)) return { enrolment };
    let current: EnrolmentRecord | undefined = enrolment;
    if (!enrolment.lessonsRead.includes(lessonId)) {
      current = await markLessonRead(db, {
        enrolment,
        course,
        lessonId,
        statement: experiencedStatement(statementContext(enrolment, employee, course, now), { id: lesson.id, title: lesson.title }),
        now,
      });
    }
    // Not written: read meanwhile, or the cycle's progress changed — look again.
    if (current) return completeOrAsIs(db, current, course, employee, now, values[0]);
  }
  throw new ConcurrentChange();
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
  for (let race = 0; race < MAX_RACES; race++) {
    const {
      employee,
      enrolment,
      course,
      values: [attempt, issuerName],
    } = await loadLearning(db, caller, input.courseId, now, (latest) => [attemptRead(latest, input.attempt), ...issuerIfCompleting(latest, 0, true)] as const);
    if (!attempt) throw new AttemptNotFound();
    if (attempt.submittedAt !== undefined) return { enrolment, result: resultOf(attempt, course.passMark), replay: true };
    if (enrolment.status === 'completed') throw new AlreadyCompleted(enrolment.validUntil);
    if (!isOpen(enrolment)) throw new CycleClosed();
    // An older attempt left open while a newer one was counted (only a race does that): it cannot be submitted.
    if (attempt.attempt !== enrolment.attemptsUsed) throw new ConcurrentChange();

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
    // Not written: submitted meanwhile (the next look answers the stored first result), or the cycle changed.
    if (!recorded) continue;
    const submitted: AttemptRecord = { ...attempt, submittedAt: now.toISOString(), scorePercent: score.scorePercent, passed: score.passed, answers: input.answers, results };
    const progress = await completeOrAsIs(db, recorded, course, employee, now, issuerName);
    return { ...progress, result: resultOf(submitted, course.passMark), replay: false };
  }
  throw new ConcurrentChange();
}
