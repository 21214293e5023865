import { describe, expect, it } from 'vitest';
import { fieldErrors, z } from '../../../../functions/core/validation.ts';
import { courseFileSchema, lessonChecks, quizFileSchema, tenantCourseSchema } from '../../../../functions/training/content/schema.ts';
import { tenantCourseBody } from './support.ts';

function errorsOf(schema: z.ZodMiniType, value: unknown) {
  const result = z.safeParse(schema, value);
  return result.success ? [] : fieldErrors(result.error, 'body');
}

describe('the tenant course body', () => {
  it('accepts a course with three lessons and eight questions', () => {
    expect(errorsOf(tenantCourseSchema, tenantCourseBody())).toEqual([]);
  });

  it('names every missing or wrong field with a German message', () => {
    const { description: _description, ...body } = tenantCourseBody({ passMark: 0, language: 'en' as 'de', audience: ['citizen' as 'employee'] });
    expect(errorsOf(tenantCourseSchema, { ...body, version: 3 })).toEqual(
      expect.arrayContaining([
        { field: 'body/description', message: 'Pflichtfeld fehlt.' },
        { field: 'body/passMark', message: 'Bestehensgrenze (Prozent): mindestens 1.' },
        { field: 'body/language', message: 'Die Sprache der Kurse ist "de".' },
        { field: 'body/audience/0', message: expect.stringContaining('Unbekannte Zielgruppe') },
        // The server sets the version.
        { field: 'body/version', message: 'Unbekanntes Feld.' },
      ]),
    );
  });

  it('requires at least three lessons and eight questions', () => {
    const body = tenantCourseBody();
    const errors = errorsOf(tenantCourseSchema, { ...body, lessons: body.lessons.slice(0, 2), questions: body.questions.slice(0, 7) });
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'body/lessons', message: 'Ein Kurs braucht mindestens 3 Lektionen.' },
        { field: 'body/questions', message: 'Ein Quiz braucht mindestens 8 Fragen.' },
      ]),
    );
  });

  it('checks the questions against the lessons and the type, even when other fields are invalid', () => {
    const body = tenantCourseBody();
    const questions = structuredClone(body.questions);
    questions[1]!.id = 'f1'; // duplicate
    questions[2]!.lesson = 'gibt-es-nicht';
    questions[0]!.options[1]!.correct = true; // single with two correct answers
    questions[3]!.options.forEach((option) => (option.correct = true)); // multiple without a wrong answer
    questions[4]!.options[2]!.id = 'a'; // duplicate option id
    const errors = errorsOf(tenantCourseSchema, { ...body, title: '', questions });
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'body/title', message: expect.stringContaining('mindestens 3 Zeichen') },
        { field: 'body/questions/1/id', message: 'Die Fragen-ID "f1" ist doppelt (zuerst an Position 1).' },
        { field: 'body/questions/2/lesson', message: expect.stringContaining('unbekannte Lektion "gibt-es-nicht"') },
        { field: 'body/questions/0/options', message: expect.stringContaining('genau eine richtige Antwort') },
        { field: 'body/questions/3/options', message: expect.stringContaining('mindestens eine richtige und mindestens eine falsche') },
        { field: 'body/questions/4/options/2/id', message: expect.stringContaining('Die Antwort-ID "a" ist doppelt') },
      ]),
    );
  });

  it('refuses duplicate lesson ids and too few options', () => {
    const body = tenantCourseBody();
    const lessons = structuredClone(body.lessons);
    lessons[2]!.id = lessons[0]!.id;
    const questions = structuredClone(body.questions);
    questions[0]!.options = questions[0]!.options.slice(0, 2);
    expect(errorsOf(tenantCourseSchema, { ...body, lessons, questions })).toEqual(
      expect.arrayContaining([
        { field: 'body/lessons/2/id', message: expect.stringContaining('Die Lektions-ID "einfuehrung" ist doppelt') },
        { field: 'body/questions/0/options', message: 'Eine Frage hat mindestens 3 Antwortmöglichkeiten.' },
      ]),
    );
  });

  it('refuses more than five options (zod stops at an oversized list before looking further)', () => {
    const body = tenantCourseBody();
    const questions = structuredClone(body.questions);
    questions[1]!.options = [...questions[1]!.options, { id: 'e', text: 'E' }, { id: 'f', text: 'F' }];
    expect(errorsOf(tenantCourseSchema, { ...body, questions })).toEqual([
      { field: 'body/questions/1/options', message: 'Eine Frage hat höchstens 5 Antwortmöglichkeiten.' },
    ]);
  });

  it('refuses a course id that could break keys or URLs', () => {
    for (const id of ['Datenschutz', 'a#b', 'kurs/1', 'x']) {
      expect(errorsOf(tenantCourseSchema, tenantCourseBody({ id })).map((error) => error.field)).toContain('body/id');
    }
  });

  it('only warns about a lesson that no question asks about', () => {
    const body = tenantCourseBody();
    const questions = body.questions.map((question) => ({ ...question, lesson: 'einfuehrung' }));
    expect(errorsOf(tenantCourseSchema, { ...body, questions })).toEqual([]);
    expect(lessonChecks({ ...body, questions })).toEqual([
      { path: ['lessons', 1, 'id'], message: 'Zur Lektion "ablauf" gibt es keine Quizfrage.', severity: 'warning' },
      { path: ['lessons', 2, 'id'], message: 'Zur Lektion "praxis" gibt es keine Quizfrage.', severity: 'warning' },
    ]);
  });
});

describe('the file schemas', () => {
  it('course.yaml names lesson files relative to the course folder and never outside it', () => {
    const base = {
      id: 'kurs',
      version: 1,
      title: 'Ein Kurs',
      description: 'Eine Beschreibung des Kurses.',
      audience: ['employee'],
      estimatedMinutes: 10,
      passMark: 50,
      attemptsAllowed: 1,
      validityMonths: 0,
      tags: [],
      language: 'de',
      quiz: 'quiz.yaml',
      sources: [],
    };
    const lessons = (file: string) => ['a', 'b', 'c'].map((id) => ({ id, title: `Lektion ${id}`, file: id === 'a' ? file : `lessons/${id}.md` }));
    expect(errorsOf(courseFileSchema, { ...base, lessons: lessons('lessons/a.md') })).toEqual([]);
    for (const file of ['../geheim.md', '/etc/passwd.md', 'lessons/../../x.md', 'lessons/a.txt']) {
      expect(errorsOf(courseFileSchema, { ...base, lessons: lessons(file) }).map((error) => error.field)).toEqual(['body/lessons/0/file']);
    }
  });

  it('quiz.yaml reports unknown fields', () => {
    const questions = tenantCourseBody().questions.map((question, index) => (index === 0 ? { ...question, hint: 'x' } : question));
    expect(errorsOf(quizFileSchema, { questions })).toEqual([{ field: 'body/questions/0/hint', message: 'Unbekanntes Feld.' }]);
  });
});
