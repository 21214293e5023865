import { tableFor } from '#core/ddb';
import { berlinDate } from '#core/dates';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { deactivateEmployee } from './employees/participation.ts';
import { employeeView, employeeViewSchema } from './employees/view.ts';
import { employeePathSchema } from './enrolments/schemas.ts';
import { enrolmentsOf } from './enrolments/store.ts';

/**
 * POST /training/employees/{id}/deactivate — the person takes no part in the training any more (left the authority,
 * long leave): from now on they count in no compliance report, overdue list or county report, get no reminders and no
 * assignments, and cannot learn; their history and certificates stay (see `employees/participation.ts`). Repeatable:
 * asking again finishes a deactivation that failed half-way and keeps its first date. 404 for anybody who is not an
 * employee of the caller's tenant.
 */
export const handler = httpHandler({ audit: { record: 'employee', action: 'update', id: 'param:id', subject: ['param:id'] }, params: employeePathSchema, responses: { 200: employeeViewSchema } }, async ({ params, caller }) => {
  const db = tableFor(caller.tenantId);
  const now = new Date();
  const employee = await deactivateEmployee(db, caller.tenantId, params.id, { by: caller.userId, now });
  logger.info('Employee deactivated for training', { tenantId: caller.tenantId, employeeId: params.id });
  return json(200, employeeView(employee, await enrolmentsOf(db, caller.tenantId, params.id), berlinDate(now)));
});
