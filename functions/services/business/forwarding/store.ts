/**
 * Delivery store — the only code that talks to DynamoDB about forwarding.
 *
 * Access patterns (PK / SK):
 * - delivery:                      `<t>#DELIVERY#<id>` / `DELIVERY`
 * - deliveries by status:          GSI2 `<t>#DELIVERIES#<status>` / `<at>#<id>` — `at` is `nextAttemptAt` while
 *                                  pending or failed (due first: the retry schedule reads `<= now`), else `updatedAt`
 * - deliveries of an application:  GSI1 `<t>#APPDELIVERIES#<applicationId>` / `<recipientId>#<id>`
 * - statistics record:             `<t>#STATRECORD#<applicationId>` / `STATRECORD`
 * - records awaiting the batch:    GSI2 `<t>#STATPENDING` / `<period>#<applicationId>` (sparse: removed when batched)
 *
 * Every change of a delivery is conditional on the state it was read in (status and attempt count), so two
 * concurrent attempts (the schedule and a resend) record one outcome each at most, and no state is lost.
 */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure, isTransactionConflict } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { assertCursorInScope } from '#core/pagination';
import { Conflict, NotFound } from '#core/problem';
import type { Delivery, DeliveryEvent, DeliveryStatus, StatisticsRecord } from './model.ts';

export class DeliveryAlreadyDelivered extends Conflict {}
export class DeliveryChanged extends Error {
  override readonly name = 'DeliveryChanged';
}

const deliveryKey = (tenantId: string, id: string) => ({ PK: partitionKey(tenantId, 'DELIVERY', id), SK: 'DELIVERY' });
const statusIndex = (tenantId: string, status: DeliveryStatus, at: string, id: string) => ({
  GSI2PK: partitionKey(tenantId, 'DELIVERIES', status),
  GSI2SK: `${at}#${id}`,
});
const applicationIndex = (tenantId: string, applicationId: string, recipientId: string, id: string) => ({
  GSI1PK: partitionKey(tenantId, 'APPDELIVERIES', applicationId),
  GSI1SK: `${recipientId}#${id}`,
});
const recordKey = (tenantId: string, applicationId: string) => ({ PK: partitionKey(tenantId, 'STATRECORD', applicationId), SK: 'STATRECORD' });
const pendingRecordIndex = (tenantId: string, period: string, applicationId: string) => ({
  GSI2PK: partitionKey(tenantId, 'STATPENDING'),
  GSI2SK: `${period}#${applicationId}`,
});

const INTERNAL = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'];

function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const copy = { ...item };
  for (const field of INTERNAL) delete copy[field];
  return copy as T;
}

/** The sort position of a delivery in its status index. */
function indexAt(delivery: Pick<Delivery, 'status' | 'nextAttemptAt' | 'updatedAt'>): string {
  return delivery.status === 'pending' || delivery.status === 'failed' ? delivery.nextAttemptAt : delivery.updatedAt;
}

function deliveryItem(delivery: Delivery) {
  return {
    ...deliveryKey(delivery.tenantId, delivery.deliveryId),
    ...statusIndex(delivery.tenantId, delivery.status, indexAt(delivery), delivery.deliveryId),
    // A batch carries many applications; it is listed under none of them.
    ...(delivery.kind === 'notice' && delivery.applicationIds[0]
      ? applicationIndex(delivery.tenantId, delivery.applicationIds[0], delivery.recipientId, delivery.deliveryId)
      : {}),
    ...delivery,
  };
}

/** Creates a delivery once; `exists` when one with the same (deterministic) id is there already. */
export async function putDelivery(db: DynamoDBDocumentClient, delivery: Delivery): Promise<'created' | 'exists'> {
  try {
    await db.send(new PutCommand({ TableName: TABLE_NAME, Item: deliveryItem(delivery), ConditionExpression: 'attribute_not_exists(PK)' }));
    return 'created';
  } catch (error) {
    if (isConditionFailure(error)) return 'exists';
    throw error;
  }
}

export async function getDelivery(db: DynamoDBDocumentClient, tenantId: string, deliveryId: string): Promise<Delivery | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: deliveryKey(tenantId, deliveryId), ConsistentRead: true }));
  return strip<Delivery>(Item);
}

export interface AttemptOutcome {
  status: Exclude<DeliveryStatus, 'pending'>;
  now: Date;
  nextAttemptAt?: string;
  error?: string;
  transportRef?: string;
  /** The XML, when it was built in this attempt. */
  payload?: string;
}

