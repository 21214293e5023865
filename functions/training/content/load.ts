import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import * as z from '#core/zod';
import type { Course, Lesson, QuizQuestion } from '../model.ts';
import {
  courseFileSchema,
  lessonChecks,
  MAX_COURSE_BYTES,
  MAX_LESSON_CHARS,
  quizFileSchema,
  type CourseFile,
  type CrossIssue,
  type QuizFile,
} from './schema.ts';

/**
 * Loads the county catalogue from `training-content/<course-id>/` (course.yaml, quiz.yaml, lessons/*.md) and reports
 * every problem with the file (relative to `baseDir`, the repository when run from its root) and the line and column
 * of the offending YAML node, so that a content author can jump straight to it.
 *
 * The same checks run over a course sent as files (`checkCourseFiles`: a tenant admin uploads a course folder), with
 * paths relative to the course folder — one checker for the county's files and the tenants' uploads.
 *
 * The loader does not stop at the first problem: schema, cross-references, lesson files and headings are all
 * checked, as far as the broken parts allow.
 */
export interface ContentError {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface LoadOptions {
  /** Paths in errors are relative to this directory (default: the working directory). */
  baseDir?: string;
}

export interface CourseFolderResult {
  /** Only when there is no error. */
  course?: Course;
  errors: ContentError[];
  /** Worth fixing, but they do not fail the build (e.g. a lesson no question asks about). */
  warnings: ContentError[];
}

export interface CatalogueResult {
  courses: Course[];
  /** How many course folders were checked (valid or not). */
  checked: number;
  errors: ContentError[];
  warnings: ContentError[];
}

const COURSE_FILE = 'course.yaml';

/**
 * The files of one course folder, by their path relative to the folder (`lessons/01.md`): on disk, or uploaded.
 * `display` is how a path appears in a problem report.
 */
interface CourseFiles {
  display(relative: string): string;
  read(relative: string): Promise<string | undefined>;
  /** The names of the files directly in a subfolder (none when it does not exist). */
  list(folder: string): Promise<string[]>;
  /** The id the course must have (a folder's name), if any. */
  expectedId?: string;
}

function folderFiles(dir: string, baseDir: string): CourseFiles {
  return {
    display: (relative) => displayPath(path.join(dir, relative), baseDir),
    read: (relative) => readText(path.join(dir, relative)),
    list: async (folder) => {
      try {
        return await readdir(path.join(dir, folder));
      } catch {
        return [];
      }
    },
    expectedId: path.basename(path.resolve(dir)),
  };
}

function memoryFiles(files: ReadonlyMap<string, string>): CourseFiles {
  return {
    display: (relative) => relative,
    read: async (relative) => files.get(relative),
    list: async (folder) => [...files.keys()].filter((name) => name.startsWith(`${folder}/`) && !name.slice(folder.length + 1).includes('/')).map((name) => name.slice(folder.length + 1)),
  };
}

interface YamlSource {
  file: string;
  doc: Document;
  lines: LineCounter;
}

interface Report {
  errors: ContentError[];
  warnings: ContentError[];
}

function displayPath(absolute: string, baseDir: string): string {
  const relative = path.relative(baseDir, absolute) || '.';
  return relative.split(path.sep).join('/');
}

async function readText(absolute: string): Promise<string | undefined> {
  try {
    return await readFile(absolute, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw error;
  }
}

/** Parses a YAML file; syntax errors are reported and leave no document. */
function parseYaml(text: string, file: string, report: Report): YamlSource | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  for (const warning of doc.warnings) report.warnings.push(yamlProblem(file, warning));
  if (doc.errors.length > 0) {
    for (const error of doc.errors) report.errors.push(yamlProblem(file, error));
    return undefined;
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    report.errors.push({ file, line: 1, column: 1, message: 'Die Datei ist leer.' });
    return undefined;
  }
  return { file, doc, lines };
}

function yamlProblem(file: string, problem: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }): ContentError {
  // With prettyErrors the message carries a code excerpt after the first line; the position is in linePos.
  const message = `YAML-Syntaxfehler: ${problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`;
  const pos = problem.linePos?.[0];
  return pos ? { file, line: pos.line, column: pos.col, message } : { file, message };
}

