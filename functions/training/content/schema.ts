import * as z from '#core/zod';
import { STAFF_ROLES } from '../model.ts';
import { COURSE_ID_PATTERN, ITEM_ID_PATTERN } from './ids.ts';

export { COURSE_ID_PATTERN, ITEM_ID_PATTERN };

/**
 * The schema of a course: once for the files of the county catalogue (`course.yaml` + `quiz.yaml` + lesson Markdown)
 * and once for the JSON body with which a tenant publishes its own course. Both share the field schemas and the
 * cross-checks (`courseCrossCheck`), so a course that the build accepts is a course the API accepts and vice versa.
 *
 * The schemas check the shape of each file; everything that relates one part to another (unique ids, a question's
 * lesson, exactly one correct option of a single-choice question) is in `courseCrossCheck`, which works on unchecked
 * input, so that one run reports every error and not only those of the first failing layer.
 */

export const MIN_LESSONS = 3;
export const MAX_LESSONS = 30;
export const MIN_QUESTIONS = 8;
export const MAX_QUESTIONS = 100;
export const MIN_OPTIONS = 3;
export const MAX_OPTIONS = 5;
/** A lesson's Markdown; a whole course is stored as one DynamoDB item (400 KB) when it is snapshotted. */
export const MAX_LESSON_CHARS = 60_000;
export const MAX_COURSE_BYTES = 350_000;

/** German messages that say whether a field is missing or has the wrong type. */
function typeError(expected: string) {
  return {
    error: (issue: { input?: unknown }) => (issue.input === undefined ? 'Pflichtfeld fehlt.' : `${expected} erwartet.`),
  };
}

function text(label: string, min: number, max: number) {
  return z.string(typeError('Text')).check(
    z.trim(),
    z.minLength(min, `${label}: mindestens ${min} Zeichen.`),
    z.maxLength(max, `${label}: höchstens ${max} Zeichen.`),
  );
}

function integer(label: string, min: number, max: number) {
  return z.int(typeError('Ganze Zahl')).check(
    z.gte(min, `${label}: mindestens ${min}.`),
    z.lte(max, `${label}: höchstens ${max}.`),
  );
}

export const courseIdSchema = z.string(typeError('Text')).check(
  z.minLength(3, 'Die Kurs-ID hat mindestens 3 Zeichen.'),
  z.maxLength(60, 'Die Kurs-ID hat höchstens 60 Zeichen.'),
  z.regex(COURSE_ID_PATTERN, 'Die Kurs-ID besteht aus Kleinbuchstaben, Ziffern und einzelnen Bindestrichen (z. B. "datenschutz-grundlagen").'),
);

const itemId = (label: string) =>
  z.string(typeError('Text')).check(
    z.minLength(1, `${label}: Pflichtfeld.`),
    z.maxLength(60, `${label}: höchstens 60 Zeichen.`),
    z.regex(ITEM_ID_PATTERN, `${label}: nur Buchstaben, Ziffern, "-" und "_".`),
  );

const audienceSchema = z
  .array(z.enum(STAFF_ROLES, { error: `Unbekannte Zielgruppe. Erlaubt: ${STAFF_ROLES.join(', ')}.` }), typeError('Liste'))
  .check(
    z.minLength(1, 'Bitte mindestens eine Zielgruppe angeben.'),
    z.refine((roles) => new Set(roles).size === roles.length, 'Jede Zielgruppe nur einmal angeben.'),
  );

const tagsSchema = z.array(text('Schlagwort', 1, 40), typeError('Liste')).check(z.maxLength(20, 'Höchstens 20 Schlagwörter.'));

const sourceSchema = z.strictObject({
  title: text('Quelle', 3, 300),
  url: z.optional(z.url({ protocol: /^https?$/, error: 'Bitte eine vollständige http(s)-Adresse angeben.' })),
});

/** The fields a course has in `course.yaml` and in the API body alike. */
const courseFields = {
  title: text('Titel', 3, 150),
  description: text('Beschreibung', 10, 2000),
  audience: audienceSchema,
  estimatedMinutes: integer('Geschätzte Dauer (Minuten)', 1, 600),
  passMark: integer('Bestehensgrenze (Prozent)', 1, 100),
  attemptsAllowed: integer('Erlaubte Versuche', 1, 99),
  validityMonths: integer('Gültigkeit (Monate, 0 = unbegrenzt)', 0, 120),
  tags: tagsSchema,
  language: z.literal('de', { error: 'Die Sprache der Kurse ist "de".' }),
  sources: z.array(sourceSchema, typeError('Liste')).check(z.maxLength(50, 'Höchstens 50 Quellen.')),
};

