/**
 * Application store — the only code that talks to DynamoDB about applications.
 *
 * Access patterns (PK / SK):
 * - application:                 `<t>#APP#<id>` / `META`
 * - its timeline (oldest first): `<t>#APP#<id>` / begins_with `EVENT#`            (`EVENT#<at>#<seq>`)
 * - my applications (newest):    GSI1 `<t>#APPLICANT#<applicantId>` / `<createdAt>#<id>`, descending
 * - caseworker inbox by status:  GSI2 `<t>#INBOX#<status>` / `<createdAt>#<id>`, descending (service: filter)
 * - idempotency key:             `<t>#IDEMPOTENCY#<filedBy>#<key>` / `IDEMPOTENCY`   (TTL 48 h)
 * - case number counter:         `<t>#COUNTER` / `CASE#<caseCode>#<year>`          (atomic ADD)
 *
 * Every status change is one transaction: the application (conditional on its current status), a timeline entry,
 * and — when the change is to be reported — the notification (outbox). Nothing is half-written.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure, isTransactionConflict } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { assertCursorInScope } from '#core/pagination';
import type { ItemRead } from '#core/item-reads';
import { Conflict } from '#core/problem';
import { notificationPut, type Notification } from '#functions/notifications/outbox';
import type { Application, ApplicationStatus, TimelineEntry } from './model.ts';

export class ApplicationStateConflict extends Conflict {}
export class DuplicateSubmission extends Error {
  override readonly name = 'DuplicateSubmission';
}

/** Fields that only the workflow and the engine use; never shown to anybody. */
export const INTERNAL_FIELDS = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'decisionTaskToken', 'decisionDelivered'] as const;

const appKey = (tenantId: string, id: string) => ({ PK: partitionKey(tenantId, 'APP', id), SK: 'META' });
const applicantIndex = (app: Pick<Application, 'tenantId' | 'applicantId' | 'createdAt' | 'applicationId'>) => ({
  GSI1PK: partitionKey(app.tenantId, 'APPLICANT', app.applicantId),
  GSI1SK: `${app.createdAt}#${app.applicationId}`,
});
const inboxIndex = (app: Pick<Application, 'tenantId' | 'createdAt' | 'applicationId'>, status: ApplicationStatus) => ({
  GSI2PK: partitionKey(app.tenantId, 'INBOX', status),
  GSI2SK: `${app.createdAt}#${app.applicationId}`,
});
const idempotencyKey = (tenantId: string, filedBy: string, key: string) => ({
  PK: partitionKey(tenantId, 'IDEMPOTENCY', filedBy, key),
  SK: 'IDEMPOTENCY',
});

function eventItem(tenantId: string, applicationId: string, entry: TimelineEntry, order = 0) {
  // A random suffix keeps two events in the same millisecond apart; the ISO time keeps them in order, and `order`
  // the entries one step writes at the same moment.
  const suffix = `${order}${Math.random().toString(36).slice(2, 8)}`;
  return { PK: partitionKey(tenantId, 'APP', applicationId), SK: `EVENT#${entry.at}#${suffix}`, ...entry };
}

export function stripInternal<T extends object>(item: T): T {
  const copy = { ...item } as Record<string, unknown>;
  for (const field of INTERNAL_FIELDS) delete copy[field];
  return copy as T;
}

export async function nextCaseSequence(db: DynamoDBDocumentClient, tenantId: string, caseCode: string, year: number): Promise<number> {
  const result = await db.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: { PK: partitionKey(tenantId, 'COUNTER'), SK: `CASE#${caseCode}#${year}` },
      UpdateExpression: 'ADD seq :one',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(result.Attributes!.seq);
}

export interface IdempotencyRecord {
  applicationId: string;
  requestHash: string;
}

/** The record of an earlier submission with this key, for `readItems` (one call with other reads). */
export function idempotencyRead(tenantId: string, filedBy: string, key: string): ItemRead<IdempotencyRecord | undefined> {
  return { key: idempotencyKey(tenantId, filedBy, key), parse: (item) => item as IdempotencyRecord | undefined };
}

export async function getIdempotencyRecord(db: DynamoDBDocumentClient, tenantId: string, filedBy: string, key: string): Promise<IdempotencyRecord | undefined> {
  const read = idempotencyRead(tenantId, filedBy, key);
  return read.parse((await db.send(new GetCommand({ TableName: TABLE_NAME, Key: read.key, ConsistentRead: true }))).Item);
}

