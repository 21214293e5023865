import { MIN_CASES, publishableCounts } from '#functions/reports/small-counts';
import { isOverdue } from '../enrolments/domain.ts';
import type { Employee, Enrolment } from '../model.ts';
import { daysBetween } from '#core/dates';

/**
 * Training reports: pure functions over the counters and the overdue list of the enrolment store, which hold exactly
 * what `complianceStatus` (enrolments/domain.ts) says of every person's latest cycle — the definition the employee
 * list applies. Managers see compliance status only — assigned, done, overdue — never quiz answers, scores, attempts
 * or when someone learnt.
 */
export interface StatsRow {
  courseId: string;
  department: string;
  /** People for whom the course is mandatory (the enrolment store's counters: every latest cycle's `counterShare`). */
  assigned: number;
  /** Of them, those whose latest cycle is completed. */
  completed: number;
}

export interface ComplianceRow extends StatsRow {
  overdue: number;
  /** completed / assigned in percent, one decimal; null when nothing is assigned. */
  rate: number | null;
}

export function completionRate(completed: number, assigned: number): number | null {
  if (assigned <= 0) return null;
  return Math.round((completed / assigned) * 1000) / 10;
}

/** Per course and department: the counters, joined with the number of overdue enrolments. */
export function complianceRows(stats: readonly StatsRow[], overdue: readonly Pick<Enrolment, 'courseId' | 'department'>[]): ComplianceRow[] {
  const rows = new Map<string, ComplianceRow>();
  const row = (courseId: string, department: string) => {
    const key = JSON.stringify([courseId, department]);
    let existing = rows.get(key);
    if (!existing) {
      existing = { courseId, department, assigned: 0, completed: 0, overdue: 0, rate: null };
      rows.set(key, existing);
    }
    return existing;
  };
  for (const stat of stats) {
    const target = row(stat.courseId, stat.department);
    target.assigned += stat.assigned;
    target.completed += stat.completed;
  }
  for (const enrolment of overdue) row(enrolment.courseId, enrolment.department).overdue += 1;
  return [...rows.values()]
    .map((entry) => ({ ...entry, rate: completionRate(entry.completed, entry.assigned) }))
    .sort((a, b) => a.courseId.localeCompare(b.courseId, 'de') || a.department.localeCompare(b.department, 'de'));
}

/**
 * One CSV field. Quoted when it contains the separator, a quote or a line break; a leading `=`, `+`, `-`, `@`, tab or
 * carriage return is neutralised with `'` — department names come from an uploaded file, and a spreadsheet would
 * otherwise run them as formulas (CSV injection).
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `85,7 %` — the German way, which a German spreadsheet reads as a percentage. */
export function germanPercent(rate: number | null): string | null {
  return rate === null ? null : `${rate.toFixed(1).replace('.', ',')} %`;
}

/**
 * Whether an `Accept` header asks for CSV rather than JSON: `text/csv` listed with a quality above that of
 * `application/json` (JSON stays the default: no header, a wildcard, or a tie).
 */
