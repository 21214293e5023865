/**
 * Notification outbox — the only code that stores notifications.
 *
 * Access patterns:
 * - notification:            `<tenantId>#NOTIFICATION#<id>` / `NOTIFICATION`
 * - pending, due first:      GSI2 `<tenantId>#OUTBOX#pending` / `<nextAttemptAt>#<id>` (sparse: removed once sent or dead)
 *
 * A notification is written in the same transaction as the state change it reports (`notificationPut`), so it is
 * never lost and never sent for a change that did not happen. Its id derives from a dedupe key, so the same event
 * never produces two notifications. Sending is attempted at once and retried by the scheduled flush with backoff;
 * after MAX_ATTEMPTS it is `dead` and stays visible. Sending lives in `deliver.ts`: storing a notification must not
 * load the SES client into every function that reports a change.
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { render, type TemplateName } from './templates.ts';

export const MAX_ATTEMPTS = 8;

export interface Notification {
  notificationId: string;
  tenantId: string;
  to: string;
  template: TemplateName;
  subject: string;
  body: string;
  status: 'pending' | 'sent' | 'dead';
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  sentAt?: string;
  lastError?: string;
}

export interface NotificationRequest {
  tenantId: string;
  to: string;
  template: TemplateName;
  params: Record<string, string>;
  /** The same key never yields a second notification (e.g. `renewal#<permitId>#<validTo>`). */
  dedupeKey: string;
  now: Date;
}

export const notificationKey = (tenantId: string, id: string) => ({ PK: partitionKey(tenantId, 'NOTIFICATION', id), SK: 'NOTIFICATION' });
const pendingIndex = (tenantId: string, at: string, id: string) => ({ GSI2PK: partitionKey(tenantId, 'OUTBOX', 'pending'), GSI2SK: `${at}#${id}` });

export function notificationId(dedupeKey: string): string {
  return createHash('sha256').update(dedupeKey).digest('base64url').slice(0, 22);
}

export function newNotification(request: NotificationRequest): Notification {
  const { subject, body } = render(request.template, request.params);
  const at = request.now.toISOString();
  return {
    notificationId: notificationId(request.dedupeKey),
    tenantId: request.tenantId,
    to: request.to,
    template: request.template,
    subject,
    body,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    createdAt: at,
  };
}

/** A `Put` for a TransactWriteItems call: the notification is created together with the change it reports. */
export function notificationPut(notification: Notification) {
  return {
    Put: {
      TableName: TABLE_NAME,
      Item: { ...notificationKey(notification.tenantId, notification.notificationId), ...pendingIndex(notification.tenantId, notification.nextAttemptAt, notification.notificationId), ...notification },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** Enqueues on its own (outside a transaction); a duplicate dedupe key is a no-op. */
export async function enqueue(db: DynamoDBDocumentClient, request: NotificationRequest): Promise<Notification | undefined> {
  const notification = newNotification(request);
  try {
    await db.send(new PutCommand(notificationPut(notification).Put));
    return notification;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** Whether a notification was stored (e.g. by an earlier attempt of the same transaction). */
export async function notificationExists(db: DynamoDBDocumentClient, tenantId: string, id: string): Promise<boolean> {
  const { Item } = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: notificationKey(tenantId, id), ProjectionExpression: 'notificationId' }));
  return Item !== undefined;
}

/** Backoff for the scheduled retries after attempt n: 2, 4, 8, … minutes, at most 6 hours. */
export function nextAttempt(attempts: number, now: Date): Date {
  return new Date(now.getTime() + Math.min(2 ** attempts, 360) * 60_000);
}

/** Pending notifications of a tenant that are due, oldest first. */
export async function duePending(db: DynamoDBDocumentClient, tenantId: string, now: Date, limit = 50): Promise<string[]> {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :now',
      ExpressionAttributeValues: { ':pk': partitionKey(tenantId, 'OUTBOX', 'pending'), ':now': `${now.toISOString()}#~` },
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map((item) => item.notificationId as string);
}