/**
 * Creates the application, its first timeline entries (in this order), the idempotency record and the receipt
 * notification in one transaction. A second submission with the same key fails the idempotency condition: `DuplicateSubmission`.
 */
export async function createApplication(
  db: DynamoDBDocumentClient,
  app: Application,
  idempotency: { key: string; requestHash: string },
  entries: readonly TimelineEntry[],
  notification?: Notification,
): Promise<void> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE_NAME,
              Item: idempotencyItem(app, idempotency),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: TABLE_NAME,
              Item: { ...appKey(app.tenantId, app.applicationId), ...applicantIndex(app), ...inboxIndex(app, app.status), ...app },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...entries.map((entry, index) => ({ Put: { TableName: TABLE_NAME, Item: eventItem(app.tenantId, app.applicationId, entry, index) } })),
          ...(notification ? [notificationPut(notification)] : []),
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) {
      throw new DuplicateSubmission('The idempotency key is taken');
    }
    throw error;
  }
}

function idempotencyItem(app: Application, idempotency: { key: string; requestHash: string }) {
  return {
    ...idempotencyKey(app.tenantId, app.filedBy, idempotency.key),
    applicationId: app.applicationId,
    requestHash: idempotency.requestHash,
    expiresAt: Math.floor(Date.parse(app.createdAt) / 1000) + 48 * 3600,
  };
}

export async function getApplication(db: DynamoDBDocumentClient, tenantId: string, applicationId: string): Promise<(Application & Record<string, unknown>) | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: appKey(tenantId, applicationId), ConsistentRead: true }));
  return result.Item as (Application & Record<string, unknown>) | undefined;
}

export async function getTimeline(db: DynamoDBDocumentClient, tenantId: string, applicationId: string): Promise<TimelineEntry[]> {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :events)',
      ExpressionAttributeValues: { ':pk': partitionKey(tenantId, 'APP', applicationId), ':events': 'EVENT#' },
      ProjectionExpression: '#at, #status, actor, note',
      ExpressionAttributeNames: { '#at': 'at', '#status': 'status' },
    }),
  );
  return (result.Items ?? []) as TimelineEntry[];
}

export interface Page<T> {
  items: T[];
  cursor?: Record<string, unknown>;
}

export async function listByApplicant(
  db: DynamoDBDocumentClient,
  tenantId: string,
  applicantId: string,
  page: { limit: number; cursor?: Record<string, unknown> },
): Promise<Page<Application>> {
  const pk = partitionKey(tenantId, 'APPLICANT', applicantId);
  assertCursorInScope(page.cursor, { index: 'GSI1', partition: pk });
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ScanIndexForward: false,
      Limit: page.limit,
      ...(page.cursor ? { ExclusiveStartKey: page.cursor } : {}),
    }),
  );
  return { items: (result.Items ?? []) as Application[], ...(result.LastEvaluatedKey ? { cursor: result.LastEvaluatedKey } : {}) };
}

export async function listInbox(
  db: DynamoDBDocumentClient,
  tenantId: string,
  filter: { status: ApplicationStatus; serviceId?: string },
  page: { limit: number; cursor?: Record<string, unknown> },
): Promise<Page<Application>> {
  const pk = partitionKey(tenantId, 'INBOX', filter.status);
  assertCursorInScope(page.cursor, { index: 'GSI2', partition: pk });
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ...(filter.serviceId
        ? { FilterExpression: 'serviceId = :service', ExpressionAttributeValues: { ':pk': pk, ':service': filter.serviceId } }
        : { ExpressionAttributeValues: { ':pk': pk } }),
      ScanIndexForward: false,
      Limit: page.limit,
      ...(page.cursor ? { ExclusiveStartKey: page.cursor } : {}),
    }),
  );
  return { items: (result.Items ?? []) as Application[], ...(result.LastEvaluatedKey ? { cursor: result.LastEvaluatedKey } : {}) };
}

