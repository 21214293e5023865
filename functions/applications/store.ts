/**
 * Application store — the only code that talks to DynamoDB about applications.
 *
 * Access patterns (PK / SK):
 * - application:                 `<t>#APP#<id>` / `META`
 * - its timeline (oldest first): `<t>#APP#<id>` / begins_with `EVENT#`            (`EVENT#<at>#<seq>`)
 * - my applications (newest):    GSI1 `<t>#APPLICANT#<applicantId>` / `<createdAt>#<id>`, descending
 * - caseworker inbox by status:  GSI2 `<t>#INBOX#<status>` / `<createdAt>#<id>`, descending (service: filter;
 *                                submitted before a time: `GSI2SK < <time>`)
 * - stale applications (repair): the same index, `GSI2SK < <cutoff>` and `updatedAt < <cutoff>` (a filter): the
 *                                applications that have been in one status since before the cutoff
 * - idempotency key:             `<t>#IDEMPOTENCY#<filedBy>#<key>` / `IDEMPOTENCY`   (TTL 48 h)
 * - case number counter:         `<t>#COUNTER` / `CASE#<caseCode>#<year>`          (atomic ADD)
 * - reserved value:              `<t>#RESERVATION#<hash>` / `RESERVATION`          (see reservations.ts)
 * - undelivered event:           `<t>#APP#<id>` / `DELIVERY#<kind>` — a recorded decision or withdrawal that the
 *                                waiting workflow task has not been handed yet; GSI2 `<t>#DELIVERY#pending` /
 *                                `<recordedAt>#<id>#<kind>` (oldest first, for the repair). Deleted on delivery.
 *
 * Every status change is one transaction: the application (conditional on its current status), a timeline entry,
 * the KPI counters it changes (`functions/reports/application-counters.ts`, last in the transaction) and — when the
 * change is to be reported — the notification (outbox). Nothing is half-written, nothing counted twice.
 *
 * A submission writes twice, and only its winner takes a case number: first the claim (the idempotency record with
 * `claimExpiresAt`, and the reserved value if the service has one: one conditional write that exactly one of
 * concurrent duplicates wins), then the counter, then the application with its timeline, receipt and the
 * confirmation of both claims in one transaction. A claim whose submission died expires and may be taken over by a
 * retry with the same key and request.
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure, isTransactionConflict } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { assertCursorInScope } from '#core/pagination';
import type { ItemRead } from '#core/item-reads';
import { Conflict } from '#core/problem';
import { notificationPut, type Notification } from '#functions/notifications/outbox';
import { FINAL_STATUSES, type Application, type ApplicationStatus, type DocumentRef, type TimelineEntry } from './model.ts';
import { heldReservation, reservationFree, reservationItemKey, type HeldReservation } from './reservations.ts';
import { draftDeletes } from './drafts/store.ts';
import { counterUpdates, sendWithCounters } from '#functions/reports/counters';
import { submissionEvents, transitionEvents } from '#functions/reports/application-counters';
import { applicationClosedPut } from '#functions/privacy/retention-store';

export class ApplicationStateConflict extends Conflict {}
/** The Idempotency-Key is claimed by another request (a concurrent duplicate, or an earlier one still in progress). */
export class DuplicateSubmission extends Error {
  override readonly name = 'DuplicateSubmission';
}
/** The value the service reserves is held by another application or by something issued. */
export class ReservationTaken extends Error {
  override readonly name = 'ReservationTaken';
  constructor(readonly held: HeldReservation) {
    super('The reserved value is held');
  }
}

/** Fields that only the workflow and the engine use; never shown to anybody. */
export const INTERNAL_FIELDS = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'decisionTaskToken', 'decisionDelivered', 'reservationKey'] as const;

/** Recorded events that must reach a waiting workflow task. */
export type DeliveryKind = 'decision' | 'withdrawal';

/**
 * How long a submission's claim (idempotency key, reserved value) keeps others out before its application is stored.
 * Far longer than the submit function may run (10 s), so only a dead submission's claim ever expires.
 */
export const CLAIM_LEASE_MS = 2 * 60_000;

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
const deliveryKey = (tenantId: string, applicationId: string, kind: DeliveryKind) => ({ PK: partitionKey(tenantId, 'APP', applicationId), SK: `DELIVERY#${kind}` });
const pendingDeliveries = (tenantId: string) => partitionKey(tenantId, 'DELIVERY', 'pending');

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

