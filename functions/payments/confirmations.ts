/**
 * What happens when a provider's verified confirmation arrives (the webhook's domain logic).
 *
 * 1. The event must fit the payment it names (tenant, amount, Kassenzeichen when booked) — otherwise 422, and
 *    nothing is written.
 * 2. The event is accepted once: its id is recorded together with the status change INITIAL → BOOKED | FAILED |
 *    CANCELED (`applyProviderEvent`). A replay or a concurrent copy changes nothing.
 * 3. Whoever comes by — the winner, a duplicate, a replay — then makes sure the waiting workflow task is completed
 *    (`notifyWaitingTask`; the store's lease lets exactly one send). So a confirmation whose SendTaskSuccess failed
 *    is completed by the provider's next delivery of the same event.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '#core/logger';
import { Unprocessable } from '#core/problem';
import { checkEvent, isFinal } from './domain.ts';
import { tenantOfPaymentId } from './ids.ts';
import type { PaymentEvent } from './provider.ts';
import { PaymentNotFound, applyProviderEvent, getPayment, type EventApplication } from './store.ts';
import { notifyWaitingTask, type Delivery } from './task-callback.ts';

export class PaymentEventMismatch extends Unprocessable {}

export interface Receipt {
  effect: EventApplication | 'ignored';
  notified?: Delivery;
}

const MISMATCH_TEXT = {
  'tenant-mismatch': 'Die Zahlungsbestätigung gehört nicht zu diesem Mandanten.',
  'amount-mismatch': 'Der Betrag der Zahlungsbestätigung stimmt nicht mit der Zahlung überein.',
  'missing-reference': 'Eine gebuchte Zahlung muss ein Kassenzeichen (transactionReference) enthalten.',
} as const;

export async function receivePaymentEvent(db: DynamoDBDocumentClient, event: PaymentEvent, now: Date): Promise<Receipt> {
  if (tenantOfPaymentId(event.paymentId) !== event.tenantId) {
    throw new PaymentEventMismatch(MISMATCH_TEXT['tenant-mismatch']);
  }
  const payment = await getPayment(db, event.tenantId, event.paymentId);
  if (!payment) throw new PaymentNotFound('Die Zahlung wurde nicht gefunden.');
  const check = checkEvent(payment, event);
  if (!check.ok) {
    logger.warn('Payment event rejected', { paymentId: event.paymentId, eventId: event.eventId, reason: check.reason });
    throw new PaymentEventMismatch(MISMATCH_TEXT[check.reason]);
  }
  const status = event.status;
  if (!isFinal(status)) {
    // A provider may report a transaction it has only opened; there is nothing to do for us.
    return { effect: 'ignored' };
  }
  const effect = await applyProviderEvent(db, { ...event, status }, now);
  // Another confirmation of the same outcome may have won since the read above (the webhook and the status query at
  // the same moment): only a recorded status that differs from this one is a contradiction.
  const recorded = effect === 'not-initial' ? ((await getPayment(db, event.tenantId, event.paymentId))?.status ?? payment.status) : status;
  if (recorded !== status) {
    const details = { paymentId: event.paymentId, eventId: event.eventId, recorded, reported: status };
    // Money taken on a payment we consider closed must not vanish: the cash office has to refund it by hand.
    if (status === 'BOOKED') logger.error('Provider booked a payment that is already closed; manual refund needed', details);
    else logger.warn('Payment event contradicts the recorded status; ignored', details);
  }
  logger.info('Payment event received', { paymentId: event.paymentId, eventId: event.eventId, status, effect });
  const notified = await notifyWaitingTask(db, event.tenantId, event.paymentId);
  return { effect, ...(notified ? { notified } : {}) };
}
