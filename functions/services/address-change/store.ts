/**
 * Handover store — the only code that talks to DynamoDB about the handovers of changes of address.
 *
 * Items (PK / SK) and access patterns:
 * - county task:        `<county>#HANDOVER#<handoverId>` / `TASK`
 *     get by id (county caseworker)
 *     GSI1 `<county>#VREG-TASKS#<status>` / `<createdAt>#<handoverId>`        the county's open / failed / done list
 * - published status:   `<county>#HANDOVER#<handoverId>` / `STATUS`          written with every change of the task
 *     GSI1 `<municipality>#HANDOVER-STATUS#<caseNumber>` / `<handoverId>`     the municipality reads the statuses of
 *                                                                              its case with its OWN tenant-scoped
 *                                                                              credentials (the index key starts
 *                                                                              with its tenant id)
 * - municipality mirror: `<municipality>#APP#<applicationId>` / `HANDOVER#<handoverId>`
 *     query by application (begins_with `HANDOVER#`)
 *
 * Every write here touches ONE tenant's partitions and runs with that tenant's tenant-scoped credentials — also the
 * workflow step that makes the handover: it writes the receiver's task and published status with the receiver's
 * credentials (one transaction, conditional on the receiver's acceptance of the handover), then the sender's mirror
 * with the sender's (see `issuer.ts` for why that order is crash-safe). Afterwards each authority writes only its
 * own partition: the county its task and published status (one transaction, conditional on the task's status), the
 * municipality its mirror (read-repair when it reads a newer published status).
 */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient, type TransactWriteItem } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { assertCursorInScope } from '#core/pagination';
import { Conflict } from '#core/problem';
import type { HandoverMirror, HandoverRecords, HandoverStatus, PublishedStatus, VehicleTask } from './handover.ts';

export class TaskStateConflict extends Conflict {}

const INDEX_KEYS = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'] as const;

function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const rest = { ...item };
  for (const key of INDEX_KEYS) delete rest[key];
  return rest as T;
}

const taskKey = (county: string, id: string) => ({ PK: partitionKey(county, 'HANDOVER', id), SK: 'TASK' });
const statusKey = (county: string, id: string) => ({ PK: partitionKey(county, 'HANDOVER', id), SK: 'STATUS' });
const mirrorKey = (tenantId: string, applicationId: string, id: string) => ({ PK: partitionKey(tenantId, 'APP', applicationId), SK: `HANDOVER#${id}` });
const taskList = (county: string, status: HandoverStatus) => partitionKey(county, 'VREG-TASKS', status);
const statusIndex = (municipality: string, caseNumber: string) => partitionKey(municipality, 'HANDOVER-STATUS', caseNumber);

/** What a transaction item's cancellation reason says about it. */
function conditionFailedAt(error: unknown, index: number): boolean {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons[index]?.Code === 'ConditionalCheckFailed';
}

/**
 * The receiver's part of a handover: the task and the status it publishes, one transaction on the RECEIVER's
 * partition, with the receiver's acceptance of the handover as a condition (`acceptance`, a `ConditionCheck` from the
 * tenants capability). Run it with the receiver's tenant-scoped credentials.
 * - `created`;
 * - `exists`: an earlier attempt of the step wrote it (the handover id is deterministic) — also when the receiver has
 *   withdrawn its acceptance since: that handover was made while it held;
 * - `not-accepted`: the receiver does not accept it (never did, or withdrew) — nothing was written.
 */
