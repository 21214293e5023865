import type { FieldError } from '#core/problem';
import { Unprocessable } from '#core/problem';
import type { Course } from '../model.ts';

/**
 * Scores a quiz attempt on the server. Pure: the course (the enrolment's version, with answers) and the submitted
 * answers in, the result out.
 *
 * - single choice: correct when exactly the one correct option is chosen;
 * - multiple choice: all or nothing — correct when the chosen set equals the set of correct options;
 * - every question must be answered; an unknown question or option, or two options on a single-choice question, is
 *   not a wrong answer but a broken submission: `InvalidQuizAnswer` (422), with one field error per question.
 *
 * The percentage is rounded down, so that the number shown and the pass decision never disagree (77.8 % is shown as
 * 77 % and does not pass a mark of 78 %).
 */
export class InvalidQuizAnswer extends Unprocessable {}

export type QuizAnswers = Record<string, string[]>;

export interface QuestionResult {
  questionId: string;
  correct: boolean;
  explanation: string;
}

export interface AttemptScore {
  scorePercent: number;
  passed: boolean;
  results: QuestionResult[];
}

export function scoreAttempt(course: Course, answers: QuizAnswers): AttemptScore {
  const errors: FieldError[] = [];
  const field = (questionId: string) => `body/answers/${questionId}`;
  const questions = new Map(course.questions.map((question) => [question.id, question]));

  for (const [questionId, chosen] of Object.entries(answers)) {
    const question = questions.get(questionId);
    if (!question) {
      errors.push({ field: field(questionId), message: 'Diese Frage gehört nicht zu diesem Quiz.' });
      continue;
    }
    const known = new Set(question.options.map((option) => option.id));
    const unknown = [...new Set(chosen)].filter((optionId) => !known.has(optionId));
    if (unknown.length > 0) {
      errors.push({ field: field(questionId), message: `Unbekannte Antwort: ${unknown.map((id) => `"${id}"`).join(', ')}.` });
    } else if (question.type === 'single' && new Set(chosen).size > 1) {
      errors.push({ field: field(questionId), message: 'Bei dieser Frage ist genau eine Antwort zu wählen.' });
    }
  }
  for (const question of course.questions) {
    const chosen = Object.hasOwn(answers, question.id) ? answers[question.id]! : [];
    if (chosen.length === 0) errors.push({ field: field(question.id), message: 'Bitte beantworten Sie diese Frage.' });
  }
  if (errors.length > 0) {
    throw new InvalidQuizAnswer('Die Antworten passen nicht zum Quiz: Bitte beantworten Sie jede Frage mit den angebotenen Antworten.', errors);
  }

  const results = course.questions.map((question) => {
    const chosen = new Set(answers[question.id]);
    const correctIds = question.options.filter((option) => option.correct === true).map((option) => option.id);
    const correct = chosen.size === correctIds.length && correctIds.every((id) => chosen.has(id));
    return { questionId: question.id, correct, explanation: question.explanation };
  });
  const correctCount = results.filter((result) => result.correct).length;
  const scorePercent = course.questions.length === 0 ? 0 : Math.floor((correctCount * 100) / course.questions.length);
  return { scorePercent, passed: scorePercent >= course.passMark, results };
}
