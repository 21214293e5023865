/**
 * A delivery (Übermittlung): one XGewerbeordnung message to one recipient, with its state, attempts and history.
 * It is never deleted: a delivery that failed every attempt is `dead` and waits for a caseworker's resend.
 *
 *   pending ──send ok──▶ delivered
 *      │  ▲                 
 *   fail  │ resend          
 *      ▼  │                 
 *    failed ──retry (backoff)──▶ … ──after maxAttempts──▶ dead ──resend──▶ pending
 */
import type { FormKind } from '../forms.ts';
import type { RecipientId } from './matrix.ts';
import type { AuthorAuthority, RecordInput } from './xgewerbeordnung.ts';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: 'Wird übermittelt',
  delivered: 'Zugestellt',
  failed: 'Fehlgeschlagen, neuer Versuch geplant',
  dead: 'Fehlgeschlagen, manuelle Wiederholung nötig',
};

export interface DeliveryEvent {
  at: string;
  event: 'created' | 'delivered' | 'failed' | 'dead' | 'resend';
  /** Attempt number over the delivery's life, for attempts. */
  attempt?: number;
  error?: string;
  by?: string;
  note?: string;
}

export interface Delivery {
  deliveryId: string;
  tenantId: string;
  recipientId: RecipientId;
  /** The matrix's generic name of the recipient (the directory may name a specific authority). */
  recipientName: string;
  kind: 'notice' | 'statistics-batch';
  formKinds: FormKind[];
  applicationIds: string[];
  caseNumbers: string[];
  /** `YYYY-MM` of a statistics batch. */
  period?: string;
  matrixVersion: string;
  status: DeliveryStatus;
  /** Attempts since creation or the last resend; `maxAttempts` of the recipient's policy ends a round. */
  attempts: number;
  totalAttempts: number;
  nextAttemptAt: string;
  lastAttemptAt?: string;
  lastError?: string;
  deliveredAt?: string;
  /** Where the transport put the message (the sandbox's S3 key). */
  transportRef?: string;
  messageUuid: string;
  /** The municipality as the message's author, fixed when the delivery was created. */
  author: AuthorAuthority;
  /** The projected notices, for a message built at the first attempt (single notices). */
  records?: RecordInput[];
  /** The XML as built (and, once delivered, as sent). */
  payload?: string;
  createdAt: string;
  updatedAt: string;
  /** `system`, or the caseworker who forwarded it (e.g. to customs on indications). */
  createdBy: string;
  note?: string;
  history: DeliveryEvent[];
}

/** What a caseworker sees in lists: no payload, no personal data of the notice. */
export function deliverySummary(delivery: Delivery) {
  return {
    deliveryId: delivery.deliveryId,
    recipientId: delivery.recipientId,
    recipientName: delivery.recipientName,
    kind: delivery.kind,
    formKinds: delivery.formKinds,
    applicationIds: delivery.applicationIds,
    caseNumbers: delivery.caseNumbers,
    ...(delivery.period ? { period: delivery.period } : {}),
    matrixVersion: delivery.matrixVersion,
    status: delivery.status,
    statusLabel: DELIVERY_STATUS_LABELS[delivery.status],
    attempts: delivery.attempts,
    totalAttempts: delivery.totalAttempts,
    nextAttemptAt: delivery.status === 'pending' || delivery.status === 'failed' ? delivery.nextAttemptAt : undefined,
    ...(delivery.lastAttemptAt ? { lastAttemptAt: delivery.lastAttemptAt } : {}),
    ...(delivery.lastError ? { lastError: delivery.lastError } : {}),
    ...(delivery.deliveredAt ? { deliveredAt: delivery.deliveredAt } : {}),
    ...(delivery.transportRef ? { transportRef: delivery.transportRef } : {}),
    messageUuid: delivery.messageUuid,
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
    createdBy: delivery.createdBy,
    ...(delivery.note ? { note: delivery.note } : {}),
    history: delivery.history,
  };
}

/** A notice waiting for the statistics office's monthly batch (§ 3 Abs. 5 Satz 2 GewAnzV). */
export interface StatisticsRecord {
  tenantId: string;
  applicationId: string;
  caseNumber: string;
  /** `YYYY-MM` of the acknowledgement: the month whose batch carries it. */
  period: string;
  record: RecordInput;
  author: AuthorAuthority;
  matrixVersion: string;
  createdAt: string;
  batchId?: string;
}

/** Backoff after attempt `n` (1-based) of a round: base · 2^(n−1) seconds, at most `max`. */
export function nextAttemptAt(attempt: number, now: Date, policy: { baseSeconds: number; maxSeconds: number }): string {
  const seconds = Math.min(policy.baseSeconds * 2 ** Math.max(attempt - 1, 0), policy.maxSeconds);
  return new Date(now.getTime() + seconds * 1000).toISOString();
}
