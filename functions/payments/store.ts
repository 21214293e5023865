/**
 * Payment store — the only code that talks to DynamoDB about payments (the sandbox provider keeps its own records,
 * see `sandbox/ledger.ts`).
 *
 * Access patterns (PK / SK):
 * - payment:                         `<tenantId>#PAYMENT#<paymentId>` / `PAYMENT`
 * - payment of an application:       `<tenantId>#APPLICATION-PAYMENT#<applicationId>` / `PAYMENT` → `paymentId`
 *                                    (written in one transaction with the payment: one payment per application and
 *                                    attempt; the n-th payment of an applicant paying again: SK `PAYMENT#<n>`)
 * - accepted provider event (replay): `<tenantId>#PAYMENT#<paymentId>` / `EVENT#<eventId>`, TTL `expiresAt`
 *                                    (written in one transaction with the status change it caused)
 * - open payments by the time of their next status check (reconciliation, `reconcile.ts`): GSI2
 *                                    `<tenantId>#PAYMENT-CHECK#pending` / `<checkAt>#<paymentId>` on the payment itself
 *                                    (sparse: written with the payment, removed by the write that ends INITIAL)
 *
 * Exactly-once rules, all enforced by conditions, not by reading first:
 * - a provider event changes the payment only from INITIAL, and only together with its event record;
 * - the waiting workflow task is completed by whoever holds the notification lease (`notifyLeaseId`) for the
 *   current token; `taskNotified` is set only for the token that was actually sent;
 * - a refund is claimed (`refund.status = PENDING`) before the provider is asked, and recorded once.
 *
 * Every function takes the document client to use: workflow steps and the webhook pass `systemTable`, handlers of
 * tenant requests pass `tableFor(caller.tenantId)`.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure, isTransactionConflict } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { NotFound } from '#core/problem';
import { tenantOfPaymentId } from './ids.ts';
import { nextStatusCheck, type FinalStatus, type PaymentRecord, type PaymentStatus, type RefundRecord } from './domain.ts';
import type { PaymentEvent, PaymentTransaction, RefundResult } from './provider.ts';

export class PaymentNotFound extends NotFound {}

/** A retried create step was called with a different amount than the payment it created: a workflow bug. */
export class PaymentInputMismatch extends Error {
  override readonly name = 'PaymentInputMismatch';
}

/** How long an accepted event id is remembered; far beyond the 5-minute signature window. */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;

const paymentKey = (tenantId: string, paymentId: string) => {
  if (tenantOfPaymentId(paymentId) !== tenantId) throw new PaymentNotFound('Die Zahlung wurde nicht gefunden.');
  return { PK: partitionKey(tenantId, 'PAYMENT', paymentId), SK: 'PAYMENT' };
};
const applicationKey = (tenantId: string, applicationId: string, attempt = 1) => ({
  PK: partitionKey(tenantId, 'APPLICATION-PAYMENT', applicationId),
  // The first payment keeps the key it always had; later attempts get their own.
  SK: attempt === 1 ? 'PAYMENT' : `PAYMENT#${attempt}`,
});
const eventKey = (tenantId: string, paymentId: string, eventId: string) => ({
  PK: paymentKey(tenantId, paymentId).PK,
  SK: `EVENT#${eventId}`,
});

const pendingPartition = (tenantId: string) => partitionKey(tenantId, 'PAYMENT-CHECK', 'pending');
const pendingEntry = (tenantId: string, paymentId: string, checkAt: Date) => ({ GSI2PK: pendingPartition(tenantId), GSI2SK: `${checkAt.toISOString()}#${paymentId}` });
/** The update clause that takes a payment out of the pending index, for every write that ends INITIAL. */
const LEAVE_PENDING = 'REMOVE GSI2PK, GSI2SK';

function strip(item: Record<string, unknown> | undefined): PaymentRecord | undefined {
  if (!item) return undefined;
  const { PK: _pk, SK: _sk, GSI2PK: _gsi2pk, GSI2SK: _gsi2sk, ...rest } = item;
  return rest as unknown as PaymentRecord;
}

