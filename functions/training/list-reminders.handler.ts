import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { decodeCursor, encodeCursor, pageQuerySchema } from '#core/pagination';
import { getEmployees } from './employees/store.ts';
import { listReminders } from './reminders/store.ts';
import { reminderPageSchema } from './reminders/view.ts';

/**
 * GET /training/reminders — the reminder history of the caller's tenant, newest first: every notice the daily job sent
 * (before, on and after a due date, escalations to the administration, recertifications), what it was about, to whom,
 * and whether it was delivered. A Query of the history index and one BatchGetItem for the names; no scan.
 */
export const handler = httpHandler({ audit: { record: 'notification', action: 'read', id: 'items:notificationId', subject: ['items:employeeId'] }, query: pageQuerySchema, responses: { 200: reminderPageSchema } }, async ({ query, caller }) => {
  const db = tableFor(caller.tenantId);
  const cursor = decodeCursor(query.cursor);
  const page = await listReminders(db, caller.tenantId, { limit: query.limit, ...(cursor ? { cursor } : {}) });
  const employees = await getEmployees(db, caller.tenantId, page.items.flatMap((item) => (item.employeeId === undefined ? [] : [item.employeeId])));
  const items = page.items.map((item) => {
    const name = item.employeeId === undefined ? undefined : employees.get(item.employeeId)?.name;
    return { ...item, ...(name !== undefined ? { employeeName: name } : {}) };
  });
  return json(200, { items, nextCursor: encodeCursor(page.cursor) });
});
