import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { certificateOfCycle } from './certificates/view.ts';
import { berlinDate } from '#core/dates';
import { enrolmentView, newestFirst } from './enrolments/domain.ts';
import { requireEmployee } from './enrolments/employee.ts';
import { enrolmentsOf } from './enrolments/store.ts';
import { myTrainingSchema } from './views.ts';

/**
 * GET /training/me — the caller's courses: every cycle, newest first, with progress (lessons read of all, attempts
 * used of allowed, best score), due date and status (done / due / overdue / expired), and the certificates earned
 * (valid or expired). Answered from the caller's own partition alone: no course files are read.
 */
export const handler = httpHandler({ audit: { record: 'training-record', action: 'read', id: 'caller', subject: ['caller'] }, responses: { 200: myTrainingSchema } }, async ({ caller }) => {
  const db = tableFor(caller.tenantId);
  const employee = await requireEmployee(db, caller);
  const today = berlinDate(new Date());
  const enrolments = newestFirst(await enrolmentsOf(db, caller.tenantId, employee.employeeId));
  return json(200, {
    enrolments: enrolments.map((enrolment) => enrolmentView(enrolment, today)),
    certificates: enrolments.flatMap((enrolment) => certificateOfCycle(enrolment, today) ?? []),
  });
});