/**
 * Concurrent writers of one item (ten copies of the same webhook) make DynamoDB cancel transactions with
 * `TransactionConflict` instead of evaluating their conditions. Such an attempt changed nothing, so it is retried
 * after a short random pause; the retry then sees the winner's write and fails its condition properly.
 */
async function retryOnConflict<T>(operation: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!isTransactionConflict(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
    }
  }
}

export async function getPayment(db: DynamoDBDocumentClient, tenantId: string, paymentId: string): Promise<PaymentRecord | undefined> {
  if (tenantOfPaymentId(paymentId) !== tenantId) return undefined;
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: paymentKey(tenantId, paymentId), ConsistentRead: true }));
  return strip(result.Item);
}

export async function requirePayment(db: DynamoDBDocumentClient, tenantId: string, paymentId: string): Promise<PaymentRecord> {
  const payment = await getPayment(db, tenantId, paymentId);
  if (!payment) throw new PaymentNotFound('Die Zahlung wurde nicht gefunden.');
  return payment;
}

/** The id of the application's `attempt`-th payment (1: the first), if it was created. */
export async function getPaymentIdForApplication(db: DynamoDBDocumentClient, tenantId: string, applicationId: string, attempt = 1): Promise<string | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: applicationKey(tenantId, applicationId, attempt), ConsistentRead: true }));
  const paymentId = result.Item?.paymentId;
  return typeof paymentId === 'string' ? paymentId : undefined;
}

/**
 * Creates the payment and the application's pointer to it in one transaction. When the application already has a
 * payment for this attempt (a retried or concurrent create), nothing is written and that payment's id is returned.
 */
export async function insertPayment(
  db: DynamoDBDocumentClient,
  payment: PaymentRecord,
  attempt = 1,
  firstCheckAt: Date = nextStatusCheck(0, new Date(payment.createdAt)),
): Promise<{ created: boolean; paymentId: string }> {
  try {
    await retryOnConflict(() =>
      db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: TABLE_NAME,
                Item: { ...applicationKey(payment.tenantId, payment.applicationId, attempt), paymentId: payment.paymentId, createdAt: payment.createdAt },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: TABLE_NAME,
                Item: { ...paymentKey(payment.tenantId, payment.paymentId), ...payment, ...pendingEntry(payment.tenantId, payment.paymentId, firstCheckAt) },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      ),
    );
    return { created: true, paymentId: payment.paymentId };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const existing = await getPaymentIdForApplication(db, payment.tenantId, payment.applicationId, attempt);
    if (!existing) throw error;
    return { created: false, paymentId: existing };
  }
}

/** Records the provider's transaction; a repeated call keeps the first one. */
export async function attachProviderTransaction(
  db: DynamoDBDocumentClient,
  tenantId: string,
  paymentId: string,
  transaction: PaymentTransaction,
  now: Date,
): Promise<PaymentRecord> {
  try {
    const result = await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: paymentKey(tenantId, paymentId),
        UpdateExpression:
          'SET providerTransactionId = if_not_exists(providerTransactionId, :tx), checkoutUrl = if_not_exists(checkoutUrl, :url), updatedAt = :now',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':tx': transaction.providerTransactionId, ':url': transaction.checkoutUrl, ':now': now.toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip(result.Attributes)!;
  } catch (error) {
    if (isConditionFailure(error)) throw new PaymentNotFound('Die Zahlung wurde nicht gefunden.');
    throw error;
  }
}

export type EventApplication = 'applied' | 'duplicate-event' | 'not-initial';

/**
 * Accepts a verified provider event: records its id (replay protection, with TTL) and moves the payment from
 * INITIAL to the event's final status — both or neither. Under any concurrency exactly one caller gets `applied`.
 * - `duplicate-event`: this event id was accepted before (a replay or a concurrent copy); nothing changed.
 * - `not-initial`: the payment had already left INITIAL (another event, a cancellation); nothing changed.
 */
