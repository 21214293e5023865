import { tableFor } from '#core/ddb';
import { berlinDate } from '#core/dates';
import { httpHandler, json } from '#core/http';
import { getEmployee } from './employees/store.ts';
import { employeeView, employeeViewSchema } from './employees/view.ts';
import { EmployeeNotFound } from './enrolments/errors.ts';
import { employeePathSchema } from './enrolments/schemas.ts';
import { enrolmentsOf } from './enrolments/store.ts';

/**
 * GET /training/employees/{id} — one employee of the caller's tenant as the list shows them (compliance per assigned
 * course, granted attempts, deactivation). Another tenant's employee is not found (404), like one that does not exist.
 */
export const handler = httpHandler({ audit: { record: 'employee', action: 'read', id: 'param:id', subject: ['param:id'] }, params: employeePathSchema, responses: { 200: employeeViewSchema } }, async ({ params, caller }) => {
  const db = tableFor(caller.tenantId);
  const [employee, enrolments] = await Promise.all([getEmployee(db, caller.tenantId, params.id), enrolmentsOf(db, caller.tenantId, params.id)]);
  if (!employee) throw new EmployeeNotFound();
  return json(200, employeeView(employee, enrolments, berlinDate(new Date())));
});
