import type * as z from '#core/zod';
import type { importRefusedSchema } from '#functions/training/admin-views';
import type { CreateRuleInput } from '#functions/training/rules/domain';
import { api } from './client.ts';
import { call, type Answer, type RequestBody } from './call.ts';
import { attachmentName } from '../download.ts';

/**
 * The tenant administration's side of the staff training: employees, import, rules, reports, reminders, own courses —
 * typed by the API contract (`call`).
 */
export type EmployeePage = Answer<'GET /training/employees'>;
export type EmployeeView = Answer<'GET /training/employees/{id}'>;
export type ImportResult = Answer<'POST /training/employees/import'>;
/** One bad row of a refused import (the 422's `rows` extension). */
export type RowReport = z.infer<typeof importRefusedSchema>['rows'][number];
export type AssignmentRule = Answer<'GET /training/rules'>['items'][number];
export type CourseSummary = Answer<'GET /training/courses'>['items'][number];
export type PublishedCourse = Answer<'POST /training/courses/files'>;
export type ComplianceRow = Answer<'GET /training/reports/compliance'>['items'][number];
export type ReminderPage = Answer<'GET /training/reminders'>;
export type ComplianceHistory = Answer<'GET /training/reports/history'>;
export type { CreateRuleInput };

export async function employees(query: { department?: string; status?: 'active' | 'deactivated'; cursor?: string; limit?: number }): Promise<EmployeePage> {
  return (await call('GET /training/employees', { query })).body;
}

export async function employee(id: string): Promise<EmployeeView> {
  return (await call('GET /training/employees/{id}', { params: { id } })).body;
}

export async function setParticipation(id: string, active: boolean): Promise<EmployeeView> {
  return (await call(active ? 'POST /training/employees/{id}/reactivate' : 'POST /training/employees/{id}/deactivate', { params: { id } })).body;
}

/** The file's text (UTF-8): all rows or none; a bad row is a 422 whose `rows` extension is the report. */
export async function importEmployees(csv: string): Promise<ImportResult> {
  return (await call('POST /training/employees/import', { body: { csv } })).body;
}

export async function grantAttempts(employeeId: string, courseId: string, input: RequestBody<'POST /training/employees/{id}/courses/{courseId}/attempts'>): Promise<void> {
  await call('POST /training/employees/{id}/courses/{courseId}/attempts', { params: { id: employeeId, courseId }, body: input });
}

export async function rules(): Promise<AssignmentRule[]> {
  return (await call('GET /training/rules')).body.items;
}

export async function createRule(input: CreateRuleInput): Promise<Answer<'POST /training/rules'>> {
  return (await call('POST /training/rules', { body: input })).body;
}

export async function deleteRule(id: string): Promise<void> {
  await call('DELETE /training/rules/{id}', { params: { id } });
}

export async function courses(): Promise<CourseSummary[]> {
  return (await call('GET /training/courses')).body.items;
}

/** A course as the files of its folder (paths relative to it); problems come back at `<file>:<line>`. */
export async function publishCourseFiles(files: Record<string, string>): Promise<PublishedCourse> {
  return (await call('POST /training/courses/files', { body: { files } })).body;
}

export async function compliance(): Promise<Answer<'GET /training/reports/compliance'>> {
  return (await call('GET /training/reports/compliance')).body;
}

/** The same report as the server's CSV for German spreadsheets, with the file name it suggests (not JSON: `api`). */
export async function complianceCsv(): Promise<{ text: string; fileName: string }> {
  const response = await api<string>('GET', '/training/reports/compliance', { headers: { accept: 'text/csv' } });
  return { text: response.body, fileName: attachmentName(response.headers, 'schulungsstand.csv') };
}

export async function overdue(): Promise<Answer<'GET /training/reports/overdue'>> {
  return (await call('GET /training/reports/overdue')).body;
}

export async function reminders(cursor?: string): Promise<ReminderPage> {
  return (await call('GET /training/reminders', { query: { limit: 50, ...(cursor ? { cursor } : {}) } })).body;
}

export async function complianceHistory(from?: string, to?: string): Promise<ComplianceHistory> {
  return (await call('GET /training/reports/history', { query: { ...(from ? { from } : {}), ...(to ? { to } : {}) } })).body;
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