export function prefersCsv(accept: string | undefined): boolean {
  const quality = (mediaType: string) => {
    for (const entry of (accept ?? '').split(',')) {
      const [type, ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
      if (type !== mediaType) continue;
      const q = parameters.find((parameter) => parameter.startsWith('q='));
      const value = q === undefined ? 1 : Number(q.slice(2));
      return Number.isFinite(value) ? value : 0;
    }
    return 0;
  };
  return quality('text/csv') > quality('application/json');
}

export const COMPLIANCE_CSV_HEADER = ['Kurs', 'Abteilung', 'Zugewiesen', 'Abgeschlossen', 'Überfällig', 'Quote'] as const;

/**
 * The compliance report as CSV for German spreadsheets: `;` as separator, CRLF line ends, and a UTF-8 byte order
 * mark — without it Excel reads the file as Windows-1252 and shows "Ãœberfällig".
 */
export function complianceCsv(rows: readonly ComplianceRow[]): string {
  const lines = [
    COMPLIANCE_CSV_HEADER.join(';'),
    ...rows.map((row) =>
      [row.courseId, row.department, row.assigned, row.completed, row.overdue, germanPercent(row.rate)].map(csvField).join(';'),
    ),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export interface OverdueRow {
  employeeId: string;
  employeeName: string;
  department: string;
  courseId: string;
  dueDate: string;
  daysOverdue: number;
}

/** The overdue list, longest overdue first. An enrolment whose employee record is gone still shows up. */
export function overdueRows(enrolments: readonly Enrolment[], employees: ReadonlyMap<string, Pick<Employee, 'name'>>, today: string): OverdueRow[] {
  return enrolments
    .filter((enrolment): enrolment is Enrolment & { dueDate: string } => isOverdue(enrolment, today))
    .map((enrolment) => ({
      employeeId: enrolment.employeeId,
      employeeName: employees.get(enrolment.employeeId)?.name ?? '(nicht mehr in der Beschäftigtenliste)',
      department: enrolment.department,
      courseId: enrolment.courseId,
      dueDate: enrolment.dueDate,
      daysOverdue: daysBetween(enrolment.dueDate, today),
    }))
    .sort(
      (a, b) =>
        b.daysOverdue - a.daysOverdue ||
        a.department.localeCompare(b.department, 'de') ||
        a.employeeName.localeCompare(b.employeeName, 'de') ||
        a.courseId.localeCompare(b.courseId),
    );
}

/**
 * Small-count suppression for the county (`functions/reports/small-counts.ts`): no value based on fewer than three
 * people, and none from which such a value follows by subtraction. In a municipality of 40 employees "1 of 12 overdue"
 * names a person; the county needs the picture, not the person.
 */
export const MIN_GROUP_SIZE = MIN_CASES;

export const SUPPRESSION_NOTE =
  `Werte, die auf weniger als ${MIN_GROUP_SIZE} Beschäftigten beruhen oder aus denen sich eine solche Zahl errechnen ließe, ` +
  'werden nicht ausgewiesen (null), damit in kleinen Kommunen keine Einzelpersonen erkennbar sind. Summen über Kommunen werden deshalb nicht gebildet.';

export interface CountyCell {
  tenantId: string;
  courseId: string;
  assigned: number | null;
  completed: number | null;
  overdue: number | null;
  rate: number | null;
  /** The whole cell is withheld (fewer than three people assigned); single values may be withheld in any cell. */
  suppressed: boolean;
}

/**
 * Per municipality and course: aggregates over all departments, never a person. Counts only — the input of a tenant is
 * its counters and the course ids of its overdue enrolments, so no name or id can reach the output. The assigned
 * people split into completed, overdue and the rest (open, not yet due); each published count stems from at least
 * three people and none reveals a smaller group by subtraction; the rate is shown only with its completed count. No
 * county-wide totals: a total minus the visible cells would give the suppressed cell back.
 */
export function countyCells(
  tenants: ReadonlyArray<{ tenantId: string; stats: readonly StatsRow[]; overdueCourseIds: readonly string[] }>,
): CountyCell[] {
  const cells: CountyCell[] = [];
  for (const tenant of tenants) {
    const perCourse = new Map<string, { assigned: number; completed: number; overdue: number }>();
    const course = (courseId: string) => {
      let entry = perCourse.get(courseId);
      if (!entry) {
        entry = { assigned: 0, completed: 0, overdue: 0 };
        perCourse.set(courseId, entry);
      }
      return entry;
    };
    for (const stat of tenant.stats) {
      const entry = course(stat.courseId);
      entry.assigned += stat.assigned;
      entry.completed += stat.completed;
    }
    for (const courseId of tenant.overdueCourseIds) course(courseId).overdue += 1;
    for (const [courseId, counts] of perCourse) {
      // Completed first: the completion rate is what the county steers by; overdue goes first when one must go.
      const published = publishableCounts(counts.assigned, [['completed', counts.completed], ['overdue', counts.overdue]]);
      const { completed, overdue } = published.parts;
      cells.push({
        tenantId: tenant.tenantId,
        courseId,
        assigned: published.total,
        completed,
        overdue,
        rate: completed === null ? null : completionRate(completed, counts.assigned),
        suppressed: published.total === null,
      });
    }
  }
  return cells.sort((a, b) => a.tenantId.localeCompare(b.tenantId) || a.courseId.localeCompare(b.courseId));
}
