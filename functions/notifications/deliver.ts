/**
 * Delivery of stored notifications (see `outbox.ts`) through SES — the only code that sends e-mail. Kept apart from the
 * outbox so that functions which only store a notification with the change it reports (read routes included, through
 * the stores) neither bundle nor construct the SES client.
 */
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requireEnv } from '#core/config';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { logger } from '#core/logger';
import { ses } from '#core/ses';
import { MAX_ATTEMPTS, nextAttempt, notificationKey as key, type Notification } from './outbox.ts';

const FROM_ADDRESS = requireEnv('NOTIFICATION_FROM_ADDRESS');

/**
 * Sends one pending notification. Never throws for a delivery problem: the failure is recorded and retried later,
 * so the process that caused the notification moves on. `stored` is the notification exactly as this invocation has
 * just written it (in the transaction of the change it reports): it is known to be pending and is not read back.
 */
export async function deliver(
  db: DynamoDBDocumentClient,
  tenantId: string,
  id: string,
  now = new Date(),
  stored?: Notification,
): Promise<'sent' | 'retry' | 'dead' | 'skipped'> {
  const notification = stored ?? ((await db.send(new GetCommand({ TableName: TABLE_NAME, Key: key(tenantId, id) }))).Item as Notification | undefined);
  if (!notification || notification.status !== 'pending') return 'skipped';
  try {
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: FROM_ADDRESS,
        Destination: { ToAddresses: [notification.to] },
        Content: { Simple: { Subject: { Data: notification.subject, Charset: 'UTF-8' }, Body: { Text: { Data: notification.body, Charset: 'UTF-8' } } } },
      }),
    );
  } catch (error) {
    const attempts = notification.attempts + 1;
    const dead = attempts >= MAX_ATTEMPTS;
    logger.warn('Notification not delivered', { tenantId, notificationId: id, attempts, errorName: (error as Error).name });
    const at = nextAttempt(attempts, now).toISOString();
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: key(tenantId, id),
        UpdateExpression: dead
          ? 'SET #status = :dead, attempts = :attempts, lastError = :error REMOVE GSI2PK, GSI2SK'
          : 'SET attempts = :attempts, lastError = :error, nextAttemptAt = :at, GSI2SK = :sk',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'pending',
          ':attempts': attempts,
          ':error': (error as Error).name,
          ...(dead ? { ':dead': 'dead' } : { ':at': at, ':sk': `${at}#${id}` }),
        },
      }),
    ).catch((updateError) => {
      if (!isConditionFailure(updateError)) throw updateError;
    });
    return dead ? 'dead' : 'retry';
  }
  await db
    .send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: key(tenantId, id),
        UpdateExpression: 'SET #status = :sent, sentAt = :now, attempts = attempts + :one REMOVE GSI2PK, GSI2SK',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':pending': 'pending', ':now': now.toISOString(), ':one': 1 },
      }),
    )
    .catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
  return 'sent';
}