export async function createReceiverRecords(
  db: DynamoDBDocumentClient,
  records: Pick<HandoverRecords, 'task' | 'published'>,
  acceptance: Required<Pick<TransactWriteItem, 'ConditionCheck'>>,
): Promise<'created' | 'exists' | 'not-accepted'> {
  const { task, published } = records;
  const notThere = { ConditionExpression: 'attribute_not_exists(PK)' };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE_NAME,
              Item: { ...taskKey(task.tenantId, task.handoverId), GSI1PK: taskList(task.tenantId, task.status), GSI1SK: `${task.createdAt}#${task.handoverId}`, ...task },
              ...notThere,
            },
          },
          {
            Put: {
              TableName: TABLE_NAME,
              Item: { ...statusKey(task.tenantId, task.handoverId), GSI1PK: statusIndex(published.fromTenantId, published.caseNumber), GSI1SK: published.handoverId, ...published },
              ...notThere,
            },
          },
          acceptance,
        ],
      }),
    );
    return 'created';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if (conditionFailedAt(error, 0) || conditionFailedAt(error, 1)) return 'exists';
    return 'not-accepted';
  }
}

/** The sender's record of a handover (its partition). Run it with the SENDER's tenant-scoped credentials. */
export async function createMirror(db: DynamoDBDocumentClient, fromTenantId: string, mirror: HandoverMirror): Promise<'created' | 'exists'> {
  try {
    await db.send(
      new PutCommand({ TableName: TABLE_NAME, Item: { ...mirrorKey(fromTenantId, mirror.applicationId, mirror.handoverId), ...mirror }, ConditionExpression: 'attribute_not_exists(PK)' }),
    );
    return 'created';
  } catch (error) {
    if (isConditionFailure(error)) return 'exists';
    throw error;
  }
}

export async function getTask(db: DynamoDBDocumentClient, county: string, handoverId: string): Promise<VehicleTask | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: taskKey(county, handoverId), ConsistentRead: true }));
  return strip<VehicleTask>(result.Item);
}

export async function listTasks(
  db: DynamoDBDocumentClient,
  county: string,
  status: HandoverStatus,
  page: { limit: number; cursor?: Record<string, unknown> },
): Promise<{ items: VehicleTask[]; cursor?: Record<string, unknown> }> {
  assertCursorInScope(page.cursor, { index: 'GSI1', partition: taskList(county, status) });
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': taskList(county, status) },
      ScanIndexForward: true,
      Limit: page.limit,
      ...(page.cursor ? { ExclusiveStartKey: page.cursor } : {}),
    }),
  );
  return { items: (result.Items ?? []).map((item) => strip<VehicleTask>(item)!), ...(result.LastEvaluatedKey ? { cursor: result.LastEvaluatedKey } : {}) };
}

export interface TaskOutcome {
  to: HandoverStatus;
  by: string;
  now: Date;
  newCertificateNumber?: string;
  note?: string;
  failureReason?: string;
}

/**
 * Moves a county task from `from` to `outcome.to` and publishes the new status, in one transaction on the county's
 * partition. `TaskStateConflict` when the task is no longer in `from` (someone else was faster).
 */
