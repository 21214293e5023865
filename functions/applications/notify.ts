import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '#core/logger';
import { deliver } from '#functions/notifications/deliver';
import type { Notification } from '#functions/notifications/outbox';

/**
 * Tries to send a just-enqueued notification right away. A failure is only logged: the notification stays in the
 * outbox and the scheduled flush retries it, so the application moves on either way. Pass `stored` when this very
 * invocation has just written the notification (then it is not read back).
 */
export async function sendNow(db: DynamoDBDocumentClient, tenantId: string, notificationId: string, stored?: Notification): Promise<void> {
  try {
    await deliver(db, tenantId, notificationId, new Date(), stored);
  } catch (error) {
    logger.warn('Immediate notification delivery failed; the outbox flush retries it', { tenantId, notificationId, errorName: (error as Error).name });
  }
}
