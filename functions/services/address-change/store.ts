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
 *     GSI2 `<municipality>#HANDOVER-NEWS` / `<updatedAt>#<handoverId>`       every change the county made, newest
 *                                                                              last: the municipality's schedule tells
 *                                                                              the citizen of outcomes (`news.ts`)
 * - municipality mirror: `<municipality>#APP#<applicationId>` / `HANDOVER#<handoverId>`
 *     query by application (begins_with `HANDOVER#`)
 *     GSI1 `<county>#VREG-CORRECTIONS` / `<at>#<handoverId>`                   while a citizen's corrected ZB I number
 *                                                                              waits for the county (which reads it
 *                                                                              with its own credentials)
 * - news cursor:        `<municipality>#HANDOVER-NEWS` / `CURSOR`           how far the municipality has read its news
 * - pilot report:       `<county>#VREG-REPORT#<handoverId>` / `REPORT`       a pilot town reports a sticker it put on the
 *                                                                              ZB I (written with the county's credentials,
 *                                                                              conditional on the county's acceptance)
 *     GSI1 `<county>#VREG-REPORTS` / `<reportedAt>#<handoverId>`            the county's list of reports, newest last
 * - register entry:     `<county>#VEHICLE#<plate>` / `REGISTER`              the county's record of the holder's address
 *                                                                              of a vehicle, updated with the report (same
 *                                                                              transaction); never older over newer
 * A sticker task is the town's own: task, published status and mirror all lie in the town's partition (the task's
 * `tenantId` is the town), under the same keys as a county task.
 *
 * Every write here touches ONE tenant's partitions and runs with that tenant's tenant-scoped credentials — also the
 * workflow step that makes the handover: it writes the receiver's task and published status with the receiver's
 * credentials (one transaction, conditional on the receiver's acceptance of the handover), then the sender's mirror
 * with the sender's (see `issuer.ts` for why that order is crash-safe). Afterwards each authority writes only its
 * own partition: the county its task and published status (one transaction, conditional on the task's status), the
 * municipality its mirror (read-repair when it reads a newer published status, and the citizen's correction).
 */
import { counterUpdates, sendWithCounters } from '#functions/reports/counters';
import { vehicleTaskCreated, vehicleTaskMoved } from '#functions/reports/service-counters';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient, type TransactWriteItem } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { assertCursorInScope } from '#core/pagination';
import { Conflict } from '#core/problem';
import type { HandoverMirror, HandoverRecords, HandoverStatus, PublishedStatus, VehicleTask, Zb1Correction } from './handover.ts';
import type { CitizenAction } from './schemas.ts';

export class TaskStateConflict extends Conflict {}
export class CorrectionAlreadySent extends Conflict {}

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
const newsIndex = (municipality: string) => partitionKey(municipality, 'HANDOVER-NEWS');
const correctionsIndex = (county: string) => partitionKey(county, 'VREG-CORRECTIONS');
const newsCursorKey = (municipality: string) => ({ PK: partitionKey(municipality, 'HANDOVER-NEWS'), SK: 'CURSOR' });
const reportKey = (county: string, id: string) => ({ PK: partitionKey(county, 'VREG-REPORT', id), SK: 'REPORT' });
const reportList = (county: string) => partitionKey(county, 'VREG-REPORTS');
const registerKey = (county: string, plate: string) => ({ PK: partitionKey(county, 'VEHICLE', plate.toUpperCase().replace(/\s+/g, '')), SK: 'REGISTER' });

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
  /** Absent for a town's own sticker task: no other authority is written to, so no agreement is needed. */
  acceptance: Required<Pick<TransactWriteItem, 'ConditionCheck'>> | undefined,
): Promise<'created' | 'exists' | 'not-accepted'> {
  const { task, published } = records;
  const notThere = { ConditionExpression: 'attribute_not_exists(PK)' };
  try {
    // Last in the transaction: the county's counter of tasks received (annual report).
    const counters = counterUpdates(task.tenantId, vehicleTaskCreated(task));
    await sendWithCounters(() => db.send(
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
          ...(acceptance ? [acceptance] : []),
          ...counters,
        ],
      }),
    ), acceptance ? 3 : 2);
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
  /** With a failure: what it asks the citizen to do. */
  citizenAction?: CitizenAction;
  /** With a reopen on the citizen's correction: the corrected ZB I number. */
  zb1Number?: string;
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
  const zb1Correction = outcome.zb1Number !== undefined ? { previous: task.zb1Number, at } : undefined;
  const optional = {
    newCertificateNumber: outcome.newCertificateNumber,
    note: outcome.note,
    failureReason: outcome.failureReason,
    citizenAction: outcome.citizenAction,
    zb1Number: outcome.zb1Number,
    zb1Correction,
  };
  // Reason and action belong to a failure: any other move removes them.
  const removedWhenAbsent = ['failureReason', 'citizenAction'];
  for (const [field, value] of Object.entries(optional)) {
    names[`#${field}`] = field;
    if (value !== undefined) {
      taskSets.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    } else if (removedWhenAbsent.includes(field)) {
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
  // The published status: what the municipality may learn, and the news entry that makes it tell the citizen.
  const statusSets = ['#status = :to', '#updatedAt = :at', 'GSI2PK = :news', 'GSI2SK = :newsAt'];
  const statusRemoves: string[] = [];
  const statusValues: Record<string, unknown> = { ':to': outcome.to, ':at': at, ':news': newsIndex(task.fromTenantId), ':newsAt': `${at}#${task.handoverId}` };
  for (const [field, value] of [['failureReason', outcome.failureReason], ['citizenAction', outcome.citizenAction]] as const) {
    if (value !== undefined) {
      statusSets.push(`#${field} = :${field}`);
      statusValues[`:${field}`] = value;
    } else statusRemoves.push(`#${field}`);
  }
  // Last in the transaction: the move in the county's counters (tasks done, failed, reopened; the turnaround).
  const counters = counterUpdates(task.tenantId, vehicleTaskMoved(task, from, outcome.to, at));
  try {
    await sendWithCounters(() => db.send(
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
              UpdateExpression: `SET ${statusSets.join(', ')}${statusRemoves.length ? ` REMOVE ${statusRemoves.join(', ')}` : ''}`,
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt', '#failureReason': 'failureReason', '#citizenAction': 'citizenAction' },
              ExpressionAttributeValues: statusValues,
            },
          },
          ...counters,
        ],
      }),
    ), 2);
  } catch (error) {
    if (isConditionFailure(error)) throw new TaskStateConflict('Der Auftrag wurde inzwischen bearbeitet. Bitte laden Sie ihn neu.');
    throw error;
  }
  const { failureReason: _old, citizenAction: _action, ...rest } = task;
  return {
    ...rest,
    status: outcome.to,
    updatedAt: at,
    updatedBy: outcome.by,
    ...(outcome.newCertificateNumber !== undefined ? { newCertificateNumber: outcome.newCertificateNumber } : {}),
    ...(outcome.note !== undefined ? { note: outcome.note } : {}),
    ...(outcome.failureReason !== undefined ? { failureReason: outcome.failureReason } : {}),
    ...(outcome.citizenAction !== undefined ? { citizenAction: outcome.citizenAction } : {}),
    ...(outcome.zb1Number !== undefined ? { zb1Number: outcome.zb1Number, zb1Correction: zb1Correction! } : {}),
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

/**
 * Read-repair of the municipality's mirror with a newer status; an older one never overwrites a newer one. A status
 * newer than the citizen's correction means the county has taken it up: the correction leaves the county's index.
 */
export async function refreshMirror(db: DynamoDBDocumentClient, tenantId: string, mirror: HandoverMirror): Promise<void> {
  const sets = ['#status = :status', '#updatedAt = :at'];
  const removes: string[] = [];
  const values: Record<string, unknown> = { ':status': mirror.status, ':at': mirror.updatedAt };
  for (const [field, value] of [['failureReason', mirror.failureReason], ['citizenAction', mirror.citizenAction]] as const) {
    if (value !== undefined) {
      sets.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    } else removes.push(`#${field}`);
  }
  if (mirror.correction && mirror.updatedAt > mirror.correction.at) removes.push('GSI1PK', 'GSI1SK');
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: mirrorKey(tenantId, mirror.applicationId, mirror.handoverId),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(PK) AND #updatedAt < :at',
        ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt', '#failureReason': 'failureReason', '#citizenAction': 'citizenAction' },
        ExpressionAttributeValues: values,
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** One mirror of the municipality (by application and handover), read consistently. */
export async function getMirror(db: DynamoDBDocumentClient, tenantId: string, applicationId: string, handoverId: string): Promise<HandoverMirror | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: mirrorKey(tenantId, applicationId, handoverId), ConsistentRead: true }));
  return strip<HandoverMirror>(result.Item);
}

