import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { overdueEnrolments } from './enrolments/store.ts';
import { getEmployees } from './employees/store.ts';
import { overdueRows } from './reports/domain.ts';
import { berlinDate } from '#core/dates';
import { overdueReportSchema } from './report-views.ts';

/**
 * GET /training/reports/overdue — who is overdue with which assigned course, since when: name, department, course,
 * due date, days overdue. Nothing about how far someone got or how they scored.
 */
export const handler = httpHandler({ audit: { record: 'employee', action: 'read', id: 'items:employeeId', subject: ['items:employeeId'] }, responses: { 200: overdueReportSchema } }, async ({ caller }) => {
  const { tenantId } = caller;
  const db = tableFor(tenantId);
  const today = berlinDate(new Date());
  const overdue = await overdueEnrolments(db, tenantId, today);
  const employees = await getEmployees(db, tenantId, overdue.map((enrolment) => enrolment.employeeId));
  return json(200, { tenantId, date: today, items: overdueRows(overdue, employees, today) });
});