/**
 * The node at `path` (or the deepest existing ancestor, e.g. the map in which a required key is missing). With
 * `key`, the last segment names a key of a map and its key node is returned (for "unknown field").
 */
function nodeAt(doc: Document, segments: ReadonlyArray<PropertyKey>, key = false): YamlNode | undefined {
  let node: unknown = doc.contents;
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index];
    const last = index === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      if (last && key) return pair.key as YamlNode;
      // `title:` without a value has no value node; point at the key then.
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      node = item;
    } else {
      break;
    }
  }
  return node as YamlNode | undefined;
}

function locate(source: YamlSource, segments: ReadonlyArray<PropertyKey>, key = false): ContentError {
  const node = nodeAt(source.doc, segments, key);
  const offset = node?.range?.[0];
  if (offset === undefined) return { file: source.file, line: 1, column: 1, message: '' };
  const { line, col } = source.lines.linePos(offset);
  return { file: source.file, line, column: col, message: '' };
}

/** `lessons[2].title` — how an author finds the field in the file. */
function fieldName(segments: ReadonlyArray<PropertyKey>): string {
  return segments.reduce<string>((name, segment) => (typeof segment === 'number' ? `${name}[${segment}]` : name ? `${name}.${String(segment)}` : String(segment)), '');
}

function withField(segments: ReadonlyArray<PropertyKey>, message: string): string {
  const name = fieldName(segments);
  return name ? `${name}: ${message}` : message;
}

/** Validates a parsed YAML document; every zod issue becomes an error at its node. */
function validate<S extends z.ZodMiniType>(schema: S, source: YamlSource, report: Report): z.infer<S> | undefined {
  const result = z.safeParse(schema, source.doc.toJS());
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const segments = [...issue.path, key];
        report.errors.push({ ...locate(source, segments, true), message: withField(segments, 'Unbekanntes Feld.') });
      }
    } else {
      report.errors.push({ ...locate(source, issue.path), message: withField(issue.path, issue.message) });
    }
  }
  return undefined;
}

function crossIssue(issue: CrossIssue, course: YamlSource, quiz: YamlSource | undefined, report: Report): void {
  const source = issue.path[0] === 'questions' ? quiz : course;
  if (!source) return;
  const target = issue.severity === 'error' ? report.errors : report.warnings;
  target.push({ ...locate(source, issue.path), message: withField(issue.path, issue.message) });
}

function at(source: YamlSource, segments: ReadonlyArray<PropertyKey>, message: string): ContentError {
  return { ...locate(source, segments), message: withField(segments, message) };
}

/**
 * A path from a course file, relative to the course folder and normalised (`./lessons//a.md` → `lessons/a.md`); undefined
 * when it would leave the folder (the schema refuses `..` too; this is the guard).
 */
function insideFolder(relative: string): string | undefined {
  const normalised = path.posix.normalize(relative.replaceAll('\\', '/'));
  return normalised.startsWith('../') || normalised === '..' || normalised.startsWith('/') || normalised === '.' ? undefined : normalised;
}

/** Reads a lesson: the first non-empty line is `# <title>`, equal to the title in course.yaml; the rest is the body. */
async function readLesson(files: CourseFiles, entry: Record<string, unknown>, index: number, source: YamlSource, report: Report): Promise<Lesson | undefined> {
  if (typeof entry.file !== 'string') return undefined;
  const relative = insideFolder(entry.file);
  if (!relative) return undefined; // reported by the schema
  const file = files.display(relative);
  const markdown = await files.read(relative);
  if (markdown === undefined) {
    const hint = !entry.file.includes('/') && (await files.read(`lessons/${relative}`)) !== undefined ? ` Meinten Sie "lessons/${entry.file}"? Pfade gelten relativ zum Kursordner.` : '';
    report.errors.push(at(source, ['lessons', index, 'file'], `Die Lektionsdatei "${file}" fehlt.${hint}`));
    return undefined;
  }
  const lines = markdown.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headingIndex = lines.findIndex((line) => line.trim() !== '');
  const heading = headingIndex >= 0 ? /^#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/.exec(lines[headingIndex]!) : null;
  const title = typeof entry.title === 'string' ? entry.title.trim() : undefined;
  let ok = true;
  if (!heading) {
    report.errors.push({
      file,
      line: Math.max(headingIndex, 0) + 1,
      column: 1,
      message: `Die Lektion beginnt nicht mit ihrem Titel als Überschrift ("# ${title ?? '<Titel>'}").`,
    });
    ok = false;
  } else if (title !== undefined && heading[1]!.trim() !== title) {
    report.errors.push({
      file,
      line: headingIndex + 1,
      column: 1,
      message: `Die Überschrift "${heading[1]!.trim()}" stimmt nicht mit dem Lektionstitel in ${COURSE_FILE} überein ("${title}").`,
    });
    ok = false;
  }
  const body = lines.slice(headingIndex + 1).join('\n').trim();
  if (heading && body === '') {
    report.errors.push({ file, line: headingIndex + 1, column: 1, message: 'Die Lektion hat außer der Überschrift keinen Text.' });
    ok = false;
  }
  if (body.length > MAX_LESSON_CHARS) {
    report.errors.push({ file, line: 1, column: 1, message: `Die Lektion ist zu lang (${body.length} Zeichen, höchstens ${MAX_LESSON_CHARS}). Bitte aufteilen.` });
    ok = false;
  }
  return ok && typeof entry.id === 'string' && title !== undefined ? { id: entry.id, title, body } : undefined;
}