function failedAt(error: unknown, index: number): boolean {
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
  return reasons[index]?.Code === 'ConditionalCheckFailed';
}

function ignoreConditionFailure(error: unknown): void {
  if (!isConditionFailure(error)) throw error;
}

/**
 * Concurrent writers of one item (fifty submissions for one plate) make DynamoDB cancel transactions with
 * `TransactionConflict` instead of evaluating their conditions. Such an attempt changed nothing, so it is retried
 * after a short random pause; the retry then sees the winner's write and fails its condition properly.
 */
async function retryOnConflict<T>(operation: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!isTransactionConflict(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
    }
  }
}

export interface IdempotencyRecord {
  applicationId: string;
  requestHash: string;
  /** Present while the submission that claimed the key has not stored its application (epoch ms). */
  claimExpiresAt?: number;
}

/** The record of an earlier submission with this key, for `readItems` (one call with other reads). */
export function idempotencyRead(tenantId: string, filedBy: string, key: string): ItemRead<IdempotencyRecord | undefined> {
  return { key: idempotencyKey(tenantId, filedBy, key), parse: (item) => item as IdempotencyRecord | undefined };
}

export async function getIdempotencyRecord(db: DynamoDBDocumentClient, tenantId: string, filedBy: string, key: string): Promise<IdempotencyRecord | undefined> {
  const read = idempotencyRead(tenantId, filedBy, key);
  return read.parse((await db.send(new GetCommand({ TableName: TABLE_NAME, Key: read.key, ConsistentRead: true }))).Item);
}

export interface SubmissionClaim {
  tenantId: string;
  filedBy: string;
  key: string;
  requestHash: string;
  applicationId: string;
  now: Date;
  /** Today's date (the tenant's calendar day): what was issued holds a reserved value up to and including `validTo`. */
  today: string;
  reservation?: { value: string; supersedes?: string };
}

/**
 * Claims the Idempotency-Key for `applicationId` and, if the service reserves a value, the value — both or neither.
 * Exactly one of concurrent submissions with the same key (or for the same value) wins; the others get
 * `DuplicateSubmission` (the key) or `ReservationTaken` (the value). A claim whose submission died expires after
 * `CLAIM_LEASE_MS` and is then taken over by the same request (same key, same request hash).
 */
export async function claimSubmission(db: DynamoDBDocumentClient, claim: SubmissionClaim): Promise<void> {
  const nowMs = claim.now.getTime();
  const keyClaim = {
    TableName: TABLE_NAME,
    Item: {
      ...idempotencyKey(claim.tenantId, claim.filedBy, claim.key),
      applicationId: claim.applicationId,
      requestHash: claim.requestHash,
      claimExpiresAt: nowMs + CLAIM_LEASE_MS,
      expiresAt: Math.floor(nowMs / 1000) + 48 * 3600,
    },
    ConditionExpression: 'attribute_not_exists(PK) OR (claimExpiresAt < :nowMs AND requestHash = :hash)',
    ExpressionAttributeValues: { ':nowMs': nowMs, ':hash': claim.requestHash },
  };
  const reservation = claim.reservation;
  try {
    await retryOnConflict<unknown>(() => {
      if (!reservation) return db.send(new PutCommand(keyClaim));
      const free = reservationFree({ nowMs, today: claim.today, ...(reservation.supersedes ? { supersedes: reservation.supersedes } : {}) });
      return db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: keyClaim },
            {
              Update: {
                TableName: TABLE_NAME,
                Key: reservationItemKey(claim.tenantId, reservation.value),
                UpdateExpression: 'SET applicationId = :app, reservedAt = :at, claimExpiresAt = :expires',
                ConditionExpression: free.expression,
                ExpressionAttributeValues: { ...free.values, ':app': claim.applicationId, ':at': claim.now.toISOString(), ':expires': nowMs + CLAIM_LEASE_MS },
              },
            },
          ],
        }),
      );
    });
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if (!reservation || failedAt(error, 0)) throw new DuplicateSubmission('The idempotency key is taken');
    const held = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: reservationItemKey(claim.tenantId, reservation.value), ConsistentRead: true }));
    throw new ReservationTaken(heldReservation(held.Item, nowMs));
  }
}