export async function applyProviderEvent(
  db: DynamoDBDocumentClient,
  event: PaymentEvent & { status: FinalStatus },
  now: Date,
): Promise<EventApplication> {
  const at = now.toISOString();
  const names: Record<string, string> = { '#status': 'status', '#history': 'history' };
  const values: Record<string, unknown> = {
    ':initial': 'INITIAL',
    ':to': event.status,
    ':amount': event.amountCents,
    ':now': at,
    ':eventId': event.eventId,
    ':change': [{ status: event.status, at, source: `provider-event:${event.eventId}` }],
    ':empty': [],
  };
  const sets = ['#status = :to', 'updatedAt = :now', 'lastEventId = :eventId', '#history = list_append(if_not_exists(#history, :empty), :change)'];
  if (event.status === 'BOOKED') {
    sets.push('bookedAt = :occurredAt', 'transactionReference = :reference');
    values[':occurredAt'] = event.occurredAt;
    values[':reference'] = event.transactionReference;
  } else {
    const field = event.status === 'FAILED' ? 'failedAt' : 'canceledAt';
    sets.push(`${field} = :occurredAt`);
    values[':occurredAt'] = event.occurredAt;
  }
  try {
    await retryOnConflict(() =>
      db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: TABLE_NAME,
                Item: {
                  ...eventKey(event.tenantId, event.paymentId, event.eventId),
                  eventId: event.eventId,
                  status: event.status,
                  receivedAt: at,
                  expiresAt: Math.floor(now.getTime() / 1000) + EVENT_RETENTION_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Update: {
                TableName: TABLE_NAME,
                Key: paymentKey(event.tenantId, event.paymentId),
                UpdateExpression: `SET ${sets.join(', ')} ${LEAVE_PENDING}`,
                ConditionExpression: 'attribute_exists(PK) AND #status = :initial AND amountCents = :amount',
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
          ],
        }),
      ),
    );
    return 'applied';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons[0]?.Code === 'ConditionalCheckFailed' ? 'duplicate-event' : 'not-initial';
  }
}

/**
 * Stores the waiting task's token. The newest token always wins (a retried wait step gets a new token) and starts
 * un-notified; the returned record tells the caller whether the payment is already final (the fast payer).
 */
export async function registerTaskToken(
  db: DynamoDBDocumentClient,
  tenantId: string,
  paymentId: string,
  token: { taskToken: string; taskTokenId: string },
  now: Date,
): Promise<PaymentRecord> {
  try {
    const result = await retryOnConflict(() =>
      db.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: paymentKey(tenantId, paymentId),
          UpdateExpression: 'SET taskToken = :token, taskTokenId = :tokenId, tokenRegisteredAt = :now, taskNotified = :false REMOVE taskNotifiedAt, taskNotification',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':token': token.taskToken, ':tokenId': token.taskTokenId, ':now': now.toISOString(), ':false': false },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return strip(result.Attributes)!;
  } catch (error) {
    if (isConditionFailure(error)) throw new PaymentNotFound('Die Zahlung wurde nicht gefunden.');
    throw error;
  }
}

/**
 * Takes the right to complete the waiting task: only when the payment is in one of `statuses`, a token is stored,
 * it was not notified, and nobody else holds an unexpired lease. Returns the record (with the token) to the one
 * caller that got the lease, undefined to everyone else.
 */
