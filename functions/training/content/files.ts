/**
 * A course sent as the files of its folder (`POST /training/courses/files`): what a tenant admin uploads — the same
 * `course.yaml`, `quiz.yaml` and `lessons/*.md` as the county's `training-content/`, checked by the same loader as
 * `npm run content:check`. Problems come back as problem details whose `field` is `<file>:<line>` (the file relative to
 * the course folder), so the page shows exactly what the command prints.
 */
import * as z from '#core/zod';
import type { FieldError } from '#core/problem';
import { courseSummarySchema } from './view.ts';
import type { ContentError } from './load.ts';

/** Files of one course folder: course.yaml, a quiz, up to 30 lessons — and a few others (ignored) at most. */
export const MAX_COURSE_FILES = 40;

/** Relative to the course folder: no leading `/`, no `.` or `..` segment, no backslash, at most 200 characters. */
const FILE_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[^\\\0]{1,200}$/;

export const courseFilesSchema = z.strictObject({
  files: z.record(z.string(), z.string().check(z.maxLength(250_000, 'Die Datei ist zu groß.'))).check(
    z.refine((files) => Object.keys(files).length > 0, 'Bitte die Dateien des Kursordners senden (mindestens course.yaml).'),
    z.refine((files) => Object.keys(files).length <= MAX_COURSE_FILES, `Höchstens ${MAX_COURSE_FILES} Dateien je Kurs.`),
    // Checked here rather than as the record's key schema, so that the message names the file (a key schema's own
    // message is replaced by a generic one).
    z.superRefine((files, context) => {
      for (const name of Object.keys(files).filter((candidate) => !FILE_PATH.test(candidate))) {
        context.issues.push({ code: 'custom', input: name, path: [name], message: 'Dateipfade sind relativ zum Kursordner, ohne „..“ (z. B. "lessons/01-einfuehrung.md").' });
      }
    }),
  ),
});

/** `201`: the published course, with the checker's warnings as `file:line message` lines. */
export const publishedCourseSchema = z.extend(courseSummarySchema, { warnings: z.optional(z.array(z.string())) });

/** `file:line` — where a problem is; only the file when it is about the file as a whole (e.g. a missing one). */
export function problemField(error: Pick<ContentError, 'file' | 'line'>): string {
  return error.line === undefined ? error.file : `${error.file}:${error.line}`;
}

export function fieldErrorsOf(errors: readonly ContentError[]): FieldError[] {
  return errors.map((error) => ({ field: problemField(error), message: error.message }));
}
