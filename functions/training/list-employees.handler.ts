import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { decodeCursor, encodeCursor, pageQuerySchema } from '#core/pagination';
import * as z from '#core/zod';
import { mapWithLimit } from './employees/concurrency.ts';
import { listEmployees } from './employees/store.ts';
import { employeePageSchema, employeeView } from './employees/view.ts';
import { enrolmentsOf } from './enrolments/store.ts';
import { berlinDate } from '#core/dates';

const querySchema = z.extend(pageQuerySchema, {
  department: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  status: z.optional(z.enum(['active', 'deactivated'], { error: 'status ist "active" (aktiv) oder "deactivated" (deaktiviert).' })),
});

/**
 * GET /training/employees — the tenant's employees (ordered by department; `department` and `status` filter), each with
 * the compliance status of their assigned courses: done, due or overdue, with the due date (and the attempts the
 * administration granted in the current cycle, if any). Like ILIAS MyStaff, and no more: no scores, no attempts used,
 * no lesson progress, no voluntary courses, and not the pseudonym (which would link the xAPI statements to names). A
 * deactivated employee is listed with `deactivatedAt` and nothing assigned: their training counts nowhere.
 */
export const handler = httpHandler({ audit: { record: 'employee', action: 'read', id: 'items:employeeId', subject: ['items:employeeId'] }, query: querySchema, responses: { 200: employeePageSchema } }, async ({ query, caller }) => {
  const db = tableFor(caller.tenantId);
  const cursor = decodeCursor(query.cursor);
  const page = await listEmployees(db, caller.tenantId, {
    limit: query.limit,
    ...(cursor ? { cursor } : {}),
    ...(query.department !== undefined ? { department: query.department } : {}),
    ...(query.status !== undefined ? { status: query.status } : {}),
  });
  const today = berlinDate(new Date());
  const items = await mapWithLimit(page.items, 10, async (employee) => employeeView(employee, await enrolmentsOf(db, caller.tenantId, employee.employeeId), today));
  return json(200, { items, nextCursor: encodeCursor(page.cursor) });
});
