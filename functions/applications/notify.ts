import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '#core/logger';
import { deliver } from '#functions/notifications/deliver';
import type { Notification } from '#functions/notifications/outbox';
import type { ServiceDescriptor } from '#functions/services/service';

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

/** The parameters of the outcome e-mail (`application-approved`): the service's own words for its outcome. */
export function outcomeParams(service: Pick<ServiceDescriptor, 'title' | 'outcome'>): Record<string, string> {
  return { serviceTitle: service.title, outcomeSubject: service.outcome.notice.subject, outcomeText: service.outcome.notice.text };
}
