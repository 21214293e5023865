import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatContentError, loadCatalogue } from '../../functions/training/content/load.ts';

/**
 * Checks the training content (the county's course catalogue) before it is built or deployed:
 *
 *   npm run content:check [-- <content-dir>]      (default: training-content/)
 *
 * Prints one line per problem, `file:line:column message` (sorted by file and line, so editors and CI annotate them),
 * then a summary; exits with 1 when there are errors. Warnings are printed but do not fail.
 */
export async function contentCheck(
  dir: string,
  out: { log: (line: string) => void } = console,
): Promise<number> {
  const { checked, errors, warnings } = await loadCatalogue(dir);
  const problems = [
    ...errors.map((error) => ({ ...error, text: formatContentError(error) })),
    ...warnings.map((warning) => ({ ...warning, text: formatContentError({ ...warning, message: `Warnung: ${warning.message}` }) })),
  ].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  for (const problem of problems) out.log(problem.text);
  const summary = [`${checked} ${checked === 1 ? 'Kurs' : 'Kurse'} geprüft`, `${errors.length} Fehler`];
  if (warnings.length > 0) summary.push(`${warnings.length} ${warnings.length === 1 ? 'Warnung' : 'Warnungen'}`);
  out.log(summary.join(', '));
  return errors.length > 0 ? 1 : 0;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const dir = process.argv[2] ?? 'training-content';
  contentCheck(dir).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