const lessonsLength = [
  z.minLength(MIN_LESSONS, `Ein Kurs braucht mindestens ${MIN_LESSONS} Lektionen.`),
  z.maxLength(MAX_LESSONS, `Ein Kurs hat höchstens ${MAX_LESSONS} Lektionen.`),
] as const;

const questionsLength = [
  z.minLength(MIN_QUESTIONS, `Ein Quiz braucht mindestens ${MIN_QUESTIONS} Fragen.`),
  z.maxLength(MAX_QUESTIONS, `Ein Quiz hat höchstens ${MAX_QUESTIONS} Fragen.`),
] as const;

/** A path inside the course folder: relative, no `..`, a Markdown file. */
const lessonFileSchema = z.string(typeError('Text')).check(
  z.regex(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9_./-]+\.md$/, 'Die Lektionsdatei ist ein relativer Pfad zu einer .md-Datei im Kursordner (z. B. "lessons/01-einfuehrung.md").'),
);

const quizFileNameSchema = z.string(typeError('Text')).check(
  z.regex(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9_./-]+\.ya?ml$/, 'Die Quizdatei ist ein relativer Pfad zu einer .yaml-Datei im Kursordner (z. B. "quiz.yaml").'),
);

/** `course.yaml` */
export const courseFileSchema = z.strictObject({
  id: courseIdSchema,
  version: integer('Version', 1, 9999),
  ...courseFields,
  lessons: z
    .array(z.strictObject({ id: itemId('Lektions-ID'), title: text('Lektionstitel', 3, 150), file: lessonFileSchema }), typeError('Liste'))
    .check(...lessonsLength),
  quiz: quizFileNameSchema,
});
export type CourseFile = z.infer<typeof courseFileSchema>;

const optionSchema = z.strictObject({
  id: itemId('Antwort-ID'),
  text: text('Antworttext', 1, 500),
  correct: z.optional(z.boolean({ error: 'correct ist true oder false.' })),
});

export const questionSchema = z.strictObject({
  id: itemId('Fragen-ID'),
  type: z.enum(['single', 'multiple'], { error: 'Fragetyp: "single" (genau eine richtige Antwort) oder "multiple".' }),
  lesson: itemId('Lektion der Frage'),
  text: text('Fragetext', 5, 1000),
  options: z
    .array(optionSchema, typeError('Liste'))
    .check(
      z.minLength(MIN_OPTIONS, `Eine Frage hat mindestens ${MIN_OPTIONS} Antwortmöglichkeiten.`),
      z.maxLength(MAX_OPTIONS, `Eine Frage hat höchstens ${MAX_OPTIONS} Antwortmöglichkeiten.`),
    ),
  explanation: text('Erklärung', 5, 2000),
});

/** `quiz.yaml` */
export const quizFileSchema = z
  .strictObject({ questions: z.array(questionSchema, typeError('Liste')).check(...questionsLength) })
  .check(z.superRefine((quiz, ctx) => addIssues(ctx, quiz, questionChecks(quiz)), { when: () => true }));
export type QuizFile = z.infer<typeof quizFileSchema>;

/** The body of `POST /training/courses`: the course with its lessons and questions inline; the server sets the version. */
export const tenantCourseSchema = z
  .strictObject({
    id: courseIdSchema,
    ...courseFields,
    lessons: z
      .array(
        z.strictObject({
          id: itemId('Lektions-ID'),
          title: text('Lektionstitel', 3, 150),
          body: text('Lektionstext (Markdown)', 20, MAX_LESSON_CHARS),
        }),
        typeError('Liste'),
      )
      .check(...lessonsLength),
    questions: z.array(questionSchema, typeError('Liste')).check(...questionsLength),
  })
  .check(
    z.superRefine(
      (course, ctx) => addIssues(ctx, course, [...questionChecks(course), ...lessonChecks(course).filter((issue) => issue.severity === 'error')]),
      { when: () => true },
    ),
  );
