import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentCheck } from '../../../../infra/cli/content-check.ts';
import { loadCatalogue, loadCourseFolder, type ContentError } from '../../../../functions/training/content/load.ts';
import { fixture } from './support.ts';

const BROKEN = 'test/unit/training/content/fixtures/broken';
const VALID = 'test/unit/training/content/fixtures/valid';

const at = (file: string, line: number | undefined, column: number | undefined, message: string | RegExp) =>
  expect.objectContaining({ file, ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column }), message: typeof message === 'string' ? message : expect.stringMatching(message) });

describe('loading a course folder', () => {
  it('builds the county course from course.yaml, the lessons and the quiz', async () => {
    const { course, errors, warnings } = await loadCourseFolder(fixture('valid/datenschutz-test'));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(course).toMatchObject({
      id: 'datenschutz-test',
      version: 2,
      owner: 'county',
      passMark: 75,
      audience: ['employee', 'caseworker'],
      sources: [{ title: 'Verordnung (EU) 2016/679 (DSGVO)', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' }, { title: 'Datenschutzgesetz Nordrhein-Westfalen (DSG NRW)' }],
    });
    // The heading is the title; the body is the rest (a blank line before the heading is fine).
    expect(course!.lessons[2]).toEqual({ id: 'pannen', title: 'Datenpannen melden', body: 'Eine Datenpanne melden Sie sofort der oder dem Datenschutzbeauftragten.' });
    expect(course!.questions).toHaveLength(8);
    expect(course!.questions[0]!.options).toEqual([
      { id: 'a', text: 'Datenminimierung', correct: true },
      { id: 'b', text: 'Transparenz', correct: false },
      { id: 'c', text: 'Rechenschaftspflicht', correct: false },
    ]);
  });

  it('reports every problem of course.yaml and the lessons with file, line and column', async () => {
    const dir = `${BROKEN}/kurs-metadaten`;
    const { course, errors, warnings } = await loadCourseFolder(dir);
    expect(course).toBeUndefined();
    expect(errors).toEqual([
      at(`${dir}/course.yaml`, 1, 1, 'description: Pflichtfeld fehlt.'),
      at(`${dir}/course.yaml`, 1, 5, 'id: Die Kurs-ID "anderer-name" muss dem Ordnernamen "kurs-metadaten" entsprechen.'),
      at(`${dir}/course.yaml`, 4, 1, 'titel: Unbekanntes Feld.'),
      at(`${dir}/course.yaml`, 5, 22, /^audience\[1\]: Unbekannte Zielgruppe/),
      at(`${dir}/course.yaml`, 7, 11, 'passMark: Bestehensgrenze (Prozent): höchstens 100.'),
      at(`${dir}/course.yaml`, 11, 11, 'language: Die Sprache der Kurse ist "de".'),
      at(`${dir}/course.yaml`, 13, 3, 'lessons: Ein Kurs braucht mindestens 3 Lektionen.'),
      at(`${dir}/course.yaml`, 18, 11, `lessons[1].file: Die Lektionsdatei "${dir}/lessons/02-fehlt.md" fehlt.`),
      at(`${dir}/lessons/01-eins.md`, 1, 1, 'Die Überschrift "Eine ganz andere Überschrift" stimmt nicht mit dem Lektionstitel in course.yaml überein ("Erste Lektion").'),
    ]);
    expect(warnings).toEqual([at(`${dir}/lessons/99-vergessen.md`, undefined, undefined, 'Die Datei ist in course.yaml nicht als Lektion eingetragen.')]);
  });

  it('reports every problem of the quiz at its node, and cross-references between quiz and lessons', async () => {
    const dir = `${BROKEN}/kurs-quiz`;
    const { errors } = await loadCourseFolder(dir);
    expect(errors).toEqual([
      at(`${dir}/course.yaml`, 19, 9, 'lessons[2].id: Die Lektions-ID "eins" ist doppelt (zuerst an Position 1).'),
      at(`${dir}/lessons/03.md`, 1, 1, 'Die Lektion hat außer der Überschrift keinen Text.'),
      at(`${dir}/quiz.yaml`, 2, 3, 'questions: Ein Quiz braucht mindestens 8 Fragen.'),
      at(`${dir}/quiz.yaml`, 7, 7, /^questions\[0\]\.options: Eine Frage vom Typ "single" hat genau eine richtige Antwort .*hier 2\.$/),
      at(`${dir}/quiz.yaml`, 11, 9, 'questions[1].id: Die Fragen-ID "q1" ist doppelt (zuerst an Position 1).'),
      at(`${dir}/quiz.yaml`, 16, 7, /^questions\[1\]\.options: Eine Frage vom Typ "multiple" hat mindestens eine richtige und mindestens eine falsche/),
      at(`${dir}/quiz.yaml`, 22, 13, /^questions\[2\]\.lesson: Die Frage verweist auf die unbekannte Lektion "vier"/),
      at(`${dir}/quiz.yaml`, 34, 7, 'questions[3].options: Eine Frage hat mindestens 3 Antwortmöglichkeiten.'),
      at(`${dir}/quiz.yaml`, 43, 15, 'questions[4].options[1].id: Die Antwort-ID "a" ist doppelt (zuerst an Position 1).'),
      at(`${dir}/quiz.yaml`, 46, 5, 'questions[5].explanation: Pflichtfeld fehlt.'),
      at(`${dir}/quiz.yaml`, 55, 11, /^questions\[6\]\.type: Fragetyp/),
    ]);
  });

  it('reports YAML syntax errors with their position', async () => {
    const dir = `${BROKEN}/kurs-syntax`;
    const { errors } = await loadCourseFolder(dir);
    expect(errors).toEqual([
      at(`${dir}/course.yaml`, 4, 1, /^YAML-Syntaxfehler: Map keys must be unique/),
      at(`${dir}/course.yaml`, 6, 1, /^YAML-Syntaxfehler: /),
    ]);
  });

  it('reports a folder without course.yaml', async () => {
    const { errors } = await loadCourseFolder(`${BROKEN}/kein-kurs`);
    expect(errors).toEqual([{ file: `${BROKEN}/kein-kurs/course.yaml`, message: expect.stringContaining('course.yaml fehlt') }]);
  });

  it('reports a missing quiz file at the quiz field', async () => {
    const { readFile, mkdtemp, cp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const root = await mkdtemp(path.join(tmpdir(), 'content-'));
    const dir = path.join(root, 'datenschutz-test');
    try {
      await cp(fixture('valid/datenschutz-test'), dir, { recursive: true });
      await rm(path.join(dir, 'quiz.yaml'));
      const { errors } = await loadCourseFolder(dir, { baseDir: root });
      const line = (await readFile(path.join(dir, 'course.yaml'), 'utf8')).split('\n').findIndex((text) => text.startsWith('quiz:')) + 1;
      expect(errors).toEqual([{ file: 'datenschutz-test/course.yaml', line, column: 7, message: 'quiz: Die Quizdatei "datenschutz-test/quiz.yaml" fehlt.' }]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('loading the catalogue', () => {
  it('collects the errors of all folders and returns only the valid courses', async () => {
    const broken = await loadCatalogue(BROKEN);
    expect(broken.checked).toBe(4);
    expect(broken.courses).toEqual([]);
    expect(new Set(broken.errors.map((error: ContentError) => error.file.split('/')[6]))).toEqual(new Set(['kein-kurs', 'kurs-metadaten', 'kurs-quiz', 'kurs-syntax']));
    const valid = await loadCatalogue(VALID);
    expect(valid).toMatchObject({ checked: 1, errors: [], warnings: [] });
    expect(valid.courses.map((course) => course.id)).toEqual(['datenschutz-test']);
  });

  it('reports a missing content folder', async () => {
    expect((await loadCatalogue(`${BROKEN}/gibt-es-nicht`)).errors).toEqual([{ file: `${BROKEN}/gibt-es-nicht`, message: 'Der Inhaltsordner fehlt.' }]);
  });
});

describe('the real training content', () => {
  const folders = readdirSync('training-content', { withFileTypes: true }).filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'));

  it('has course folders', () => {
    expect(folders.length).toBeGreaterThan(0);
  });

  it.each(folders.map((entry) => entry.name))('training-content/%s is a valid course', async (name) => {
    const { course, errors } = await loadCourseFolder(`training-content/${name}`);
    expect(errors.map((error) => `${error.file}:${error.line ?? ''} ${error.message}`)).toEqual([]);
    expect(course?.id).toBe(name);
  });
});

describe('npm run content:check', () => {
  it('prints file:line:column message per problem and a summary, and fails on errors', async () => {
    const lines: string[] = [];
    const code = await contentCheck(BROKEN, { log: (line) => lines.push(line) });
    expect(code).toBe(1);
    expect(lines).toContain(`${BROKEN}/kurs-metadaten/course.yaml:7:11 passMark: Bestehensgrenze (Prozent): höchstens 100.`);
    expect(lines).toContain(`${BROKEN}/kein-kurs/course.yaml course.yaml fehlt: Jeder Kursordner braucht eine Kursbeschreibung.`);
    expect(lines).toContain(`${BROKEN}/kurs-metadaten/lessons/99-vergessen.md Warnung: Die Datei ist in course.yaml nicht als Lektion eingetragen.`);
    expect(lines.at(-1)).toBe('4 Kurse geprüft, 23 Fehler, 1 Warnung');
  });

  it('passes valid content', async () => {
    const lines: string[] = [];
    expect(await contentCheck(VALID, { log: (line) => lines.push(line) })).toBe(0);
    expect(lines).toEqual(['1 Kurs geprüft, 0 Fehler']);
  });

  it('runs as a command with the content folder as argument and exits 1 on errors', () => {
    const run = (dir: string) => spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'infra/cli/content-check.ts', dir], { encoding: 'utf8' });
    const broken = run(BROKEN);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`${BROKEN}/kurs-quiz/quiz.yaml:22:13 questions[2].lesson:`);
    const valid = run(VALID);
    expect(valid.status).toBe(0);
    expect(valid.stdout.trim()).toBe('1 Kurs geprüft, 0 Fehler');
  }, 30_000);
});
