import { CsvError, parse } from 'csv-parse/sync';
import * as z from '#core/zod';

/**
 * The employee CSV of a municipality, read and checked without touching anything: pure, no AWS.
 *
 * - Columns `name,email,department,role,startDate` in any order, header row required; the German headings
 *   `Name;E-Mail;Abteilung;Rolle;Eintrittsdatum` are accepted as well. Other columns are refused: the module must not
 *   receive personal data it does not need (Art. 5 (1) c DSGVO), e.g. a personnel number or a birth date.
 * - `;` or `,` as separator, decided by the header row (German Excel writes `;`); quoted fields; UTF-8 with or without
 *   BOM; Windows or Unix line ends; blank lines are skipped.
 * - Dates `YYYY-MM-DD` or `TT.MM.JJJJ` (also `T.M.JJJJ`).
 * - At most 100 data rows (one DynamoDB transaction).
 *
 * `row` in every result is the line of the file the record starts on (the header is line 1), the number a person
 * sees in a text editor, not the index of the record.
 */
export const MAX_IMPORT_ROWS = 100;

export const CSV_COLUMNS = ['name', 'email', 'department', 'role', 'startDate'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

const HEADER_ALIASES: Record<string, CsvColumn> = {
  name: 'name',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  department: 'department',
  abteilung: 'department',
  role: 'role',
  rolle: 'role',
  funktion: 'role',
  startdate: 'startDate',
  'start-date': 'startDate',
  eintrittsdatum: 'startDate',
  eintritt: 'startDate',
};

export interface ImportRow {
  /** Line of the file. */
  row: number;
  name: string;
  email: string;
  department: string;
  jobRole: string;
  startDate: string;
}

export interface RowError {
  column?: CsvColumn;
  message: string;
}

export interface RowReport {
  row: number;
  email?: string;
  errors: RowError[];
}

export type CsvResult = { ok: true; rows: ImportRow[] } | { ok: false; rows: RowReport[] };

function calendarDate(year: number, month: number, day: number): string | undefined {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return date.toISOString().slice(0, 10);
}

/** `2026-04-01` or `01.04.2026` / `1.4.2026` → `2026-04-01`; undefined when it is no real date. */
export function parseDate(value: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (iso) return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  if (german) return calendarDate(Number(german[3]), Number(german[2]), Number(german[1]));
  return undefined;
}

const noHash = (label: string) => z.refine<string>((value) => !value.includes('#'), `${label} darf das Zeichen „#“ nicht enthalten.`);

const text = (label: string, max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1, { error: `${label} fehlt.`, abort: true }),
    z.maxLength(max, `${label} darf höchstens ${max} Zeichen lang sein.`),
  );

const rowSchema = z.object({
  name: text('Der Name', 200),
  email: z.string().check(
    z.trim(),
    z.toLowerCase(),
    z.minLength(1, { error: 'Die E-Mail-Adresse fehlt.', abort: true }),
    z.maxLength(254, 'Die E-Mail-Adresse ist zu lang.'),
    z.email('Die E-Mail-Adresse ist ungültig.'),
  ),
  department: text('Die Abteilung', 100).check(noHash('Die Abteilung')),
  role: text('Die Rolle', 100).check(noHash('Die Rolle')),
  startDate: z.string().check(
    z.trim(),
    z.minLength(1, { error: 'Das Eintrittsdatum fehlt.', abort: true }),
    z.refine((value) => parseDate(value) !== undefined, 'Das Eintrittsdatum ist kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ).'),
  ),
});

/** The separator of the file: the one the header row uses (`;` wins, headings never contain either). */
export function detectDelimiter(headerLine: string): ';' | ',' {
  return headerLine.includes(';') || !headerLine.includes(',') ? ';' : ',';
}

interface ParsedRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/** The line a record starts on: where it ends, minus the line breaks inside it (a quoted field may span lines). */
function startLine(parsed: ParsedRecord): number {
  const inner = parsed.raw.replace(/^\n+/, '').replace(/\n$/, '');
  return parsed.info.lines - (inner.match(/\n/g)?.length ?? 0);
}