/**
 * Records the citizen's corrected ZB I number on the municipality's mirror, indexed for the county that has the task
 * (`mirror.to`). One correction per failure: a second one for the same failure is `CorrectionAlreadySent`.
 */
export async function recordCorrection(db: DynamoDBDocumentClient, tenantId: string, mirror: HandoverMirror, correction: Zb1Correction): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: mirrorKey(tenantId, mirror.applicationId, mirror.handoverId),
        UpdateExpression: 'SET #correction = :correction, GSI1PK = :pk, GSI1SK = :sk',
        ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(#correction) OR #correction.#failureAt <> :failureAt)',
        ExpressionAttributeNames: { '#correction': 'correction', '#failureAt': 'failureAt' },
        ExpressionAttributeValues: { ':correction': correction, ':pk': correctionsIndex(mirror.to), ':sk': `${correction.at}#${mirror.handoverId}`, ':failureAt': correction.failureAt },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new CorrectionAlreadySent('Für diese Rückmeldung der Zulassungsstelle haben Sie bereits eine korrigierte Nummer gesendet.');
    throw error;
  }
}

export interface PendingCorrection {
  /** The municipality, from the key of the item (its partition): not from anything the item says about itself. */
  fromTenantId: string;
  applicationId: string;
  handoverId: string;
  correction: Zb1Correction;
}