/** Gives a claim back when the submission fails before its application is stored (best effort: it expires anyway). */
export async function releaseClaim(db: DynamoDBDocumentClient, claim: Pick<SubmissionClaim, 'tenantId' | 'filedBy' | 'key' | 'applicationId' | 'reservation'>): Promise<void> {
  const mine = { ConditionExpression: 'applicationId = :app AND attribute_exists(claimExpiresAt)', ExpressionAttributeValues: { ':app': claim.applicationId } };
  await db.send(new DeleteCommand({ TableName: TABLE_NAME, Key: idempotencyKey(claim.tenantId, claim.filedBy, claim.key), ...mine })).catch(ignoreConditionFailure);
  if (claim.reservation) {
    await db
      .send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: reservationItemKey(claim.tenantId, claim.reservation.value),
          UpdateExpression: 'REMOVE applicationId, reservedAt, claimExpiresAt',
          ...mine,
        }),
      )
      .catch(ignoreConditionFailure);
  }
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

/**
 * Stores the application of a claimed submission: the application (with the value it reserved, if any), its first
 * timeline entries (in this order) and the receipt notification, and turns the claims of the key and of the value
 * into lasting ones — one transaction. If the claim was lost (it expired and a retry took it over), nothing is
 * written: `DuplicateSubmission`, and the retry's application is the answer.
 */