export async function claimTaskNotification(
  db: DynamoDBDocumentClient,
  tenantId: string,
  paymentId: string,
  claim: { statuses: readonly PaymentStatus[]; leaseId: string; now: Date; leaseMs: number },
): Promise<PaymentRecord | undefined> {
  const values: Record<string, unknown> = {
    ':false': false,
    ':leaseId': claim.leaseId,
    ':until': claim.now.getTime() + claim.leaseMs,
    ':nowMs': claim.now.getTime(),
  };
  claim.statuses.forEach((status, index) => (values[`:s${index}`] = status));
  try {
    const result = await retryOnConflict(() =>
      db.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: paymentKey(tenantId, paymentId),
          UpdateExpression: 'SET notifyLeaseId = :leaseId, notifyLeaseUntil = :until',
          ConditionExpression:
            `#status IN (${claim.statuses.map((_, i) => `:s${i}`).join(', ')}) AND attribute_exists(taskToken) AND taskNotified = :false ` +
            'AND (attribute_not_exists(notifyLeaseUntil) OR notifyLeaseUntil < :nowMs)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return strip(result.Attributes);
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/**
 * Records that the task of `taskTokenId` was completed. False when the token was replaced meanwhile (a newer wait
 * step) or the lease was lost: the caller releases its lease and tries again for the current token.
 */
export async function markTaskNotified(
  db: DynamoDBDocumentClient,
  tenantId: string,
  paymentId: string,
  mark: { leaseId: string; taskTokenId: string; outcome: 'SENT' | 'TOKEN_CLOSED'; now: Date },
): Promise<boolean> {
  try {
    await retryOnConflict(() =>
      db.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: paymentKey(tenantId, paymentId),
          UpdateExpression: 'SET taskNotified = :true, taskNotifiedAt = :now, taskNotification = :outcome REMOVE notifyLeaseId, notifyLeaseUntil',
          ConditionExpression: 'taskTokenId = :tokenId AND notifyLeaseId = :leaseId',
          ExpressionAttributeValues: {
            ':true': true,
            ':now': mark.now.toISOString(),
            ':outcome': mark.outcome,
            ':tokenId': mark.taskTokenId,
            ':leaseId': mark.leaseId,
          },
        }),
      ),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Gives the lease back (best effort: if it expired and someone else holds it now, theirs stays). */
export async function releaseTaskNotification(db: DynamoDBDocumentClient, tenantId: string, paymentId: string, leaseId: string): Promise<void> {
  try {
    await retryOnConflict(() =>
      db.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: paymentKey(tenantId, paymentId),
          UpdateExpression: 'REMOVE notifyLeaseId, notifyLeaseUntil',
          ConditionExpression: 'notifyLeaseId = :leaseId',
          ExpressionAttributeValues: { ':leaseId': leaseId },
        }),
      ),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** INITIAL → CANCELED after the provider cancelled. Undefined when the payment had already left INITIAL. */
export async function recordCancellation(db: DynamoDBDocumentClient, tenantId: string, paymentId: string, now: Date): Promise<PaymentRecord | undefined> {
  const at = now.toISOString();
  try {
    const result = await retryOnConflict(() =>
      db.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: paymentKey(tenantId, paymentId),
          UpdateExpression: `SET #status = :canceled, canceledAt = :now, updatedAt = :now, #history = list_append(if_not_exists(#history, :empty), :change) ${LEAVE_PENDING}`,
          ConditionExpression: 'attribute_exists(PK) AND #status = :initial',
          ExpressionAttributeNames: { '#status': 'status', '#history': 'history' },
          ExpressionAttributeValues: {
            ':canceled': 'CANCELED',
            ':initial': 'INITIAL',
            ':now': at,
            ':empty': [],
            ':change': [{ status: 'CANCELED', at, source: 'workflow' }],
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return strip(result.Attributes);
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/**
 * Claims the refund of a booked payment: `refund.status = PENDING` with a lease. Succeeds when no refund exists, or
 * when a PENDING refund's lease ran out (its holder died; the provider's refund is idempotent, so asking again is
 * safe). Otherwise returns the payment as it is, with the refund someone else recorded or holds.
 */
export async function claimRefund(
  db: DynamoDBDocumentClient,
  tenantId: string,
  paymentId: string,
  claim: { reason: string; now: Date; leaseMs: number; amountCents?: number },
): Promise<{ claimed: boolean; payment: PaymentRecord }> {
  const refund: RefundRecord = {
    status: 'PENDING',
    reason: claim.reason,
    requestedAt: claim.now.toISOString(),
    leaseUntil: claim.now.getTime() + claim.leaseMs,
    ...(claim.amountCents !== undefined ? { amountCents: claim.amountCents } : {}),
  };
  try {
    const result = await retryOnConflict(() =>
      db.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: paymentKey(tenantId, paymentId),
          UpdateExpression: 'SET refund = :refund, updatedAt = :now',
          ConditionExpression:
            'attribute_exists(PK) AND #status = :booked AND (attribute_not_exists(refund) OR (refund.#rs = :pending AND refund.leaseUntil < :nowMs))',
          ExpressionAttributeNames: { '#status': 'status', '#rs': 'status' },
          ExpressionAttributeValues: {
            ':refund': refund,
            ':now': claim.now.toISOString(),
            ':booked': 'BOOKED',
            ':pending': 'PENDING',
            ':nowMs': claim.now.getTime(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return { claimed: true, payment: strip(result.Attributes)! };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { claimed: false, payment: await requirePayment(db, tenantId, paymentId) };
  }
}

/** PENDING → the provider's result. Records it once; returns the refund as stored. */
export async function completeRefund(
  db: DynamoDBDocumentClient,
  tenantId: string,
  paymentId: string,
  result: RefundResult,
  now: Date,
): Promise<RefundRecord> {
  try {
    const updated = await retryOnConflict(() =>
      db.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: paymentKey(tenantId, paymentId),
          UpdateExpression: 'SET refund.#rs = :status, refund.#ref = :reference, refund.completedAt = :now, updatedAt = :now REMOVE refund.leaseUntil',
          ConditionExpression: 'refund.#rs = :pending',
          // `status` and `reference` are DynamoDB reserved words.
          ExpressionAttributeNames: { '#rs': 'status', '#ref': 'reference' },
          ExpressionAttributeValues: { ':status': result.status, ':reference': result.reference, ':now': now.toISOString(), ':pending': 'PENDING' },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return strip(updated.Attributes)!.refund!;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // Someone else completed it first (same provider result, the refund is idempotent there).
    const payment = await requirePayment(db, tenantId, paymentId);
    return payment.refund!;
  }
}

/** Gives a PENDING refund claim back after the provider call failed, so that a retry may claim it at once. */
export async function abandonRefundClaim(db: DynamoDBDocumentClient, tenantId: string, paymentId: string, requestedAt: string): Promise<void> {
  try {
    await retryOnConflict(() =>
      db.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: paymentKey(tenantId, paymentId),
          UpdateExpression: 'REMOVE refund',
          ConditionExpression: 'refund.#rs = :pending AND refund.requestedAt = :requestedAt',
          ExpressionAttributeNames: { '#rs': 'status' },
          ExpressionAttributeValues: { ':pending': 'PENDING', ':requestedAt': requestedAt },
        }),
      ),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Open payments of a tenant whose next status check is due at `dueBy`, due first (the pending index; no Scan). */
export async function listDuePayments(db: DynamoDBDocumentClient, tenantId: string, dueBy: Date, limit = 50): Promise<Array<{ paymentId: string; checks: number }>> {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pending AND GSI2SK <= :due',
      ExpressionAttributeValues: { ':pending': pendingPartition(tenantId), ':due': `${dueBy.toISOString()}#~` },
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map((item) => ({ paymentId: item.paymentId as string, checks: typeof item.statusChecks === 'number' ? item.statusChecks : 0 }));
}

/**
 * Moves an open payment's next status check to `checkAt` and counts the check. Nothing happens when the payment left
 * INITIAL meanwhile (its index entry is gone then, and must stay gone).
 */
export async function rescheduleStatusCheck(db: DynamoDBDocumentClient, tenantId: string, paymentId: string, checkAt: Date, now: Date): Promise<boolean> {
  const entry = pendingEntry(tenantId, paymentId, checkAt);
  try {
    await retryOnConflict(() =>
      db.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: paymentKey(tenantId, paymentId),
          UpdateExpression: 'SET GSI2SK = :checkAt, lastStatusCheckAt = :now ADD statusChecks :one',
          ConditionExpression: 'attribute_exists(GSI2PK) AND #status = :initial',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':checkAt': entry.GSI2SK, ':now': now.toISOString(), ':one': 1, ':initial': 'INITIAL' },
        }),
      ),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
