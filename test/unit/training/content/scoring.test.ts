import { describe, expect, it } from 'vitest';
import { InvalidQuizAnswer, scoreAttempt } from '../../../../functions/training/content/scoring.ts';
import { courseSummary, publicCourse, quizForAttempt } from '../../../../functions/training/content/view.ts';
import { course } from './support.ts';

/** Single-choice questions (f1, f3, f5, f7): `a` is right. Multiple (f2, f4, f6, f8): `a` and `b` are right. */
function allRight(): Record<string, string[]> {
  return Object.fromEntries(course().questions.map((question) => [question.id, question.type === 'single' ? ['a'] : ['b', 'a']]));
}

function invalid(answers: Record<string, string[]>): InvalidQuizAnswer {
  try {
    scoreAttempt(course(), answers);
  } catch (error) {
    if (error instanceof InvalidQuizAnswer) return error;
    throw error;
  }
  throw new Error('expected InvalidQuizAnswer');
}

describe('scoring a quiz attempt', () => {
  it('gives 100 % and passes when every answer is right, with the explanation of every question', () => {
    const score = scoreAttempt(course(), allRight());
    expect(score.scorePercent).toBe(100);
    expect(score.passed).toBe(true);
    expect(score.results).toHaveLength(8);
    expect(score.results[0]).toEqual({ questionId: 'f1', correct: true, explanation: 'Erklärung zu Frage 1.' });
  });

  it('counts a single-choice question right only with its one correct option', () => {
    const score = scoreAttempt(course(), { ...allRight(), f1: ['b'] });
    expect(score.results.find((result) => result.questionId === 'f1')?.correct).toBe(false);
    expect(score.scorePercent).toBe(87);
  });

  it('scores multiple choice all or nothing: a partial or an extra option is wrong', () => {
    const partial = scoreAttempt(course(), { ...allRight(), f2: ['a'] });
    expect(partial.results.find((result) => result.questionId === 'f2')?.correct).toBe(false);
    const extra = scoreAttempt(course(), { ...allRight(), f2: ['a', 'b', 'c'] });
    expect(extra.results.find((result) => result.questionId === 'f2')?.correct).toBe(false);
    // Repeating an option is not an extra choice.
    const repeated = scoreAttempt(course(), { ...allRight(), f2: ['a', 'b', 'a'] });
    expect(repeated.results.find((result) => result.questionId === 'f2')?.correct).toBe(true);
  });

  it('rounds the percentage down, so the shown score and the pass decision agree', () => {
    // 6 of 8 = 75 % exactly: passes a mark of 75.
    expect(scoreAttempt(course(), { ...allRight(), f1: ['b'], f2: ['a'] })).toMatchObject({ scorePercent: 75, passed: true });
    // 5 of 8 = 62.5 % → 62: fails.
    expect(scoreAttempt(course(), { ...allRight(), f1: ['b'], f2: ['a'], f3: ['c'] })).toMatchObject({ scorePercent: 62, passed: false });
    // 7 of 9 = 77.8 % is shown as 77 and does not pass a mark of 78.
    const nine = course({ passMark: 78 });
    nine.questions.push({ ...nine.questions[0]!, id: 'f9' });
    expect(scoreAttempt(nine, { ...allRight(), f9: ['a'], f1: ['b'], f2: ['a'] })).toMatchObject({ scorePercent: 77, passed: false });
  });

  it('refuses an answer to a question that is not in the quiz', () => {
    const error = invalid({ ...allRight(), f99: ['a'] });
    expect(error.kind).toBe('unprocessable');
    expect(error.name).toBe('InvalidQuizAnswer');
    expect(error.errors).toEqual([{ field: 'body/answers/f99', message: 'Diese Frage gehört nicht zu diesem Quiz.' }]);
  });

  it('refuses an option that the question does not offer', () => {
    expect(invalid({ ...allRight(), f2: ['a', 'z'] }).errors).toEqual([{ field: 'body/answers/f2', message: 'Unbekannte Antwort: "z".' }]);
  });

  it('requires every question to be answered, and at most one option for single choice', () => {
    const { f3: _f3, ...answers } = allRight();
    expect(invalid({ ...answers, f4: [], f5: ['a', 'b'] }).errors).toEqual([
      { field: 'body/answers/f5', message: 'Bei dieser Frage ist genau eine Antwort zu wählen.' },
      { field: 'body/answers/f3', message: 'Bitte beantworten Sie diese Frage.' },
      { field: 'body/answers/f4', message: 'Bitte beantworten Sie diese Frage.' },
    ]);
  });

  it('does not take inherited properties for answers', () => {
    const { f1: _f1, ...answers } = allRight();
    const withPrototype = Object.assign(Object.create({ f1: ['a'] }) as Record<string, string[]>, answers);
    expect(invalid(withPrototype).errors).toEqual([{ field: 'body/answers/f1', message: 'Bitte beantworten Sie diese Frage.' }]);
  });
});

describe('what learners see of a course', () => {
  it('contains lessons and questions but no correct flags and no explanations', () => {
    const view = publicCourse(course());
    expect(view.lessons).toHaveLength(3);
    expect(view.questions).toHaveLength(8);
    const text = JSON.stringify(view);
    expect(text).not.toContain('correct');
    expect(text).not.toContain('explanation');
    expect(text).not.toContain('Erklärung zu Frage');
    expect(view.questions[0]).toEqual({
      id: 'f1',
      type: 'single',
      lesson: 'einfuehrung',
      text: 'Frage 1: Was ist richtig?',
      options: [
        { id: 'a', text: 'Richtig' },
        { id: 'b', text: 'Falsch' },
        { id: 'c', text: 'Auch falsch' },
      ],
    });
  });

  it('leaks nothing that is added to a stored question later', () => {
    const stored = course();
    (stored.questions[0] as unknown as Record<string, unknown>).hint = 'Die Antwort ist a';
    (stored.questions[0]!.options[0] as unknown as Record<string, unknown>).points = 1;
    expect(JSON.stringify(quizForAttempt(stored))).not.toMatch(/hint|points/);
  });

  it('summarises a course for the catalogue', () => {
    expect(courseSummary(course())).toEqual({
      id: 'neuss-buergerbuero',
      version: 1,
      title: 'Arbeiten im Bürgerbüro Neuss',
      description: 'Abläufe im Bürgerbüro der Stadt Neuss für neue Kolleginnen und Kollegen.',
      estimatedMinutes: 25,
      validityMonths: 0,
      tags: ['Bürgerbüro'],
      owner: 'neuss',
      lessonCount: 3,
      questionCount: 8,
    });
  });
});