export interface TransitionChange {
  from: readonly ApplicationStatus[];
  to: ApplicationStatus;
  actor: string;
  note?: string;
  now: Date;
  /** Further attributes to set on the application (payment, decision, findings, documents, failureReason, …). */
  set?: Record<string, unknown>;
  /** Extra condition, e.g. `attribute_not_exists(decision)`. */
  condition?: string;
  notification?: Notification;
  /**
   * Statuses the application passes through on its way to `to` within this one step (e.g. `paid` and `checks-passed`
   * before an automatic approval): each gets its timeline entry, in this order and before the entry of `to`, but the
   * application item is written once — one status change costs a rewrite of the item and its index entries.
   */
  through?: ReadonlyArray<{ status: ApplicationStatus; note?: string }>;
}

/**
 * Moves an application from one of `from` to `to`, appends the timeline entries and (optionally) the notification,
 * all in one transaction. Throws `ApplicationStateConflict` when the application is not in one of `from`.
 */
export async function transition(db: DynamoDBDocumentClient, app: Pick<Application, 'tenantId' | 'applicationId' | 'createdAt'>, change: TransitionChange): Promise<void> {
  const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt', '#version': 'version' };
  const values: Record<string, unknown> = {
    ':to': change.to,
    ':now': change.now.toISOString(),
    ':one': 1,
    ':gsi2pk': inboxIndex(app, change.to).GSI2PK,
  };
  const sets = ['#status = :to', '#updatedAt = :now', 'GSI2PK = :gsi2pk'];
  Object.entries(change.set ?? {}).forEach(([field, value], index) => {
    names[`#f${index}`] = field;
    values[`:v${index}`] = value;
    sets.push(`#f${index} = :v${index}`);
  });
  change.from.forEach((status, index) => (values[`:from${index}`] = status));
  const statusCondition = `#status IN (${change.from.map((_, index) => `:from${index}`).join(', ')})`;
  const at = change.now.toISOString();
  const entries: TimelineEntry[] = [...(change.through ?? []), { status: change.to, note: change.note }].map(({ status, note }) => ({
    at,
    status,
    actor: change.actor,
    ...(note ? { note } : {}),
  }));
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE_NAME,
              Key: appKey(app.tenantId, app.applicationId),
              UpdateExpression: `SET ${sets.join(', ')} ADD #version :one`,
              ConditionExpression: ['attribute_exists(PK)', statusCondition, change.condition].filter(Boolean).join(' AND '),
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
          ...entries.map((entry, index) => ({ Put: { TableName: TABLE_NAME, Item: eventItem(app.tenantId, app.applicationId, entry, index) } })),
          ...(change.notification ? [notificationPut(change.notification)] : []),
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) {
      throw new ApplicationStateConflict(`Der Antrag ist nicht (mehr) im passenden Bearbeitungsstand für „${change.to}“.`);
    }
    throw error;
  }
}

/** Records that the decision reached the workflow, so a repeated request does not deliver it again. */
export async function markDecisionDelivered(db: DynamoDBDocumentClient, tenantId: string, applicationId: string): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: appKey(tenantId, applicationId),
      UpdateExpression: 'SET decisionDelivered = :true REMOVE decisionTaskToken',
      ExpressionAttributeValues: { ':true': true },
    }),
  );
}

/** Stores the task token of the decision wait (written by the workflow step that starts waiting). */
export function decisionTokenField(token: string): Record<string, unknown> {
  return { decisionTaskToken: token };
}

/**
 * Marks a withdrawal as requested while the application is in `status` and undecided. The decision handler's
 * condition checks the same mark, so a withdrawal and a decision arriving together can never both win.
 */
export async function requestWithdrawal(db: DynamoDBDocumentClient, app: Pick<Application, 'tenantId' | 'applicationId'>, status: ApplicationStatus, now: Date): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: appKey(app.tenantId, app.applicationId),
        UpdateExpression: 'SET withdrawalRequestedAt = if_not_exists(withdrawalRequestedAt, :now)',
        ConditionExpression: '#status = :status AND attribute_not_exists(decision)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':now': now.toISOString(), ':status': status },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new ApplicationStateConflict('Der Antrag kann in diesem Bearbeitungsstand nicht mehr zurückgezogen werden.');
    throw error;
  }
}

/** Takes a withdrawal mark back when the withdrawal could not be delivered, so that decisions are possible again. */
export async function clearWithdrawalRequest(db: DynamoDBDocumentClient, app: Pick<Application, 'tenantId' | 'applicationId'>): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: appKey(app.tenantId, app.applicationId),
      UpdateExpression: 'REMOVE withdrawalRequestedAt',
      ConditionExpression: 'attribute_exists(PK)',
    }),
  );
}
