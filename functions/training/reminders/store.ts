/**
 * The reminder history of the training: what the daily job sent — reminders before, on and after a due date, the
 * escalations to the administration, the recertification notices — and whether each was delivered. Not a second
 * record: the daily job indexes its own notifications (the outbox's items, written in the same transaction as the
 * state change they report) under the tenant's reminder partition and notes on them what they were about.
 *
 * Key (on the notification item, `<t>#NOTIFICATION#<id>` / `NOTIFICATION`):
 *   GSI1 `<t>#TRAINING-REMINDERS` / `<createdAt>#<notificationId>`
 *
 * Access patterns:
 * - the history, newest first, paged: Query GSI1 `<t>#TRAINING-REMINDERS`, descending
 *
 * The delivery status is the notification's own (`pending` → `sent`, or `dead` after the outbox gave up); the outbox
 * changes it with updates, which keep the index and the note.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { assertCursorInScope } from '#core/pagination';
import type { Notification, notificationPut } from '#functions/notifications/outbox';

import type { LoggedReminderKind } from './kinds.ts';

/** What a notice was about: to a learner (course, cycle, due date) or, for an escalation, to the administration. */
export interface ReminderNote {
  kind: LoggedReminderKind;
  employeeId?: string;
  courseId?: string;
  courseTitle?: string;
  cycle?: number;
  dueDate?: string;
  /** Escalation: how many overdue cycles the notice lists. */
  count?: number;
}

export interface LoggedReminder extends ReminderNote {
  notificationId: string;
  to: string;
  at: string;
  status: Notification['status'];
  sentAt?: string;
  attempts: number;
}

const historyPartition = (tenantId: string) => partitionKey(tenantId, 'TRAINING-REMINDERS');

/** The notification's transaction item, indexed in the reminder history with its note. */
export function loggedNotificationPut(put: ReturnType<typeof notificationPut>, note: ReminderNote): ReturnType<typeof notificationPut> {
  const { tenantId, createdAt, notificationId } = put.Put.Item;
  const Item = { ...put.Put.Item, GSI1PK: historyPartition(tenantId), GSI1SK: `${createdAt}#${notificationId}`, reminder: note };
  return { Put: { ...put.Put, Item } };
}

function toLogged(item: Record<string, unknown>): LoggedReminder {
  const note = item.reminder as ReminderNote;
  return {
    ...note,
    notificationId: String(item.notificationId),
    to: String(item.to),
    at: String(item.createdAt),
    status: item.status as Notification['status'],
    ...(item.sentAt !== undefined ? { sentAt: String(item.sentAt) } : {}),
    attempts: Number(item.attempts ?? 0),
  };
}

export async function listReminders(
  db: DynamoDBDocumentClient,
  tenantId: string,
  page: { limit: number; cursor?: Record<string, unknown> },
): Promise<{ items: LoggedReminder[]; cursor?: Record<string, unknown> }> {
  assertCursorInScope(page.cursor, { index: 'GSI1', partition: historyPartition(tenantId) });
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': historyPartition(tenantId) },
      ScanIndexForward: false,
      Limit: page.limit,
      ...(page.cursor ? { ExclusiveStartKey: page.cursor } : {}),
    }),
  );
  return { items: (result.Items ?? []).map(toLogged), ...(result.LastEvaluatedKey ? { cursor: result.LastEvaluatedKey } : {}) };
}
