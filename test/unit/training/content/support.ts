import type { Course } from '../../../../functions/training/model.ts';
import type { TenantCourseInput } from '../../../../functions/training/content/schema.ts';

export const FIXTURES = new URL('./fixtures/', import.meta.url);
export const fixture = (relative: string) => decodeURIComponent(new URL(relative, FIXTURES).pathname);

/** A valid body of `POST /training/courses`: three lessons, eight questions. */
export function tenantCourseBody(overrides: Partial<TenantCourseInput> = {}): TenantCourseInput {
  const lessons = ['einfuehrung', 'ablauf', 'praxis'].map((id, index) => ({
    id,
    title: `Lektion ${index + 1}: ${id}`,
    body: `Dies ist der Text der Lektion ${id}. Er erklärt, wie es in Neuss gemacht wird.`,
  }));
  const questions = Array.from({ length: 8 }, (_, index) => ({
    id: `f${index + 1}`,
    type: index % 2 === 0 ? ('single' as const) : ('multiple' as const),
    lesson: lessons[index % 3]!.id,
    text: `Frage ${index + 1}: Was ist richtig?`,
    options:
      index % 2 === 0
        ? [
            { id: 'a', text: 'Richtig', correct: true },
            { id: 'b', text: 'Falsch' },
            { id: 'c', text: 'Auch falsch' },
          ]
        : [
            { id: 'a', text: 'Richtig', correct: true },
            { id: 'b', text: 'Auch richtig', correct: true },
            { id: 'c', text: 'Falsch' },
            { id: 'd', text: 'Auch falsch', correct: false },
          ],
    explanation: `Erklärung zu Frage ${index + 1}.`,
  }));
  return {
    id: 'neuss-buergerbuero',
    title: 'Arbeiten im Bürgerbüro Neuss',
    description: 'Abläufe im Bürgerbüro der Stadt Neuss für neue Kolleginnen und Kollegen.',
    audience: ['employee'],
    estimatedMinutes: 25,
    passMark: 75,
    attemptsAllowed: 3,
    validityMonths: 0,
    tags: ['Bürgerbüro'],
    language: 'de',
    lessons,
    questions,
    sources: [{ title: 'Dienstanweisung Bürgerbüro' }],
    ...overrides,
  };
}

/** A course as stored (with answers), for scoring and view tests. */
export function course(overrides: Partial<Course> = {}): Course {
  const body = tenantCourseBody();
  return {
    ...body,
    version: 1,
    owner: 'neuss',
    questions: body.questions.map((question) => ({
      ...question,
      options: question.options.map((option) => ({ ...option, correct: option.correct === true })),
    })),
    ...overrides,
  };
}
