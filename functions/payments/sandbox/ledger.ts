/**
 * The sandbox provider's own records — what a real provider keeps on its side: the transaction the payer sees, its
 * outcome and refund. Kept apart from our payment record on purpose, so the sandbox behaves like an outside
 * system (it can be booked while our record still says INITIAL, until the webhook arrives).
 *
 * Access patterns (PK / SK):
 * - sandbox transaction: `<tenantId>#SANDBOX-PAYMENT#<paymentId>` / `TRANSACTION`
 */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
}

const key = (tenantId: string, paymentId: string) => ({ PK: partitionKey(tenantId, 'SANDBOX-PAYMENT', paymentId), SK: 'TRANSACTION' });

function strip(item: Record<string, unknown> | undefined): SandboxTransaction | undefined {
  if (!item) return undefined;
  const { PK: _pk, SK: _sk, ...rest } = item;
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
        sets.push('#event = :event');
        values[':event'] = change.event;
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
  };
}