export async function createApplication(
  db: DynamoDBDocumentClient,
  app: Application,
  claim: { key: string; reservationValue?: string },
  entries: readonly TimelineEntry[],
  notification?: Notification,
  options: { discardDraft?: boolean } = {},
): Promise<void> {
  const stillMine = { ConditionExpression: 'applicationId = :app', ExpressionAttributeValues: { ':app': app.applicationId } };
  const reservationKey = claim.reservationValue === undefined ? undefined : reservationItemKey(app.tenantId, claim.reservationValue);
  const items = [
    { Update: { TableName: TABLE_NAME, Key: idempotencyKey(app.tenantId, app.filedBy, claim.key), UpdateExpression: 'REMOVE claimExpiresAt', ...stillMine } },
    {
      Put: {
        TableName: TABLE_NAME,
        Item: {
          ...appKey(app.tenantId, app.applicationId),
          ...applicantIndex(app),
          ...inboxIndex(app, app.status),
          ...app,
          ...(reservationKey ? { reservationKey: reservationKey.PK } : {}),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    ...entries.map((entry, index) => ({ Put: { TableName: TABLE_NAME, Item: eventItem(app.tenantId, app.applicationId, entry, index) } })),
    ...(notification ? [notificationPut(notification)] : []),
    ...(reservationKey ? [{ Update: { TableName: TABLE_NAME, Key: reservationKey, UpdateExpression: 'REMOVE claimExpiresAt', ...stillMine } }] : []),
    ...(options.discardDraft ? draftDeletes(app.tenantId, app.filedBy, app.serviceId) : []),
  ];
  try {
    await sendWithCounters(
      () => db.send(new TransactWriteCommand({ TransactItems: [...items, ...counterUpdates(app.tenantId, submissionEvents(app, entries))] })),
      items.length,
    );
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) {
      throw new DuplicateSubmission('The claim of the idempotency key was lost');
    }
    throw error;
  }
}

/** The application as stored (with the engine's internal fields), for `readItems`: one call with other reads. */
export function applicationRead(tenantId: string, applicationId: string): ItemRead<(Application & Record<string, unknown>) | undefined> {
  return { key: appKey(tenantId, applicationId), parse: (item) => item as (Application & Record<string, unknown>) | undefined };
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
  filter: { status: ApplicationStatus; serviceId?: string; createdBefore?: string },
  page: { limit: number; cursor?: Record<string, unknown> },
): Promise<Page<Application>> {
  const pk = partitionKey(tenantId, 'INBOX', filter.status);
  assertCursorInScope(page.cursor, { index: 'GSI2', partition: pk, ...(filter.createdBefore ? { sortKeyBelow: filter.createdBefore } : {}) });
  const values: Record<string, unknown> = { ':pk': pk };
  if (filter.createdBefore) values[':before'] = filter.createdBefore;
  if (filter.serviceId) values[':service'] = filter.serviceId;
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'GSI2',
      // The age is a key condition (the sort key starts with `createdAt`), so old applications cost no filtered reads.
      KeyConditionExpression: filter.createdBefore ? 'GSI2PK = :pk AND GSI2SK < :before' : 'GSI2PK = :pk',
      ...(filter.serviceId ? { FilterExpression: 'serviceId = :service' } : {}),
      ExpressionAttributeValues: values,
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
  /** Values the extra condition names (`:c…`, so they never clash with the transition's own). */
  conditionValues?: Record<`:c${string}`, unknown>;
  /** Further writes of the same change (e.g. a procedure step's item), in the same transaction after the timeline. */
  alsoWrite?: ReadonlyArray<Record<string, unknown>>;
  notification?: Notification;
  /**
   * Statuses the application passes through on its way to `to` within this one step (e.g. `paid` and `checks-passed`
   * before an automatic approval): each gets its timeline entry, in this order and before the entry of `to`, but the
   * application item is written once — one status change costs a rewrite of the item and its index entries.
   */
  through?: ReadonlyArray<{ status: ApplicationStatus; note?: string }>;
  /** The change records an event that the waiting workflow task still has to be handed (see `markDelivered`). */
  pendingDelivery?: DeliveryKind;
  /** Attributes to remove from the application (e.g. the payment of an earlier attempt when paying again). */
  remove?: readonly string[];
  /**
   * The application, ended without a result, takes back the value it reserved (paying again): in the same transaction
   * and only if nobody holds it now — the same condition as at submission. Refused: `ReservationTaken`, nothing written.
   */
  reclaim?: { today: string; supersedes?: string };
}

/** The application as `transition` needs it; `reservationKey` is the item of the value it reserved, if any. */
export type TransitionTarget = Pick<Application, 'tenantId' | 'applicationId' | 'createdAt' | 'serviceId' | 'channel' | 'fee'> & { reservationKey?: unknown };

/**
 * Moves an application from one of `from` to `to`, appends the timeline entries and (optionally) the notification,
 * all in one transaction. Throws `ApplicationStateConflict` when the application is not in one of `from`.
 *
 * When the application ends without having issued anything (every final status but `completed`, entered from a
 * status that was not final), the same transaction releases the value it reserved. Completing hands the value to
 * what was issued instead: the service's store did that when it issued (see reservations.ts).
 */
export async function transition(db: DynamoDBDocumentClient, app: TransitionTarget, change: TransitionChange): Promise<void> {
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
  Object.assign(values, change.conditionValues);
  const removes = (change.remove ?? []).map((field, index) => {
    names[`#r${index}`] = field;
    return `#r${index}`;
  });
  const statusCondition = `#status IN (${change.from.map((_, index) => `:from${index}`).join(', ')})`;
  const at = change.now.toISOString();
  const entries: TimelineEntry[] = [...(change.through ?? []), { status: change.to, note: change.note }].map(({ status, note }) => ({
    at,
    status,
    actor: change.actor,
    ...(note ? { note } : {}),
  }));
  const reclaim = change.reclaim && typeof app.reservationKey === 'string' ? reservationReclaim(app.reservationKey, app.applicationId, change.now, change.reclaim) : undefined;
  const items = [
    {
      Update: {
        TableName: TABLE_NAME,
        Key: appKey(app.tenantId, app.applicationId),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''} ADD #version :one`,
        ConditionExpression: ['attribute_exists(PK)', statusCondition, change.condition].filter(Boolean).join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    // Second, so that a refusal is found at a known index.
    ...(reclaim ? [reclaim] : []),
    ...entries.map((entry, index) => ({ Put: { TableName: TABLE_NAME, Item: eventItem(app.tenantId, app.applicationId, entry, index) } })),
    ...(change.pendingDelivery ? [{ Put: { TableName: TABLE_NAME, Item: deliveryItem(app, change.pendingDelivery, at) } }] : []),
    ...(change.alsoWrite ?? []),
    ...(releasesReservation(app, change) ? [reservationRelease(app.reservationKey as string, app.applicationId)] : []),
    ...(change.notification ? [notificationPut(change.notification)] : []),
    // A final status starts the retention period (functions/privacy/retention.ts): the sweeper finds it by day.
    ...(FINAL_STATUSES.includes(change.to) ? [applicationClosedPut(app.tenantId, { serviceId: app.serviceId, applicationId: app.applicationId, closedAt: at })] : []),
  ];
  try {
    await sendWithCounters(
      () => db.send(new TransactWriteCommand({ TransactItems: [...items, ...counterUpdates(app.tenantId, transitionEvents(app, change))] })),
      items.length,
    );
  } catch (error) {
    if (reclaim && isConditionFailure(error) && failedAt(error, 1)) {
      const held = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: reclaim.Update.Key, ConsistentRead: true }));
      throw new ReservationTaken(heldReservation(held.Item, change.now.getTime()));
    }
    if (isConditionFailure(error)) {
      throw new ApplicationStateConflict(`Der Antrag ist nicht (mehr) im passenden Bearbeitungsstand für „${change.to}“.`);
    }
    throw error;
  }
}