/**
 * Corrections citizens sent for the county's tasks (optionally for one task): the county reads them with its own
 * credentials through the index keyed by its tenant id. Each item is a municipality's mirror.
 */
export async function pendingCorrections(db: DynamoDBDocumentClient, county: string, handoverId?: string): Promise<PendingCorrection[]> {
  const result = await db.send(
    new QueryCommand({ TableName: TABLE_NAME, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': correctionsIndex(county) } }),
  );
  return (result.Items ?? []).flatMap((item) => {
    const key = /^([a-z0-9-]+)#APP#([^#]+)$/.exec(String(item.PK));
    const mirror = strip<HandoverMirror>(item);
    if (!key || !mirror?.correction || String(item.SK) !== `HANDOVER#${mirror.handoverId}` || key[2] !== mirror.applicationId) return [];
    if (handoverId !== undefined && mirror.handoverId !== handoverId) return [];
    return [{ fromTenantId: key[1]!, applicationId: mirror.applicationId, handoverId: mirror.handoverId, correction: mirror.correction }];
  });
}

export interface HandoverNews {
  /** The authority that published it, from the item's key (its partition). */
  county: string;
  status: PublishedStatus;
  /** Where the municipality's cursor moves to once it is handled. */
  position: string;
}

/** What the counties published for the municipality after `after` (a position; '' from the start), oldest first, a page at a time. */
export async function newsSince(db: DynamoDBDocumentClient, municipality: string, after: string, limit = 100): Promise<HandoverNews[]> {
  // A key condition may not compare with an empty string: from the start, the partition alone.
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'GSI2',
      KeyConditionExpression: after ? 'GSI2PK = :pk AND GSI2SK > :after' : 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': newsIndex(municipality), ...(after ? { ':after': after } : {}) },
      Limit: limit,
    }),
  );
  return (result.Items ?? []).flatMap((item) => {
    const county = /^([a-z0-9-]+)#HANDOVER#[^#]+$/.exec(String(item.PK));
    if (!county || item.SK !== 'STATUS') return [];
    return [{ county: county[1]!, status: strip<PublishedStatus>(item)!, position: String(item.GSI2SK) }];
  });
}

/** How far the municipality has read its news ('' at first). */
export async function newsCursor(db: DynamoDBDocumentClient, municipality: string): Promise<string> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: newsCursorKey(municipality), ConsistentRead: true }));
  return typeof result.Item?.position === 'string' ? result.Item.position : '';
}

/** Moves the cursor forward (never back: two runs at once leave the further one). */
export async function saveNewsCursor(db: DynamoDBDocumentClient, municipality: string, position: string): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: newsCursorKey(municipality),
        UpdateExpression: 'SET #position = :position',
        ConditionExpression: 'attribute_not_exists(#position) OR #position < :position',
        ExpressionAttributeNames: { '#position': 'position' },
        ExpressionAttributeValues: { ':position': position },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** A pilot town's report of a sticker it put on a ZB I (`town-office-sticker`); `registerUpdated` is set by `createReport`. */
