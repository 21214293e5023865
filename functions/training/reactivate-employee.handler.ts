import { tableFor } from '#core/ddb';
import { berlinDate } from '#core/dates';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { reactivateEmployee } from './employees/participation.ts';
import { employeeView, employeeViewSchema } from './employees/view.ts';
import { employeePathSchema } from './enrolments/schemas.ts';
import { enrolmentsOf } from './enrolments/store.ts';

/**
 * POST /training/employees/{id}/reactivate — a deactivated person takes part again: their training counts where it
 * stands (an open course past its due date is overdue at once), and the tenant's assignment rules apply to them as to
 * an import. Repeatable, like the deactivation. 404 for anybody who is not an employee of the caller's tenant.
 */
export const handler = httpHandler({ audit: { record: 'employee', action: 'update', id: 'param:id', subject: ['param:id'] }, params: employeePathSchema, responses: { 200: employeeViewSchema } }, async ({ params, caller }) => {
  const db = tableFor(caller.tenantId);
  const now = new Date();
  const { employee, assigned } = await reactivateEmployee(db, caller.tenantId, params.id, now);
  logger.info('Employee reactivated for training', { tenantId: caller.tenantId, employeeId: params.id, assigned });
  return json(200, employeeView(employee, await enrolmentsOf(db, caller.tenantId, params.id), berlinDate(now)));
});
