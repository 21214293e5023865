import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compileCatalogue } from '../../functions/training/content/compiled.ts';
import { formatContentError, loadCatalogue } from '../../functions/training/content/load.ts';

/**
 * Checks the training content (the county's course catalogue) before it is built or deployed:
 *
 *   npm run content:check [-- <content-dir>] [--out <file>]      (default: training-content/)
 *
 * Prints one line per problem, `file:line:column message` (sorted by file and line, so editors and CI annotate them),
 * then a summary; exits with 1 when there are errors. Warnings are printed but do not fail.
 *
 * `--out`: when there is no error, also writes the compiled catalogue (JSON, `functions/training/content/compiled.ts`)
 * to this file, which the deployed functions read instead of the YAML files. `ProjectFunction` runs this for every
 * function that ships the training content, so invalid content fails the build.
 */
export async function contentCheck(
  dir: string,
  out: { log: (line: string) => void } = console,
  options: { compileTo?: string } = {},
): Promise<number> {
  const { checked, courses, errors, warnings } = await loadCatalogue(dir);
  const problems = [
    ...errors.map((error) => ({ ...error, text: formatContentError(error) })),
    ...warnings.map((warning) => ({ ...warning, text: formatContentError({ ...warning, message: `Warnung: ${warning.message}` }) })),
  ].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  for (const problem of problems) out.log(problem.text);
  const summary = [`${checked} ${checked === 1 ? 'Kurs' : 'Kurse'} geprüft`, `${errors.length} Fehler`];
  if (warnings.length > 0) summary.push(`${warnings.length} ${warnings.length === 1 ? 'Warnung' : 'Warnungen'}`);
  out.log(summary.join(', '));
  if (errors.length > 0) return 1;
  if (options.compileTo !== undefined) {
    await mkdir(path.dirname(options.compileTo), { recursive: true });
    await writeFile(options.compileTo, compileCatalogue(courses), 'utf8');
  }
  return 0;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
  const dir = positionals[0] ?? 'training-content';
  contentCheck(dir, console, values.out === undefined ? {} : { compileTo: path.resolve(values.out) }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