/** Markdown files in `lessons/` that course.yaml does not list: probably forgotten. */
async function unlistedLessons(files: CourseFiles, listed: Set<string>, report: Report): Promise<void> {
  for (const name of (await files.list('lessons')).sort()) {
    const relative = `lessons/${name}`;
    if (name.endsWith('.md') && !listed.has(relative)) {
      report.warnings.push({ file: files.display(relative), message: `Die Datei ist in ${COURSE_FILE} nicht als Lektion eingetragen.` });
    }
  }
}

function toCourse(meta: CourseFile, lessons: Lesson[], quiz: QuizFile): Course {
  const questions: QuizQuestion[] = quiz.questions.map((question) => ({
    id: question.id,
    type: question.type,
    lesson: question.lesson,
    text: question.text,
    options: question.options.map((option) => ({ id: option.id, text: option.text, correct: option.correct === true })),
    explanation: question.explanation,
  }));
  return {
    id: meta.id,
    version: meta.version,
    title: meta.title,
    description: meta.description,
    audience: [...meta.audience],
    estimatedMinutes: meta.estimatedMinutes,
    passMark: meta.passMark,
    attemptsAllowed: meta.attemptsAllowed,
    validityMonths: meta.validityMonths,
    tags: [...meta.tags],
    language: meta.language,
    lessons,
    questions,
    sources: meta.sources.map((source) => (source.url === undefined ? { title: source.title } : { title: source.title, url: source.url })),
    owner: 'county',
  };
}

/** Loads and checks one course folder. */
export async function loadCourseFolder(dir: string, options: LoadOptions = {}): Promise<CourseFolderResult> {
  return sorted(await checkCourse(folderFiles(dir, options.baseDir ?? process.cwd())));
}

/**
 * Checks a course sent as files — `course.yaml`, the quiz and the lessons by their path relative to the course folder —
 * exactly as `npm run content:check` checks a folder; problems name those paths. The course is `owner: 'county'` and
 * carries the version of its course.yaml, like a folder's: the caller decides what it becomes.
 */
export async function checkCourseFiles(files: ReadonlyMap<string, string>): Promise<CourseFolderResult> {
  return sorted(await checkCourse(memoryFiles(files)));
}

function sorted(result: CourseFolderResult): CourseFolderResult {
  result.errors.sort(byPosition);
  result.warnings.sort(byPosition);
  return result;
}

