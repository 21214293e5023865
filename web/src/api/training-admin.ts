import type * as z from '#core/zod';
import type { CourseSummary } from '#functions/training/content/view';
import type { publishedCourseSchema } from '#functions/training/content/files';
import type { RowReport } from '#functions/training/employees/csv';
import type { EmployeeView, employeePageSchema } from '#functions/training/employees/view';
import type { GrantAttemptsInput } from '#functions/training/enrolments/schemas';
import type { complianceHistorySchema } from '#functions/training/reports/history';
import type { ComplianceRow, OverdueRow } from '#functions/training/reports/domain';
import type { reminderPageSchema } from '#functions/training/reminders/view';
import type { AssignmentRule, CreateRuleInput } from '#functions/training/rules/domain';
import { api } from './client.ts';

/**
 * The tenant administration's side of the staff training: employees, import, rules, reports, reminders, own courses.
 * Types come from the server's schemas (`z.infer`) or, where a route has none yet, from its domain types.
 */
export type { CourseSummary, EmployeeView, RowReport, ComplianceRow, OverdueRow, AssignmentRule, CreateRuleInput, GrantAttemptsInput };
export type EmployeePage = z.infer<typeof employeePageSchema>;
export type ReminderPage = z.infer<typeof reminderPageSchema>;
export type ComplianceHistory = z.infer<typeof complianceHistorySchema>;
export type PublishedCourse = z.infer<typeof publishedCourseSchema>;

export interface ImportedRow {
  row: number;
  email: string;
  employeeId: string;
  outcome: 'created' | 'updated';
  account: 'invited' | 'existing';
  assigned: number;
}

export interface ImportResult {
  imported: number;
  updated: number;
  invited: number;
  assigned: number;
  rows: ImportedRow[];
  warnings?: string[];
}

const path = (id: string) => encodeURIComponent(id);

export async function employees(query: { department?: string; status?: 'active' | 'deactivated'; cursor?: string; limit?: number }): Promise<EmployeePage> {
  return (await api<EmployeePage>('GET', '/training/employees', { query })).body;
}

export async function employee(id: string): Promise<EmployeeView> {
  return (await api<EmployeeView>('GET', `/training/employees/${path(id)}`)).body;
}

export async function setParticipation(id: string, active: boolean): Promise<EmployeeView> {
  return (await api<EmployeeView>('POST', `/training/employees/${path(id)}/${active ? 'reactivate' : 'deactivate'}`)).body;
}

/** The file as it is (text/csv, UTF-8): all rows or none; a bad row is a 422 whose `rows` extension is the report. */
export async function importEmployees(csv: string): Promise<ImportResult> {
  return (await api<ImportResult>('POST', '/training/employees/import', { raw: { contentType: 'text/csv; charset=utf-8', data: csv } })).body;
}

export async function grantAttempts(employeeId: string, courseId: string, input: GrantAttemptsInput): Promise<void> {
  await api('POST', `/training/employees/${path(employeeId)}/courses/${path(courseId)}/attempts`, { body: input });
}

export async function rules(): Promise<AssignmentRule[]> {
  return (await api<{ items: AssignmentRule[] }>('GET', '/training/rules')).body.items;
}

export async function createRule(input: CreateRuleInput): Promise<{ rule: AssignmentRule; matched: number; assigned: number; alreadyAssigned: number }> {
  return (await api<{ rule: AssignmentRule; matched: number; assigned: number; alreadyAssigned: number }>('POST', '/training/rules', { body: input })).body;
}

export async function deleteRule(id: string): Promise<void> {
  await api('DELETE', `/training/rules/${path(id)}`);
}

export async function courses(): Promise<CourseSummary[]> {
  return (await api<{ items: CourseSummary[] }>('GET', '/training/courses')).body.items;
}

/** A course as the files of its folder (paths relative to it); problems come back at `<file>:<line>`. */
export async function publishCourseFiles(files: Record<string, string>): Promise<PublishedCourse> {
  return (await api<PublishedCourse>('POST', '/training/courses/files', { body: { files } })).body;
}

export async function compliance(): Promise<{ date: string; items: ComplianceRow[] }> {
  return (await api<{ date: string; items: ComplianceRow[] }>('GET', '/training/reports/compliance')).body;
}

/** The same report as the server's CSV for German spreadsheets, with the file name it suggests. */
export async function complianceCsv(): Promise<{ text: string; fileName: string }> {
  const response = await api<string>('GET', '/training/reports/compliance', { headers: { accept: 'text/csv' } });
  const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'schulungsstand.csv';
  return { text: response.body, fileName };
}

export async function overdue(): Promise<{ date: string; items: OverdueRow[] }> {
  return (await api<{ date: string; items: OverdueRow[] }>('GET', '/training/reports/overdue')).body;
}

export async function reminders(cursor?: string): Promise<ReminderPage> {
  return (await api<ReminderPage>('GET', '/training/reminders', { query: { limit: 50, cursor } })).body;
}

export async function complianceHistory(from?: string, to?: string): Promise<ComplianceHistory> {
  return (await api<ComplianceHistory>('GET', '/training/reports/history', { query: { from, to } })).body;
}

export interface Totals {
  assigned: number;
  completed: number;
  overdue: number;
}

/** The completion rate in percent with one decimal, as the server computes it; null when nothing is assigned. */
export function rate(totals: Totals): number | null {
  return totals.assigned > 0 ? Math.round((totals.completed / totals.assigned) * 1000) / 10 : null;
}

/** The report rows summed by one of their keys (course or department),. */
export function totalsBy(rows: readonly ComplianceRow[], key: 'courseId' | 'department'): Map<string, Totals> {
  const totals = new Map<string, Totals>();
  for (const row of rows) {
    const entry = totals.get(row[key]) ?? { assigned: 0, completed: 0, overdue: 0 };
    totals.set(row[key], { assigned: entry.assigned + row.assigned, completed: entry.completed + row.completed, overdue: entry.overdue + row.overdue });
  }
  return totals;
}
