/**
 * The sandbox provider's own records — what a real provider keeps on its side: the transaction the payer sees, its
 * outcome and refund. Kept apart from our payment record on purpose, so the sandbox behaves like an outside
 * system (it can be booked while our record still says INITIAL, until the webhook arrives).
 *
 * Access patterns (PK / SK):
 * - sandbox transaction: `<tenantId>#SANDBOX-PAYMENT#<paymentId>` / `TRANSACTION`
 * - confirmations to (re)deliver, due first: GSI2 `<tenantId>#SANDBOX-WEBHOOK#pending` / `<nextAttemptAt>#<paymentId>`
 *   (sparse: set when the payer's action is recorded, removed once our webhook answered or the provider gave up)
 *
 * Like a real provider, the sandbox keeps a confirmation until it is delivered: the payer's action and the pending
 * delivery are one write, so a crash between the action and the webhook leaves a confirmation that the redelivery
 * schedule sends (`redeliver.handler.ts`), with backoff.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import type { PaymentEvent, PaymentStatus } from '../provider.ts';

export type SandboxOutcome = Exclude<PaymentStatus, 'INITIAL'>;

export interface SandboxTransaction {
  providerTransactionId: string;
  paymentId: string;
  tenantId: string;
  applicationId: string;
  amountCents: number;
  currency: 'EUR';
  purpose: string;
  cashReference: string;
  returnUrl: string;
  status: PaymentStatus;
  createdAt: string;
  finishedAt?: string;
  /** `payer` on the checkout page, `merchant` when we cancelled through the port. */
  finishedBy?: 'payer' | 'merchant';
  transactionReference?: string;
  /** The webhook event the payer's action produced (kept so that it can be inspected or sent again). */
  event?: PaymentEvent;
  refund?: { reference: string; reason: string; at: string };
  /** The delivery of `event` to our webhook. */
  delivery?: SandboxDelivery;
}

/**
 * `pending` until our webhook answered: `delivered` (2xx), `refused` (another 4xx: the event itself was rejected, a
 * provider does not repeat it) or `abandoned` after the last round of retries. `rounds` counts delivery rounds.
 */
export interface SandboxDelivery {
  state: 'pending' | 'delivered' | 'refused' | 'abandoned';
  rounds: number;
  nextAttemptAt?: string;
  lastStatus?: number | null;
}

export interface SandboxLedger {
  /** Creates the transaction unless one exists for the payment; returns the stored one either way. */
  create(transaction: SandboxTransaction): Promise<SandboxTransaction>;
  get(tenantId: string, paymentId: string): Promise<SandboxTransaction | undefined>;
  /** INITIAL → outcome. Returns `{ finished: false }` with the stored transaction when it was not INITIAL. */
  finish(
    tenantId: string,
    paymentId: string,
    change: { status: SandboxOutcome; at: string; by: 'payer' | 'merchant'; transactionReference?: string; event?: PaymentEvent },
  ): Promise<{ finished: boolean; transaction: SandboxTransaction | undefined }>;
  /** Records a refund of a BOOKED transaction once; returns the stored transaction either way. */
  refund(tenantId: string, paymentId: string, refund: { reference: string; reason: string; at: string }): Promise<SandboxTransaction | undefined>;
  /** Records how the last delivery round of the transaction's confirmation went. */
  recordDelivery(tenantId: string, paymentId: string, delivery: SandboxDelivery): Promise<void>;
  /** Transactions whose confirmation is due for delivery at `now`, due first. */
  dueDeliveries(tenantId: string, now: Date, limit?: number): Promise<SandboxTransaction[]>;
}

const key = (tenantId: string, paymentId: string) => ({ PK: partitionKey(tenantId, 'SANDBOX-PAYMENT', paymentId), SK: 'TRANSACTION' });
const pendingPartition = (tenantId: string) => partitionKey(tenantId, 'SANDBOX-WEBHOOK', 'pending');

function strip(item: Record<string, unknown> | undefined): SandboxTransaction | undefined {
  if (!item) return undefined;
  const { PK: _pk, SK: _sk, GSI2PK: _gsi2pk, GSI2SK: _gsi2sk, ...rest } = item;
  return rest as unknown as SandboxTransaction;
}

export function dynamoLedger(db: DynamoDBDocumentClient): SandboxLedger {
  const get = async (tenantId: string, paymentId: string) =>
    strip((await db.send(new GetCommand({ TableName: TABLE_NAME, Key: key(tenantId, paymentId), ConsistentRead: true }))).Item);

  return {
    get,

    async create(transaction) {
      try {
        await db.send(
          new PutCommand({
            TableName: TABLE_NAME,
            Item: { ...key(transaction.tenantId, transaction.paymentId), ...transaction },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return transaction;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return (await get(transaction.tenantId, transaction.paymentId))!;
      }
    },

    async finish(tenantId, paymentId, change) {
      const values: Record<string, unknown> = { ':to': change.status, ':at': change.at, ':by': change.by, ':initial': 'INITIAL' };
      const sets = ['#status = :to', 'finishedAt = :at', 'finishedBy = :by'];
      if (change.transactionReference !== undefined) {
        sets.push('transactionReference = :reference');
        values[':reference'] = change.transactionReference;
      }
      if (change.event !== undefined) {
        // The confirmation is due at once: the checkout action delivers it right away, the schedule if that fails.
        sets.push('#event = :event', 'delivery = :delivery', 'GSI2PK = :pending', 'GSI2SK = :due');
        values[':event'] = change.event;
        values[':delivery'] = { state: 'pending', rounds: 0, nextAttemptAt: change.at } satisfies SandboxDelivery;
        values[':pending'] = pendingPartition(tenantId);
        values[':due'] = `${change.at}#${paymentId}`;
      }
      try {
        const result = await db.send(
          new UpdateCommand({
            TableName: TABLE_NAME,
            Key: key(tenantId, paymentId),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: 'attribute_exists(PK) AND #status = :initial',
            ExpressionAttributeNames: { '#status': 'status', ...(change.event !== undefined ? { '#event': 'event' } : {}) },
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { finished: true, transaction: strip(result.Attributes) };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return { finished: false, transaction: await get(tenantId, paymentId) };
      }
    },

    async refund(tenantId, paymentId, refund) {
      try {
        const result = await db.send(
          new UpdateCommand({
            TableName: TABLE_NAME,
            Key: key(tenantId, paymentId),
            UpdateExpression: 'SET refund = :refund',
            ConditionExpression: 'attribute_exists(PK) AND #status = :booked AND attribute_not_exists(refund)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':refund': refund, ':booked': 'BOOKED' },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return strip(result.Attributes);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return get(tenantId, paymentId);
      }
    },

    async recordDelivery(tenantId, paymentId, delivery) {
      const due = delivery.state === 'pending' && delivery.nextAttemptAt !== undefined;
      await db.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: key(tenantId, paymentId),
          UpdateExpression: due ? 'SET delivery = :delivery, GSI2SK = :due' : 'SET delivery = :delivery REMOVE GSI2PK, GSI2SK',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':delivery': delivery, ...(due ? { ':due': `${delivery.nextAttemptAt}#${paymentId}` } : {}) },
        }),
      );
    },

    async dueDeliveries(tenantId, now, limit = 100) {
      const result = await db.send(
        new QueryCommand({
          TableName: TABLE_NAME,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :now',
          // `#~` sorts after every `#<paymentId>`: everything due at `now` is included.
          ExpressionAttributeValues: { ':pk': pendingPartition(tenantId), ':now': `${now.toISOString()}#~` },
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map((item) => strip(item)!);
    },
  };
}