/**
 * Records the outcome of one attempt, conditional on the delivery being as it was read (same status, same total
 * attempts). Throws `DeliveryChanged` when another attempt or a resend got there first.
 */
export async function recordAttempt(db: DynamoDBDocumentClient, read: Delivery, outcome: AttemptOutcome): Promise<Delivery> {
  const at = outcome.now.toISOString();
  const attempt = read.totalAttempts + 1;
  const event: DeliveryEvent = { at, event: outcome.status, attempt, ...(outcome.error ? { error: outcome.error } : {}) };
  const nextAt = outcome.nextAttemptAt ?? read.nextAttemptAt;
  const index = statusIndex(read.tenantId, outcome.status, outcome.status === 'failed' ? nextAt : at, read.deliveryId);
  const sets = [
    '#status = :status',
    '#attempts = #attempts + :one',
    '#totalAttempts = #totalAttempts + :one',
    '#lastAttemptAt = :at',
    '#updatedAt = :at',
    '#nextAttemptAt = :next',
    '#history = list_append(#history, :event)',
    'GSI2PK = :gsi2pk',
    'GSI2SK = :gsi2sk',
  ];
  const names: Record<string, string> = {
    '#status': 'status',
    '#attempts': 'attempts',
    '#totalAttempts': 'totalAttempts',
    '#lastAttemptAt': 'lastAttemptAt',
    '#updatedAt': 'updatedAt',
    '#nextAttemptAt': 'nextAttemptAt',
    '#history': 'history',
  };
  const values: Record<string, unknown> = {
    ':status': outcome.status,
    ':one': 1,
    ':at': at,
    ':next': nextAt,
    ':event': [event],
    ':gsi2pk': index.GSI2PK,
    ':gsi2sk': index.GSI2SK,
    ':read': read.status,
    ':expected': read.totalAttempts,
  };
  const optional: Array<[string, unknown]> = [
    ['lastError', outcome.error],
    ['deliveredAt', outcome.status === 'delivered' ? at : undefined],
    ['transportRef', outcome.transportRef],
    ['payload', outcome.payload],
  ];
  for (const [field, value] of optional) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: deliveryKey(read.tenantId, read.deliveryId),
        UpdateExpression: `SET ${sets.join(', ')}${outcome.status === 'delivered' ? ' REMOVE lastError' : ''}`,
        ConditionExpression: '#status = :read AND #totalAttempts = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip<Delivery>(Attributes)!;
  } catch (error) {
    if (isConditionFailure(error)) throw new DeliveryChanged(`Delivery ${read.deliveryId} changed during the attempt`);
    throw error;
  }
}

/**
 * Puts a failed or dead delivery back to `pending` for a new round of attempts (due at once), recording who asked.
 * A pending delivery is returned as it is; a delivered one is a conflict.
 */
export async function markForResend(db: DynamoDBDocumentClient, tenantId: string, deliveryId: string, request: { by: string; now: Date; note?: string }): Promise<Delivery> {
  const at = request.now.toISOString();
  const event: DeliveryEvent = { at, event: 'resend', by: request.by, ...(request.note ? { note: request.note } : {}) };
  const index = statusIndex(tenantId, 'pending', at, deliveryId);
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: deliveryKey(tenantId, deliveryId),
        UpdateExpression:
          'SET #status = :pending, #attempts = :zero, #nextAttemptAt = :at, #updatedAt = :at, #history = list_append(#history, :event), GSI2PK = :gsi2pk, GSI2SK = :gsi2sk',
        ConditionExpression: 'attribute_exists(PK) AND #status IN (:failed, :dead)',
        ExpressionAttributeNames: { '#status': 'status', '#attempts': 'attempts', '#nextAttemptAt': 'nextAttemptAt', '#updatedAt': 'updatedAt', '#history': 'history' },
        ExpressionAttributeValues: {
          ':pending': 'pending',
          ':failed': 'failed',
          ':dead': 'dead',
          ':zero': 0,
          ':at': at,
          ':event': [event],
          ':gsi2pk': index.GSI2PK,
          ':gsi2sk': index.GSI2SK,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip<Delivery>(Attributes)!;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const current = await getDelivery(db, tenantId, deliveryId);
    if (!current) throw new NotFound('Die Übermittlung wurde nicht gefunden.');
    if (current.status === 'delivered') throw new DeliveryAlreadyDelivered('Die Übermittlung ist bereits zugestellt; sie wird nicht erneut gesendet.');
    return current;
  }
}