function headerErrors(header: string[]): { columns: Map<CsvColumn, number>; errors: RowError[] } {
  const columns = new Map<CsvColumn, number>();
  const errors: RowError[] = [];
  header.forEach((heading, index) => {
    const column = HEADER_ALIASES[heading.trim().toLowerCase()];
    if (!column) {
      errors.push({ message: `Unbekannte Spalte „${heading.trim()}“. Erlaubt sind: ${CSV_COLUMNS.join(', ')}.` });
    } else if (columns.has(column)) {
      errors.push({ column, message: `Die Spalte „${column}“ kommt mehrfach vor.` });
    } else {
      columns.set(column, index);
    }
  });
  for (const column of CSV_COLUMNS) {
    if (!columns.has(column)) errors.push({ column, message: `Die Spalte „${column}“ fehlt in der Kopfzeile.` });
  }
  return { columns, errors };
}

export function parseEmployeeCsv(content: string): CsvResult {
  const normalized = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const firstLine = normalized.split('\n').find((line) => line.trim() !== '') ?? '';
  if (firstLine === '') return { ok: false, rows: [{ row: 1, errors: [{ message: 'Die Datei ist leer.' }] }] };

  let records: ParsedRecord[];
  try {
    records = parse(normalized, {
      delimiter: detectDelimiter(firstLine),
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1;
      return { ok: false, rows: [{ row: line, errors: [{ message: `Die Datei ist kein gültiges CSV (Zeile ${line}): bitte Anführungszeichen prüfen.` }] }] };
    }
    throw error;
  }

  const [header, ...data] = records;
  const { columns, errors } = headerErrors(header!.record);
  if (errors.length > 0) return { ok: false, rows: [{ row: startLine(header!), errors }] };
  if (data.length === 0) return { ok: false, rows: [{ row: 2, errors: [{ message: 'Die Datei enthält keine Datenzeilen.' }] }] };
  if (data.length > MAX_IMPORT_ROWS) {
    return {
      ok: false,
      rows: [{ row: startLine(data[MAX_IMPORT_ROWS]!), errors: [{ message: `Höchstens ${MAX_IMPORT_ROWS} Beschäftigte je Import; die Datei enthält ${data.length}. Bitte teilen Sie die Datei auf.` }] }],
    };
  }

  const rows: ImportRow[] = [];
  const reports: RowReport[] = [];
  const firstLineOfEmail = new Map<string, number>();
  for (const parsed of data) {
    const row = startLine(parsed);
    const cells = parsed.record;
    const value = (column: CsvColumn) => cells[columns.get(column)!] ?? '';
    const rowErrors: RowError[] = [];
    if (cells.length !== header!.record.length) {
      rowErrors.push({ message: `Die Zeile hat ${cells.length} Spalten, die Kopfzeile ${header!.record.length}.` });
    }
    const result = z.safeParse(rowSchema, Object.fromEntries(CSV_COLUMNS.map((column) => [column, value(column)])));
    const email = result.success ? result.data.email : value('email').trim().toLowerCase() || undefined;
    if (!result.success) {
      for (const issue of result.error.issues) {
        rowErrors.push({ column: issue.path[0] as CsvColumn, message: issue.message });
      }
    }
    if (email) {
      const earlier = firstLineOfEmail.get(email);
      if (earlier !== undefined) rowErrors.push({ column: 'email', message: `Die E-Mail-Adresse steht bereits in Zeile ${earlier}.` });
      else firstLineOfEmail.set(email, row);
    }
    if (rowErrors.length > 0 || !result.success) {
      reports.push({ row, ...(email ? { email } : {}), errors: rowErrors });
      continue;
    }
    const { name, department, role, startDate } = result.data;
    rows.push({ row, name, email: result.data.email, department, jobRole: role, startDate: parseDate(startDate)! });
  }
  return reports.length > 0 ? { ok: false, rows: reports } : { ok: true, rows };
}