export type TenantCourseInput = z.infer<typeof tenantCourseSchema>;

export const coursePathSchema = z.strictObject({ id: courseIdSchema });

// ---------------------------------------------------------------------------------------------------------------------
// Cross-checks. They read unchecked input (the shape may be wrong) and report paths in the API body's coordinates:
// `lessons/<i>/…` (course.yaml) and `questions/<i>/…` (quiz.yaml).

export interface CrossIssue {
  path: Array<string | number>;
  message: string;
  severity: 'error' | 'warning';
}

type Raw = Record<string, unknown>;

const isRecord = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
const records = (value: unknown): Array<[number, Raw]> =>
  Array.isArray(value) ? value.flatMap((item, index) => (isRecord(item) ? [[index, item] as [number, Raw]] : [])) : [];

function duplicates(items: Array<[number, Raw]>, field: string, label: string, base: Array<string | number>): CrossIssue[] {
  const seen = new Map<string, number>();
  const issues: CrossIssue[] = [];
  for (const [index, item] of items) {
    const id = item[field];
    if (typeof id !== 'string') continue;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, index);
    else issues.push({ path: [...base, index, field], message: `${label} "${id}" ist doppelt (zuerst an Position ${first + 1}).`, severity: 'error' });
  }
  return issues;
}

/** Per question: unique option ids, the number of correct options fits the type. Also unique question ids. */
export function questionChecks(input: unknown): CrossIssue[] {
  if (!isRecord(input)) return [];
  const questions = records(input.questions);
  const issues = duplicates(questions, 'id', 'Die Fragen-ID', ['questions']);
  for (const [index, question] of questions) {
    const options = records(question.options);
    issues.push(...duplicates(options, 'id', 'Die Antwort-ID', ['questions', index, 'options']));
    const correct = options.filter(([, option]) => option.correct === true).length;
    const wrong = options.length - correct;
    if (question.type === 'single' && options.length > 0 && correct !== 1) {
      issues.push({
        path: ['questions', index, 'options'],
        message: `Eine Frage vom Typ "single" hat genau eine richtige Antwort (correct: true), hier ${correct}.`,
        severity: 'error',
      });
    }
    if (question.type === 'multiple' && options.length > 0 && (correct < 1 || wrong < 1)) {
      issues.push({
        path: ['questions', index, 'options'],
        message: 'Eine Frage vom Typ "multiple" hat mindestens eine richtige und mindestens eine falsche Antwort.',
        severity: 'error',
      });
    }
  }
  return issues;
}

/**
 * Lessons against questions: unique lesson ids, every question names an existing lesson (error); every lesson is
 * tested by at least one question (warning — an introduction or a summary may legitimately have none).
 */
export function lessonChecks(input: { lessons?: unknown; questions?: unknown } | unknown): CrossIssue[] {
  if (!isRecord(input)) return [];
  const lessons = records(input.lessons);
  const issues = duplicates(lessons, 'id', 'Die Lektions-ID', ['lessons']);
  const lessonIds = new Set(lessons.map(([, lesson]) => lesson.id).filter((id): id is string => typeof id === 'string'));
  const referenced = new Set<unknown>();
  for (const [index, question] of records(input.questions)) {
    referenced.add(question.lesson);
    if (typeof question.lesson === 'string' && lessonIds.size > 0 && !lessonIds.has(question.lesson)) {
      issues.push({
        path: ['questions', index, 'lesson'],
        message: `Die Frage verweist auf die unbekannte Lektion "${question.lesson}". Vorhanden: ${[...lessonIds].join(', ')}.`,
        severity: 'error',
      });
    }
  }
  if (Array.isArray(input.questions)) {
    for (const [index, lesson] of lessons) {
      if (typeof lesson.id === 'string' && !referenced.has(lesson.id)) {
        issues.push({ path: ['lessons', index, 'id'], message: `Zur Lektion "${lesson.id}" gibt es keine Quizfrage.`, severity: 'warning' });
      }
    }
  }
  return issues;
}

function addIssues(ctx: { addIssue: (issue: { code: 'custom'; message: string; path: PropertyKey[]; input: unknown }) => void }, input: unknown, issues: CrossIssue[]): void {
  for (const issue of issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path, input });
}