/** The application holds its reserved value again, if nobody else holds it (`reservationFree`, as at submission). */
function reservationReclaim(reservationPk: string, applicationId: string, now: Date, reclaim: NonNullable<TransitionChange['reclaim']>) {
  const free = reservationFree({ nowMs: now.getTime(), today: reclaim.today, ...(reclaim.supersedes ? { supersedes: reclaim.supersedes } : {}) });
  return {
    Update: {
      TableName: TABLE_NAME,
      Key: { PK: reservationPk, SK: 'RESERVATION' },
      UpdateExpression: 'SET applicationId = :app, reservedAt = :at REMOVE claimExpiresAt',
      ConditionExpression: free.expression,
      ExpressionAttributeValues: { ...free.values, ':app': applicationId, ':at': now.toISOString() },
    },
  };
}

function releasesReservation(app: TransitionTarget, change: TransitionChange): boolean {
  const ends = FINAL_STATUSES.includes(change.to) && change.to !== 'completed' && change.from.every((status) => !FINAL_STATUSES.includes(status));
  return ends && typeof app.reservationKey === 'string';
}

/**
 * Ends the application's hold of its reserved value. The condition holds by construction — while an application is
 * active nobody else can hold its value, and what it issued replaced the hold — but guards against ever removing
 * another application's hold.
 */
function reservationRelease(reservationPk: string, applicationId: string) {
  return {
    Update: {
      TableName: TABLE_NAME,
      Key: { PK: reservationPk, SK: 'RESERVATION' },
      UpdateExpression: 'REMOVE applicationId, reservedAt, claimExpiresAt',
      ConditionExpression: 'attribute_not_exists(applicationId) OR applicationId = :app',
      ExpressionAttributeValues: { ':app': applicationId },
    },
  };
}

function deliveryItem(app: Pick<Application, 'tenantId' | 'applicationId'>, kind: DeliveryKind, at: string) {
  return {
    ...deliveryKey(app.tenantId, app.applicationId, kind),
    GSI2PK: pendingDeliveries(app.tenantId),
    GSI2SK: `${at}#${app.applicationId}#${kind}`,
    applicationId: app.applicationId,
    kind,
    recordedAt: at,
  };
}

const deliveryDelete = (tenantId: string, applicationId: string, kind: DeliveryKind) => ({ Delete: { TableName: TABLE_NAME, Key: deliveryKey(tenantId, applicationId, kind) } });

/** Records that the decision reached the workflow, so neither a repeated request nor the repair delivers it again. */
export async function markDecisionDelivered(db: DynamoDBDocumentClient, tenantId: string, applicationId: string): Promise<void> {
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: TABLE_NAME,
            Key: appKey(tenantId, applicationId),
            UpdateExpression: 'SET decisionDelivered = :true REMOVE decisionTaskToken',
            ExpressionAttributeValues: { ':true': true },
          },
        },
        deliveryDelete(tenantId, applicationId, 'decision'),
      ],
    }),
  );
}

/**
 * Stores the token of a decision wait that had begun before (a repeated invocation of the waiting step): the newest
 * token is the one the task waits for. Refused once the decision was delivered.
 */
export async function refreshDecisionToken(db: DynamoDBDocumentClient, app: Pick<Application, 'tenantId' | 'applicationId'>, token: string): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: appKey(app.tenantId, app.applicationId),
        UpdateExpression: 'SET decisionTaskToken = :token',
        ConditionExpression: '#status IN (:waiting, :approved, :rejected) AND attribute_not_exists(decisionDelivered)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':token': token, ':waiting': 'awaiting-decision', ':approved': 'approved', ':rejected': 'rejected' },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new ApplicationStateConflict('Der Antrag wartet nicht (mehr) auf eine Entscheidung.');
    throw error;
  }
}

