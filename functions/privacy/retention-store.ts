/**
 * Retention store — what the retention sweeper and the legal holds read and write.
 *
 * Access patterns (PK / SK):
 * - closed applications by day:  `<t>#RETENTION#APPLICATION#<serviceId>` / `<closedAt>#<applicationId>` — written in
 *                                the transaction that makes an application final (`applicationClosedPut`). The sweeper
 *                                queries `SK < <cutoff>` per service: the cutoff follows from the period configured
 *                                NOW, so a changed period applies to records closed before the change, and no Scan is
 *                                needed (the due-day index is this partition; it needs no third GSI).
 * - legal hold of a case:        `<t>#APP#<applicationId>` / `HOLD` — in the case's own partition, so the erasure of a
 *                                case and its hold can never be in different states of one transaction.
 * - anonymised counts:           `<t>#RETENTION#COUNTS` / `<serviceId>#<year>#<status>` (atomic ADD): what stays of
 *                                an erased case for the reports (service, year of submission, outcome — nothing else).
 *
 * Erasing a case removes its whole partition (application, timeline, pending deliveries): first everything but the
 * application, then — in one transaction — the application (conditional on it still being the closed one), its marker
 * and the count. A crash in between leaves the application and its marker, so the next run repeats the erasure.
 */
import { BatchWriteCommand, DeleteCommand, GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { Conflict } from '#core/problem';

export class CaseNotFound extends Error {
  override readonly name = 'CaseNotFound';
}
/** The case is already held (PUT) or is not held (DELETE). */
export class HoldConflict extends Conflict {}

export interface ClosedMarker {
  serviceId: string;
  applicationId: string;
  closedAt: string;
}

export interface LegalHold {
  reason: string;
  by: string;
  at: string;
}

const markerPartition = (tenantId: string, serviceId: string) => partitionKey(tenantId, 'RETENTION', 'APPLICATION', serviceId);
const markerKey = (tenantId: string, marker: ClosedMarker) => ({ PK: markerPartition(tenantId, marker.serviceId), SK: `${marker.closedAt}#${marker.applicationId}` });
const holdKey = (tenantId: string, applicationId: string) => ({ PK: partitionKey(tenantId, 'APP', applicationId), SK: 'HOLD' });
const countsPartition = (tenantId: string) => partitionKey(tenantId, 'RETENTION', 'COUNTS');

/** The marker an application gets when it becomes final; a Put for the closing transaction. */
export function applicationClosedPut(tenantId: string, marker: ClosedMarker) {
  return { Put: { TableName: TABLE_NAME, Item: { ...markerKey(tenantId, marker), ...marker } } };
}

/** The applications of a service closed before `before`, oldest first (at most `limit`). */
export async function closedBefore(db: DynamoDBDocumentClient, tenantId: string, serviceId: string, before: Date, limit = 100): Promise<ClosedMarker[]> {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND SK < :before',
      ExpressionAttributeValues: { ':pk': markerPartition(tenantId, serviceId), ':before': before.toISOString() },
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map((item) => ({ serviceId: item.serviceId, applicationId: item.applicationId, closedAt: item.closedAt }));
}

export async function dropMarker(db: DynamoDBDocumentClient, tenantId: string, marker: ClosedMarker): Promise<void> {
  await db.send(new DeleteCommand({ TableName: TABLE_NAME, Key: markerKey(tenantId, marker) }));
}

/** Every item of a case's partition (application, timeline, deliveries, hold). */
export function caseItems(db: DynamoDBDocumentClient, tenantId: string, applicationId: string): Promise<Record<string, any>[]> {
  return partitionItems(db, partitionKey(tenantId, 'APP', applicationId));
}

/** Deletes items by key, 25 per batch; unprocessed deletes (throttling) are retried, they are idempotent. */
export async function deleteItems(db: DynamoDBDocumentClient, items: ReadonlyArray<Record<string, any>>): Promise<void> {
  for (let index = 0; index < items.length; index += 25) {
    let requests: Record<string, any>[] = items.slice(index, index + 25).map((item) => ({ DeleteRequest: { Key: { PK: item.PK, SK: item.SK } } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > 8) throw new Error('Deleting items did not finish');
      const result = await db.send(new BatchWriteCommand({ RequestItems: { [TABLE_NAME]: requests } }));
      requests = result.UnprocessedItems?.[TABLE_NAME] ?? [];
    }
  }
}

/** Every item of a partition (e.g. a payment with its provider events). */
export async function partitionItems(db: DynamoDBDocumentClient, pk: string): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ TableName: TABLE_NAME, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Erases a closed case: its partition but the application, then the application with its marker and the anonymised
 * count in one transaction (conditional on the application still being in `status`). False when the application
 * changed meanwhile (nothing more is erased then).
 */
export async function eraseCase(
  db: DynamoDBDocumentClient,
  tenantId: string,
  marker: ClosedMarker,
  items: Record<string, any>[],
  outcome: { status: string; year: string },
): Promise<boolean> {
  await deleteItems(db, items.filter((item) => item.SK !== 'META' && item.SK !== 'HOLD'));
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: TABLE_NAME,
              Key: { PK: partitionKey(tenantId, 'APP', marker.applicationId), SK: 'META' },
              ConditionExpression: '#status = :status',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':status': outcome.status },
            },
          },
          // A hold set since the sweeper looked stops the erasure of the application itself.
          { ConditionCheck: { TableName: TABLE_NAME, Key: holdKey(tenantId, marker.applicationId), ConditionExpression: 'attribute_not_exists(PK)' } },
          { Delete: { TableName: TABLE_NAME, Key: markerKey(tenantId, marker) } },
          {
            Update: {
              TableName: TABLE_NAME,
              Key: { PK: countsPartition(tenantId), SK: `${marker.serviceId}#${outcome.year}#${outcome.status}` },
              UpdateExpression: 'SET serviceId = :service, #year = :year, #status = :status ADD #count :one',
              ExpressionAttributeNames: { '#year': 'year', '#status': 'status', '#count': 'count' },
              ExpressionAttributeValues: { ':service': marker.serviceId, ':year': outcome.year, ':status': outcome.status, ':one': 1 },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export interface AnonymisedCount {
  serviceId: string;
  year: string;
  status: string;
  count: number;
}

/** What is left of the erased cases: counts per service, year and outcome. */
export async function anonymisedCounts(db: DynamoDBDocumentClient, tenantId: string): Promise<AnonymisedCount[]> {
  const result = await db.send(new QueryCommand({ TableName: TABLE_NAME, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': countsPartition(tenantId) } }));
  return (result.Items ?? []).map((item) => ({ serviceId: item.serviceId, year: item.year, status: item.status, count: item.count }));
}

export async function getHold(db: DynamoDBDocumentClient, tenantId: string, applicationId: string): Promise<LegalHold | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: holdKey(tenantId, applicationId), ConsistentRead: true }));
  return result.Item ? { reason: result.Item.reason, by: result.Item.by, at: result.Item.at } : undefined;
}

/** Sets a hold on an existing case; refused when it is held already (the first reason stays on record). */
export async function placeHold(db: DynamoDBDocumentClient, tenantId: string, applicationId: string, hold: LegalHold): Promise<void> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { ConditionCheck: { TableName: TABLE_NAME, Key: { PK: partitionKey(tenantId, 'APP', applicationId), SK: 'META' }, ConditionExpression: 'attribute_exists(PK)' } },
          { Put: { TableName: TABLE_NAME, Item: { ...holdKey(tenantId, applicationId), ...hold }, ConditionExpression: 'attribute_not_exists(PK)' } },
        ],
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (reasons[0]?.Code === 'ConditionalCheckFailed') throw new CaseNotFound('No such case');
    throw new HoldConflict('Für diesen Vorgang besteht bereits eine Aufbewahrungssperre.');
  }
}

export async function releaseHold(db: DynamoDBDocumentClient, tenantId: string, applicationId: string): Promise<void> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { ConditionCheck: { TableName: TABLE_NAME, Key: { PK: partitionKey(tenantId, 'APP', applicationId), SK: 'META' }, ConditionExpression: 'attribute_exists(PK)' } },
          { Delete: { TableName: TABLE_NAME, Key: holdKey(tenantId, applicationId), ConditionExpression: 'attribute_exists(PK)' } },
        ],
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (reasons[0]?.Code === 'ConditionalCheckFailed') throw new CaseNotFound('No such case');
    throw new HoldConflict('Für diesen Vorgang besteht keine Aufbewahrungssperre.');
  }
}