export interface Page<T> {
  items: T[];
  cursor?: Record<string, unknown>;
}

/** Deliveries of a status: due first while pending or failed, newest first when delivered or dead. */
export async function listByStatus(
  db: DynamoDBDocumentClient,
  tenantId: string,
  status: DeliveryStatus,
  page: { limit: number; cursor?: Record<string, unknown> },
): Promise<Page<Delivery>> {
  const pk = partitionKey(tenantId, 'DELIVERIES', status);
  assertCursorInScope(page.cursor, { index: 'GSI2', partition: pk });
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ScanIndexForward: status === 'pending' || status === 'failed',
      Limit: page.limit,
      ...(page.cursor ? { ExclusiveStartKey: page.cursor } : {}),
    }),
  );
  return { items: (result.Items ?? []).map((item) => strip<Delivery>(item)!), ...(result.LastEvaluatedKey ? { cursor: result.LastEvaluatedKey } : {}) };
}

export async function listByApplication(db: DynamoDBDocumentClient, tenantId: string, applicationId: string): Promise<Delivery[]> {
  const items: Delivery[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': partitionKey(tenantId, 'APPDELIVERIES', applicationId) },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    items.push(...(result.Items ?? []).map((item) => strip<Delivery>(item)!));
    cursor = result.LastEvaluatedKey;
  } while (cursor);
  return items;
}

/** Ids of deliveries in `status` whose next attempt is due at `now`, oldest first. */
export async function dueDeliveries(db: DynamoDBDocumentClient, tenantId: string, status: 'pending' | 'failed', now: Date, limit = 50): Promise<string[]> {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :now',
      ExpressionAttributeValues: { ':pk': partitionKey(tenantId, 'DELIVERIES', status), ':now': `${now.toISOString()}#~` },
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map((item) => item.deliveryId as string);
}

/** Stores a notice for the statistics batch once (a retried issue step finds it there). */
export async function putStatisticsRecord(db: DynamoDBDocumentClient, record: StatisticsRecord): Promise<'created' | 'exists'> {
  try {
    await db.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { ...recordKey(record.tenantId, record.applicationId), ...pendingRecordIndex(record.tenantId, record.period, record.applicationId), ...record },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return 'created';
  } catch (error) {
    if (isConditionFailure(error)) return 'exists';
    throw error;
  }
}

/** Records not yet batched of the periods before `beforePeriod` (`YYYY-MM`), oldest period first. */
export async function pendingStatisticsRecords(db: DynamoDBDocumentClient, tenantId: string, beforePeriod: string): Promise<StatisticsRecord[]> {
  const records: StatisticsRecord[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :before',
        ExpressionAttributeValues: { ':pk': partitionKey(tenantId, 'STATPENDING'), ':before': beforePeriod },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    records.push(...(result.Items ?? []).map((item) => strip<StatisticsRecord>(item)!));
    cursor = result.LastEvaluatedKey;
  } while (cursor);
  return records;
}

/** At most this many records per batch transaction (DynamoDB allows 100 items, one is the delivery). */
export const MAX_RECORDS_PER_BATCH = 50;

/**
 * Creates a batch delivery and marks its records as batched — one transaction, so a record is in exactly one batch.
 * `exists` when a concurrent run created the same batch first (or took one of its records).
 */
export async function createBatch(db: DynamoDBDocumentClient, delivery: Delivery, records: readonly StatisticsRecord[]): Promise<'created' | 'exists'> {
  if (records.length === 0 || records.length > MAX_RECORDS_PER_BATCH) throw new Error(`A batch has 1 to ${MAX_RECORDS_PER_BATCH} records`);
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE_NAME, Item: deliveryItem(delivery), ConditionExpression: 'attribute_not_exists(PK)' } },
          ...records.map((record) => ({
            Update: {
              TableName: TABLE_NAME,
              Key: recordKey(record.tenantId, record.applicationId),
              UpdateExpression: 'SET batchId = :batch REMOVE GSI2PK, GSI2SK',
              ConditionExpression: 'attribute_exists(GSI2PK)',
              ExpressionAttributeValues: { ':batch': delivery.deliveryId },
            },
          })),
        ],
      }),
    );
    return 'created';
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) return 'exists';
    throw error;
  }
}