/**
 * Marks a withdrawal as requested while the application is in `status` and undecided, and records it as an event
 * to deliver. The decision handler's condition checks the same mark, so a withdrawal and a decision arriving
 * together can never both win.
 */
export async function requestWithdrawal(db: DynamoDBDocumentClient, app: Pick<Application, 'tenantId' | 'applicationId'>, status: ApplicationStatus, now: Date): Promise<void> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE_NAME,
              Key: appKey(app.tenantId, app.applicationId),
              UpdateExpression: 'SET withdrawalRequestedAt = if_not_exists(withdrawalRequestedAt, :now)',
              ConditionExpression: '#status = :status AND attribute_not_exists(decision)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':now': now.toISOString(), ':status': status },
            },
          },
          { Put: { TableName: TABLE_NAME, Item: deliveryItem(app, 'withdrawal', now.toISOString()) } },
        ],
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
    new TransactWriteCommand({
      TransactItems: [
        { Update: { TableName: TABLE_NAME, Key: appKey(app.tenantId, app.applicationId), UpdateExpression: 'REMOVE withdrawalRequestedAt', ConditionExpression: 'attribute_exists(PK)' } },
        deliveryDelete(app.tenantId, app.applicationId, 'withdrawal'),
      ],
    }),
  );
}

/** The withdrawal reached the workflow (which records `withdrawn`): nothing left to deliver. */
export async function markWithdrawalDelivered(db: DynamoDBDocumentClient, tenantId: string, applicationId: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: TABLE_NAME, Key: deliveryKey(tenantId, applicationId, 'withdrawal') }));
}

export interface PendingDelivery {
  applicationId: string;
  kind: DeliveryKind;
  recordedAt: string;
}

/** Recorded events not yet handed to their workflow task, recorded before `before`, oldest first (repair). */
export async function listPendingDeliveries(db: DynamoDBDocumentClient, tenantId: string, before: Date, limit = 200): Promise<PendingDelivery[]> {
  const found: PendingDelivery[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :before',
        ExpressionAttributeValues: { ':pk': pendingDeliveries(tenantId), ':before': before.toISOString() },
        ProjectionExpression: '#app, #kind, #at',
        ExpressionAttributeNames: { '#app': 'applicationId', '#kind': 'kind', '#at': 'recordedAt' },
        Limit: limit - found.length,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    found.push(...((page.Items ?? []) as PendingDelivery[]));
    cursor = page.LastEvaluatedKey;
  } while (cursor && found.length < limit);
  return found;
}

/**
 * Applications that have been in `status` since before `before` (their `updatedAt`), oldest first (repair). An
 * application created after `before` cannot qualify, so the key condition reads only the older part of the index.
 */
export async function listStaleApplications(
  db: DynamoDBDocumentClient,
  tenantId: string,
  status: ApplicationStatus,
  before: Date,
  limit = 200,
): Promise<Array<Application & Record<string, unknown>>> {
  const found: Array<Application & Record<string, unknown>> = [];
  const cutoff = before.toISOString();
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :cutoff',
        FilterExpression: 'updatedAt < :cutoff',
        ExpressionAttributeValues: { ':pk': partitionKey(tenantId, 'INBOX', status), ':cutoff': cutoff },
        Limit: 100,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    found.push(...((page.Items ?? []) as Array<Application & Record<string, unknown>>));
    cursor = page.LastEvaluatedKey;
  } while (cursor && found.length < limit);
  return found.slice(0, limit);
}

/**
 * A transaction item that adds a document the authority issued later (a revocation Bescheid) to an application; the
 * caller's own condition (e.g. the permit still valid) makes it happen once.
 */
export function documentAppend(tenantId: string, applicationId: string, document: DocumentRef) {
  return {
    Update: {
      TableName: TABLE_NAME,
      Key: appKey(tenantId, applicationId),
      UpdateExpression: 'SET documents = list_append(if_not_exists(documents, :none), :doc)',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':doc': [document], ':none': [] },
    },
  };
}