export async function recordOutcome(db: DynamoDBDocumentClient, task: VehicleTask, from: HandoverStatus, outcome: TaskOutcome): Promise<VehicleTask> {
  const at = outcome.now.toISOString();
  const taskSets: string[] = ['#status = :to', '#updatedAt = :at', '#updatedBy = :by', 'GSI1PK = :list'];
  const taskRemoves: string[] = [];
  const values: Record<string, unknown> = { ':to': outcome.to, ':from': from, ':at': at, ':by': outcome.by, ':list': taskList(task.tenantId, outcome.to) };
  const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt', '#updatedBy': 'updatedBy' };
  const optional = { newCertificateNumber: outcome.newCertificateNumber, note: outcome.note, failureReason: outcome.failureReason };
  for (const [field, value] of Object.entries(optional)) {
    names[`#${field}`] = field;
    if (value !== undefined) {
      taskSets.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    } else if (field === 'failureReason') {
      taskRemoves.push(`#${field}`);
    } else {
      delete names[`#${field}`];
    }
  }
  if (from === 'failed' && outcome.to === 'open') {
    taskSets.push('#reopened = if_not_exists(#reopened, :zero) + :one');
    names['#reopened'] = 'reopened';
    values[':zero'] = 0;
    values[':one'] = 1;
  }
  const statusValues: Record<string, unknown> = { ':to': outcome.to, ':at': at };
  if (outcome.failureReason !== undefined) statusValues[':reason'] = outcome.failureReason;
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE_NAME,
              Key: taskKey(task.tenantId, task.handoverId),
              UpdateExpression: `SET ${taskSets.join(', ')}${taskRemoves.length ? ` REMOVE ${taskRemoves.join(', ')}` : ''}`,
              ConditionExpression: 'attribute_exists(PK) AND #status = :from',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
          {
            Update: {
              TableName: TABLE_NAME,
              Key: statusKey(task.tenantId, task.handoverId),
              UpdateExpression:
                outcome.failureReason !== undefined
                  ? 'SET #status = :to, #updatedAt = :at, #failureReason = :reason'
                  : 'SET #status = :to, #updatedAt = :at REMOVE #failureReason',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt', '#failureReason': 'failureReason' },
              ExpressionAttributeValues: statusValues,
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new TaskStateConflict('Der Auftrag wurde inzwischen bearbeitet. Bitte laden Sie ihn neu.');
    throw error;
  }
  const { failureReason: _old, ...rest } = task;
  return {
    ...rest,
    status: outcome.to,
    updatedAt: at,
    updatedBy: outcome.by,
    ...(outcome.newCertificateNumber !== undefined ? { newCertificateNumber: outcome.newCertificateNumber } : {}),
    ...(outcome.note !== undefined ? { note: outcome.note } : {}),
    ...(outcome.failureReason !== undefined ? { failureReason: outcome.failureReason } : {}),
    ...(from === 'failed' && outcome.to === 'open' ? { reopened: (task.reopened ?? 0) + 1 } : {}),
  };
}

/** The municipality's mirrors of an application's handovers. */
export async function mirrorsOf(db: DynamoDBDocumentClient, tenantId: string, applicationId: string): Promise<HandoverMirror[]> {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partitionKey(tenantId, 'APP', applicationId), ':prefix': 'HANDOVER#' },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map((item) => strip<HandoverMirror>(item)!);
}

/**
 * The statuses the county published for the municipality's case. The index partition starts with the
 * municipality's id, so this runs with the municipality's tenant-scoped credentials. Each item must also come from
 * the authority the mirror names: its base key is checked against `expectedPk`.
 */
export async function publishedStatusesFor(
  db: DynamoDBDocumentClient,
  municipality: string,
  caseNumber: string,
  mirrors: readonly Pick<HandoverMirror, 'handoverId' | 'to'>[],
): Promise<PublishedStatus[]> {
  if (mirrors.length === 0) return [];
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': statusIndex(municipality, caseNumber) },
    }),
  );
  const expected = new Set(mirrors.map((mirror) => `${statusKey(mirror.to, mirror.handoverId).PK}|STATUS`));
  return (result.Items ?? []).filter((item) => expected.has(`${String(item.PK)}|${String(item.SK)}`)).map((item) => strip<PublishedStatus>(item)!);
}

/** Read-repair of the municipality's mirror with a newer status; an older one never overwrites a newer one. */
export async function refreshMirror(db: DynamoDBDocumentClient, tenantId: string, mirror: HandoverMirror): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: mirrorKey(tenantId, mirror.applicationId, mirror.handoverId),
        UpdateExpression:
          mirror.failureReason !== undefined
            ? 'SET #status = :status, #updatedAt = :at, #failureReason = :reason'
            : 'SET #status = :status, #updatedAt = :at REMOVE #failureReason',
        ConditionExpression: 'attribute_exists(PK) AND #updatedAt < :at',
        ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt', '#failureReason': 'failureReason' },
        ExpressionAttributeValues: { ':status': mirror.status, ':at': mirror.updatedAt, ...(mirror.failureReason !== undefined ? { ':reason': mirror.failureReason } : {}) },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