function byPosition(a: ContentError, b: ContentError): number {
  return a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

async function checkCourse(files: CourseFiles): Promise<CourseFolderResult> {
  const report: Report = { errors: [], warnings: [] };
  const courseFile = files.display(COURSE_FILE);

  const courseText = await files.read(COURSE_FILE);
  if (courseText === undefined) {
    report.errors.push({ file: courseFile, message: `${COURSE_FILE} fehlt: Jeder Kursordner braucht eine Kursbeschreibung.` });
    return report;
  }
  const courseSource = parseYaml(courseText, courseFile, report);
  if (!courseSource) return report;
  const meta = validate(courseFileSchema, courseSource, report);
  const raw = courseSource.doc.toJS() as Record<string, unknown>;

  if (typeof raw.id === 'string' && files.expectedId !== undefined && raw.id !== files.expectedId) {
    report.errors.push(at(courseSource, ['id'], `Die Kurs-ID "${raw.id}" muss dem Ordnernamen "${files.expectedId}" entsprechen.`));
  }

  // Lessons: read every listed file, as far as the entries allow, even when course.yaml has other errors.
  const entries = Array.isArray(raw.lessons) ? raw.lessons : [];
  const listed = new Set<string>();
  const lessons: Array<Lesson | undefined> = [];
  for (const [index, entry] of entries.entries()) {
    if (typeof entry !== 'object' || entry === null) {
      lessons.push(undefined);
      continue;
    }
    const record = entry as Record<string, unknown>;
    const relative = typeof record.file === 'string' ? insideFolder(record.file) : undefined;
    if (relative !== undefined) listed.add(relative);
    lessons.push(await readLesson(files, record, index, courseSource, report));
  }
  await unlistedLessons(files, listed, report);

  // Quiz.
  let quizSource: YamlSource | undefined;
  let quiz: QuizFile | undefined;
  let rawQuiz: Record<string, unknown> | undefined;
  if (typeof raw.quiz === 'string') {
    const relative = insideFolder(raw.quiz);
    if (relative) {
      const quizFile = files.display(relative);
      const quizText = await files.read(relative);
      if (quizText === undefined) {
        report.errors.push(at(courseSource, ['quiz'], `Die Quizdatei "${quizFile}" fehlt.`));
      } else {
        quizSource = parseYaml(quizText, quizFile, report);
        if (quizSource) {
          quiz = validate(quizFileSchema, quizSource, report);
          const value: unknown = quizSource.doc.toJS();
          rawQuiz = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
        }
      }
    }
  }

  for (const issue of lessonChecks({ lessons: raw.lessons, questions: rawQuiz?.questions })) crossIssue(issue, courseSource, quizSource, report);

  if (report.errors.length > 0 || !meta || !quiz || lessons.some((lesson) => lesson === undefined)) return report;
  const course = toCourse(meta, lessons as Lesson[], quiz);
  const bytes = Buffer.byteLength(JSON.stringify(course), 'utf8');
  if (bytes > MAX_COURSE_BYTES) {
    report.errors.push({
      file: courseFile,
      line: 1,
      column: 1,
      message: `Der Kurs ist zu groß (${Math.round(bytes / 1000)} kB, höchstens ${MAX_COURSE_BYTES / 1000} kB), um als Version gespeichert zu werden. Bitte kürzen oder aufteilen.`,
    });
    return report;
  }
  return { course, ...report };
}

/** Loads every course folder below `rootDir` (folders starting with `.` or `_` are skipped). */
export async function loadCatalogue(rootDir: string, options: LoadOptions = {}): Promise<CatalogueResult> {
  const baseDir = options.baseDir ?? process.cwd();
  const result: CatalogueResult = { courses: [], checked: 0, errors: [], warnings: [] };
  let folders: string[];
  try {
    const entries = await readdir(rootDir, { withFileTypes: true });
    folders = entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !entry.name.startsWith('_'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
    result.errors.push({ file: displayPath(path.resolve(rootDir), baseDir), message: 'Der Inhaltsordner fehlt.' });
    return result;
  }
  if (folders.length === 0) {
    result.errors.push({ file: displayPath(path.resolve(rootDir), baseDir), message: 'Der Inhaltsordner enthält keine Kurse.' });
    return result;
  }
  result.checked = folders.length;
  for (const folder of folders) {
    const loaded = await loadCourseFolder(path.join(rootDir, folder), { baseDir });
    result.errors.push(...loaded.errors);
    result.warnings.push(...loaded.warnings);
    if (loaded.course) result.courses.push(loaded.course);
  }
  return result;
}

/** How the CLI and error messages print a problem: `file:line:column message`. */
export function formatContentError(error: ContentError): string {
  const position = error.line === undefined ? '' : `:${error.line}${error.column === undefined ? '' : `:${error.column}`}`;
  return `${error.file}${position} ${error.message}`;
}