export interface VehicleReport {
  handoverId: string;
  fromTenantId: string;
  fromTenantName: string;
  caseNumber: string;
  plate: string;
  zb1Number: string;
  newAddress: VehicleTask['newAddress'];
  moveDate: string;
  stickerAppliedAt: string;
  reportedAt: string;
  registerUpdated: boolean;
}

export interface VehicleRegisterEntry {
  plate: string;
  zb1Number: string;
  address: VehicleTask['newAddress'];
  addressSince: string;
  updatedAt: string;
  source: { kind: 'town-office-report'; fromTenantId: string; handoverId: string };
}

/**
 * Writes a pilot town's report into the COUNTY's partition (run with the county's credentials) and updates the
 * county's register entry of the vehicle from it, in one transaction, conditional on the county accepting reports
 * from that town (`acceptance`). The report id is the task's handover id: a repeated report is `exists`, never a
 * second one. A register entry that already holds a later move keeps it; the report is then written alone
 * (`registerUpdated: false`), so the county still sees it.
 */
export async function createReport(
  db: DynamoDBDocumentClient,
  county: string,
  report: Omit<VehicleReport, 'registerUpdated'>,
  acceptance: Required<Pick<TransactWriteItem, 'ConditionCheck'>>,
): Promise<'created' | 'exists' | 'not-accepted'> {
  const put = (registerUpdated: boolean): TransactWriteItem => ({
    Put: {
      TableName: TABLE_NAME,
      Item: { ...reportKey(county, report.handoverId), GSI1PK: reportList(county), GSI1SK: `${report.reportedAt}#${report.handoverId}`, ...report, registerUpdated },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });
  const entry: VehicleRegisterEntry = {
    plate: report.plate,
    zb1Number: report.zb1Number,
    address: report.newAddress,
    addressSince: report.moveDate,
    updatedAt: report.reportedAt,
    source: { kind: 'town-office-report', fromTenantId: report.fromTenantId, handoverId: report.handoverId },
  };
  const register: TransactWriteItem = {
    Put: {
      TableName: TABLE_NAME,
      Item: { ...registerKey(county, report.plate), ...entry },
      ConditionExpression: 'attribute_not_exists(PK) OR #since <= :since',
      ExpressionAttributeNames: { '#since': 'addressSince' },
      ExpressionAttributeValues: { ':since': report.moveDate },
    },
  };
  for (const items of [[put(true), register, acceptance], [put(false), acceptance]]) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return 'created';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (conditionFailedAt(error, 0)) return 'exists';
      if (conditionFailedAt(error, items.length - 1)) return 'not-accepted';
      // Only the register's condition failed (it holds a later move): the report alone.
    }
  }
  return 'not-accepted';
}

/** Marks a done sticker task as reported to `county` (the town's partition; only a done task). */
export async function markReported(db: DynamoDBDocumentClient, task: VehicleTask, county: string, at: string): Promise<VehicleTask> {
  await db.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: taskKey(task.tenantId, task.handoverId),
      UpdateExpression: 'SET #reportedAt = :at, #reportedTo = :county',
      ConditionExpression: 'attribute_exists(PK) AND #status = :done',
      ExpressionAttributeNames: { '#reportedAt': 'reportedAt', '#reportedTo': 'reportedTo', '#status': 'status' },
      ExpressionAttributeValues: { ':at': at, ':county': county, ':done': 'done' },
    }),
  );
  return { ...task, reportedAt: at, reportedTo: county };
}

/** The reports the pilot towns sent the county, oldest first, a page at a time. */
export async function listReports(
  db: DynamoDBDocumentClient,
  county: string,
  page: { limit: number; cursor?: Record<string, unknown> },
): Promise<{ items: VehicleReport[]; cursor?: Record<string, unknown> }> {
  assertCursorInScope(page.cursor, { index: 'GSI1', partition: reportList(county) });
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': reportList(county) },
      // Newest first: the county's caseworkers look for what the towns reported lately.
      ScanIndexForward: false,
      Limit: page.limit,
      ...(page.cursor ? { ExclusiveStartKey: page.cursor } : {}),
    }),
  );
  return { items: (result.Items ?? []).map((item) => strip<VehicleReport>(item)!), ...(result.LastEvaluatedKey ? { cursor: result.LastEvaluatedKey } : {}) };
}

/** The county's register entry of a vehicle, or undefined. */
export async function registerEntry(db: DynamoDBDocumentClient, county: string, plate: string): Promise<VehicleRegisterEntry | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: registerKey(county, plate), ConsistentRead: true }));
  return strip<VehicleRegisterEntry>(result.Item);
}
