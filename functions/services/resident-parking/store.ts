/**
 * Permit store — the only code that talks to DynamoDB about resident parking permits.
 *
 * Items (PK / SK) and access patterns:
 * - permit:        `<t>#PERMIT#<permitId>` / `PERMIT`
 *     get by id (verification, revoke, renewal form)
 *     GSI1 `<t>#PLATE#<plate>` / `<validTo>#<permitId>`               permits of a plate valid on or after a day
 *                                                                       (enforcement check, one-per-plate check)
 *     GSI2 `<t>#HOUSEHOLD#<addressKey>` / `<validTo>#<permitId>`      permits at an address valid on or after a day
 *                                                                       (household limit; the key is a hash)
 * - expiry entry:  `<t>#PERMIT#<permitId>` / `EXPIRY`, written in the permit's transaction
 *     GSI1 `<t>#PERMIT-EXPIRY#<yyyy-mm>` / `<validTo>#<permitId>`     permits of a tenant expiring on day D, or between
 *                                                                       D1 and D2 (one query per month touched)
 *     `reminder`: pending → sent | skipped — the renewal reminder's state, moved with a condition.
 * - plate lock:    the plate's reservation item (`functions/applications/reservations.ts`, key from
 *                  `plateReservation(plate)`): the permit that currently covers the plate (`holderId`, `validFrom`,
 *                  `validTo`) and, during a renewal, the permit it continues (`previous`); next to them the engine's
 *                  hold of the application that is running for the plate (`applicationId`).
 *
 * One application at a time and one valid permit per plate, also under concurrency, with one mechanism: the engine
 * reserves the plate for an application at submission (on the condition that no application holds it and no permit
 * covers it today, unless the application renews that permit), and a permit is only written in one transaction with
 * the lock, on the condition that no permit covers the plate when the new one starts (`validTo < :validFrom`) and no
 * other application holds it. The permit's lock replaces the item, which ends its application's hold. Two concurrent
 * issues for the same plate touch the same lock item, so DynamoDB lets at most one transaction commit; the other fails
 * with `PlateAlreadyHasPermit`. A renewal starts the day after the old permit ends, so it passes the condition and
 * keeps the old one as `previous`. Revoking takes the permit off the lock in the same transaction (or hands it back to
 * `previous`), leaving a running application's hold in place; revoking a permit that does not hold the lock asserts
 * that with a condition check on the lock item, so a concurrent change of the lock cancels the revocation, which is
 * retried. Expired permits never need to release their lock: the conditions compare dates.
 *
 * Every function takes the document client: handlers pass `tableFor(caller.tenantId)`, workflow steps and the
 * scheduled reminders `tableFor(tenantId)` of the tenant they act for. Queries of the indexes are eventually consistent; every decision that must
 * hold is guarded by a condition on the base table.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { Conflict } from '#core/problem';
import type { DocumentRef } from '#functions/applications/model';
import { counterUpdates, sendWithCounters } from '#functions/reports/counters';
import { permitEvents } from '#functions/reports/service-counters';
import { reservationItemKey } from '#functions/applications/reservations';
import type { notificationPut } from '#functions/notifications/outbox';
import { plateReservation, type ResidentParkingPermit } from './permit.ts';

export class PlateAlreadyHasPermit extends Conflict {}
export class PermitAlreadyRevoked extends Conflict {}
/** The permit or its plate lock changed while we worked; reading again and retrying resolves it. */
export class PermitChanged extends Conflict {}
/** The permit named as renewed was revoked, renewed or changed meanwhile. */
export class RenewalConflict extends Conflict {}

/** The plate's reservation item as this store reads it (see the top of the file). */
export interface PlateLock {
  /** The permit that covers the plate. */
  holderId?: string;
  validFrom?: string;
  validTo?: string;
  /** During a renewal: the permit the holder continues. */
  previous?: { holderId: string; validFrom: string; validTo: string };
  /** The application that is running for the plate. */
  applicationId?: string;
}

export type ReminderState = 'pending' | 'sent' | 'skipped';

/**
 * The outbox's transaction item for a notification (`notificationPut(...)`), built by the caller: the store writes it
 * with the change it reports but does not load the outbox (and its SES client) itself.
 */
export type NotificationItem = ReturnType<typeof notificationPut>;

export interface ExpiryEntry {
  permitId: string;
  validTo: string;
  reminder: ReminderState;
}

const permitKey = (tenantId: string, permitId: string) => ({ PK: partitionKey(tenantId, 'PERMIT', permitId), SK: 'PERMIT' });
const expiryKey = (tenantId: string, permitId: string) => ({ PK: partitionKey(tenantId, 'PERMIT', permitId), SK: 'EXPIRY' });
const lockKey = (tenantId: string, plate: string) => reservationItemKey(tenantId, plateReservation(plate));
const platePartition = (tenantId: string, plate: string) => partitionKey(tenantId, 'PLATE', plate);
const householdPartition = (tenantId: string, addressKey: string) => partitionKey(tenantId, 'HOUSEHOLD', addressKey);
const expiryPartition = (tenantId: string, month: string) => partitionKey(tenantId, 'PERMIT-EXPIRY', month);

const INDEX_KEYS = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'] as const;

/**
 * Every attribute in an expression goes through an alias (`#validTo`), so no name ever collides with one of
 * DynamoDB's reserved words. DynamoDB rejects unused aliases, so the map holds exactly those in the expressions.
 */
function names(...expressions: string[]): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const expression of expressions) {
    for (const [alias, name] of expression.matchAll(/#([A-Za-z]+)/g)) aliases[alias] = name!;
  }
  return aliases;
}

function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const rest = { ...item };
  for (const key of INDEX_KEYS) delete rest[key];
  return rest as T;
}

function cancellationCodes(error: unknown): Array<string | undefined> {
  return ((error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? []).map((reason) => reason.Code);
}

function failedAt(error: unknown, index: number): boolean {
  return cancellationCodes(error)[index] === 'ConditionalCheckFailed';
}

function permitItem(permit: ResidentParkingPermit) {
  return {
    ...permitKey(permit.tenantId, permit.permitId),
    GSI1PK: platePartition(permit.tenantId, permit.plate),
    GSI1SK: `${permit.validTo}#${permit.permitId}`,
    GSI2PK: householdPartition(permit.tenantId, permit.addressKey),
    GSI2SK: `${permit.validTo}#${permit.permitId}`,
    ...permit,
  };
}

export async function getPermit(db: DynamoDBDocumentClient, tenantId: string, permitId: string): Promise<ResidentParkingPermit | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: permitKey(tenantId, permitId), ConsistentRead: true }));
  return strip<ResidentParkingPermit>(result.Item);
}

export async function getPlateLock(db: DynamoDBDocumentClient, tenantId: string, plate: string): Promise<PlateLock | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: lockKey(tenantId, plate), ConsistentRead: true }));
  return strip<PlateLock>(result.Item);
}

async function queryIndex(
  db: DynamoDBDocumentClient,
  index: 'GSI1' | 'GSI2',
  partition: string,
  from: string,
  options: { newestFirst?: boolean; limit?: number } = {},
): Promise<ResidentParkingPermit[]> {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: index,
      KeyConditionExpression: `${index}PK = :pk AND ${index}SK >= :from`,
      ExpressionAttributeValues: { ':pk': partition, ':from': from },
      ScanIndexForward: !options.newestFirst,
      Limit: options.limit ?? 50,
    }),
  );
  return (result.Items ?? []).map((item) => strip<ResidentParkingPermit>(item)!);
}

/** Permits of a plate whose validity ends on or after `from` (a date), newest validity first. */
export function permitsOfPlate(db: DynamoDBDocumentClient, tenantId: string, plate: string, from: string, limit = 20): Promise<ResidentParkingPermit[]> {
  return queryIndex(db, 'GSI1', platePartition(tenantId, plate), from, { newestFirst: true, limit });
}

/** Permits at an address whose validity ends on or after `from`. */
export function permitsAtAddress(db: DynamoDBDocumentClient, tenantId: string, addressKey: string, from: string): Promise<ResidentParkingPermit[]> {
  return queryIndex(db, 'GSI2', householdPartition(tenantId, addressKey), from, { limit: 50 });
}

/**
 * Writes a new permit with its expiry entry and plate lock in one transaction (see the top of this file); the lock
 * replaces the reservation of the permit's own application. Returns `exists` when the permit was written before (a
 * retried issue step): the caller reads it back. A renewal also marks the old permit as continued, on the condition
 * that it is still valid and not continued.
 */
export async function createPermit(db: DynamoDBDocumentClient, permit: ResidentParkingPermit, renews?: ResidentParkingPermit): Promise<'created' | 'exists'> {
  const lock: PlateLock = {
    holderId: permit.permitId,
    validFrom: permit.validFrom,
    validTo: permit.validTo,
    ...(renews ? { previous: { holderId: renews.permitId, validFrom: renews.validFrom, validTo: renews.validTo } } : {}),
  };
  const expiry: ExpiryEntry = { permitId: permit.permitId, validTo: permit.validTo, reminder: 'pending' };
  const items = [
    { Put: { TableName: TABLE_NAME, Item: permitItem(permit), ConditionExpression: 'attribute_not_exists(#PK)', ExpressionAttributeNames: names('#PK') } },
    {
      Put: {
        TableName: TABLE_NAME,
        Item: { ...lockKey(permit.tenantId, permit.plate), ...lock },
        ConditionExpression: '(attribute_not_exists(#validTo) OR #validTo < :validFrom) AND (attribute_not_exists(#applicationId) OR #applicationId = :application)',
        ExpressionAttributeNames: names('#validTo #applicationId'),
        ExpressionAttributeValues: { ':validFrom': permit.validFrom, ':application': permit.applicationId },
      },
    },
    {
      Put: {
        TableName: TABLE_NAME,
        Item: {
          ...expiryKey(permit.tenantId, permit.permitId),
          GSI1PK: expiryPartition(permit.tenantId, permit.validTo.slice(0, 7)),
          GSI1SK: `${permit.validTo}#${permit.permitId}`,
          ...expiry,
        },
        ConditionExpression: 'attribute_not_exists(#PK)',
        ExpressionAttributeNames: names('#PK'),
      },
    },
    ...(renews
      ? [
          {
            Update: {
              TableName: TABLE_NAME,
              Key: permitKey(renews.tenantId, renews.permitId),
              UpdateExpression: 'SET #renewedBy = :next',
              ConditionExpression: '#status = :valid AND #validTo = :validTo AND attribute_not_exists(#renewedBy)',
              ExpressionAttributeNames: names('#renewedBy #status #validTo'),
              ExpressionAttributeValues: { ':next': permit.permitId, ':valid': 'valid', ':validTo': renews.validTo },
            },
          },
        ]
      : []),
  ];
  try {
    // The permit counts for the open data (permits per zone) in the same write.
    await sendWithCounters(() => db.send(new TransactWriteCommand({ TransactItems: [...items, ...counterUpdates(permit.tenantId, permitEvents(permit))] })), items.length);
    return 'created';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if (failedAt(error, 0)) return 'exists';
    if (failedAt(error, 1)) {
      // No plate in the text: a workflow step's error reaches its logs and the execution history.
      throw new PlateAlreadyHasPermit('Für dieses Kennzeichen gibt es bereits einen gültigen Bewohnerparkausweis oder einen laufenden Antrag.');
    }
    if (failedAt(error, 3)) {
      throw new RenewalConflict('Der bisherige Bewohnerparkausweis wurde inzwischen widerrufen oder bereits verlängert.');
    }
    throw error;
  }
}

/** Records the issued PDF on the permit once; a second call returns the document recorded first. */
export async function attachDocument(db: DynamoDBDocumentClient, tenantId: string, permitId: string, document: DocumentRef): Promise<DocumentRef> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: permitKey(tenantId, permitId),
        UpdateExpression: 'SET #document = :document',
        ConditionExpression: 'attribute_exists(#PK) AND attribute_not_exists(#document)',
        ExpressionAttributeNames: names('#PK #document'),
        ExpressionAttributeValues: { ':document': document },
      }),
    );
    return document;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const stored = await getPermit(db, tenantId, permitId);
    if (stored?.document) return stored.document;
    throw error;
  }
}

export interface Revocation {
  reason: string;
  by: string;
  now: Date;
  /** Today's date: a `previous` permit gets the lock back only while it is still valid. */
  today: string;
  /** The revocation ends this revocation procedure (its hearing step): refused when it was dropped meanwhile. */
  procedureStepId?: string;
}

/**
 * A transaction item: the permit (valid, no revocation intended yet) gets its revocation procedure — written with the
 * hearing letter (`openStep` of the application store) in one transaction. Refused → the transaction is cancelled.
 */
export function revocationProcedureStart(permit: Pick<ResidentParkingPermit, 'tenantId' | 'permitId'>, procedure: NonNullable<ResidentParkingPermit['revocationProcedure']>) {
  return {
    Update: {
      TableName: TABLE_NAME,
      Key: permitKey(permit.tenantId, permit.permitId),
      UpdateExpression: 'SET revocationProcedure = :procedure',
      ConditionExpression: '#status = :valid AND attribute_not_exists(revocationProcedure)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':procedure': procedure, ':valid': 'valid' },
    },
  };
}

/** A transaction item: the revocation procedure `stepId` of the permit is dropped (the permit stays valid). */
export function revocationProcedureEnd(permit: Pick<ResidentParkingPermit, 'tenantId' | 'permitId'>, stepId: string) {
  return {
    Update: {
      TableName: TABLE_NAME,
      Key: permitKey(permit.tenantId, permit.permitId),
      UpdateExpression: 'REMOVE revocationProcedure',
      ConditionExpression: '#status = :valid AND revocationProcedure.stepId = :step',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':step': stepId, ':valid': 'valid' },
    },
  };
}

/**
 * The plate-lock part of a revocation, from the lock as read before. The permit leaves the lock (or hands it back to
 * `previous`); an application's hold on the same item stays, so the item is updated, never deleted.
 */
function lockRelease(permit: ResidentParkingPermit, lock: PlateLock | undefined, today: string) {
  const Key = lockKey(permit.tenantId, permit.plate);
  if (lock?.holderId === permit.permitId) {
    const previous = lock.previous;
    if (previous && previous.validTo >= today) {
      return {
        Update: {
          TableName: TABLE_NAME,
          Key,
          UpdateExpression: 'SET #holderId = :previous, #validFrom = :from, #validTo = :to REMOVE #previous',
          ConditionExpression: '#holderId = :me AND #previous.#holderId = :previous',
          ExpressionAttributeNames: names('#holderId #validFrom #validTo #previous'),
          ExpressionAttributeValues: { ':me': permit.permitId, ':previous': previous.holderId, ':from': previous.validFrom, ':to': previous.validTo },
        },
      };
    }
    return {
      Update: {
        TableName: TABLE_NAME,
        Key,
        UpdateExpression: 'REMOVE #holderId, #validFrom, #validTo, #previous',
        ConditionExpression: '#holderId = :me',
        ExpressionAttributeNames: names('#holderId #validFrom #validTo #previous'),
        ExpressionAttributeValues: { ':me': permit.permitId },
      },
    };
  }
  if (lock?.previous?.holderId === permit.permitId) {
    return {
      Update: {
        TableName: TABLE_NAME,
        Key,
        UpdateExpression: 'REMOVE #previous',
        ConditionExpression: '#previous.#holderId = :me',
        ExpressionAttributeNames: names('#previous #holderId'),
        ExpressionAttributeValues: { ':me': permit.permitId },
      },
    };
  }
  return {
    ConditionCheck: {
      TableName: TABLE_NAME,
      Key,
      ConditionExpression: 'attribute_not_exists(#holderId) OR (#holderId <> :me AND (attribute_not_exists(#previous) OR #previous.#holderId <> :me))',
      ExpressionAttributeNames: names('#holderId #previous'),
      ExpressionAttributeValues: { ':me': permit.permitId },
    },
  };
}

/**
 * Revokes a valid permit: records who, when and why, releases the plate lock and creates the notification, all in
 * one transaction. `lock` is the plate lock as read just before; if it changed meanwhile, `PermitChanged` asks the
 * caller to read again and retry.
 */
export async function revokePermit(
  db: DynamoDBDocumentClient,
  permit: ResidentParkingPermit,
  lock: PlateLock | undefined,
  revocation: Revocation,
  notification?: NotificationItem,
  /** Further writes of the revocation (the Bescheid among the application's documents), in the same transaction. */
  also: ReadonlyArray<Record<string, unknown>> = [],
): Promise<void> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE_NAME,
              Key: permitKey(permit.tenantId, permit.permitId),
              // The revocation ends any revocation procedure; one that names its procedure needs it still running.
              UpdateExpression: 'SET #status = :revoked, #revokedAt = :at, #revokedReason = :reason, #revokedBy = :by REMOVE revocationProcedure',
              ConditionExpression: revocation.procedureStepId ? '#status = :valid AND revocationProcedure.stepId = :step' : '#status = :valid',
              ExpressionAttributeNames: names('#status #revokedAt #revokedReason #revokedBy'),
              ExpressionAttributeValues: {
                ':revoked': 'revoked',
                ':valid': 'valid',
                ':at': revocation.now.toISOString(),
                ':reason': revocation.reason,
                ':by': revocation.by,
                ...(revocation.procedureStepId ? { ':step': revocation.procedureStepId } : {}),
              },
            },
          },
          lockRelease(permit, lock, revocation.today),
          ...(notification ? [notification] : []),
          ...also,
        ],
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if (failedAt(error, 0)) throw new PermitAlreadyRevoked('Der Bewohnerparkausweis ist bereits widerrufen.');
    throw new PermitChanged('Der Bewohnerparkausweis wurde gerade geändert. Bitte versuchen Sie es erneut.');
  }
}

/**
 * Expiry entries of permits whose validity ends between `from` and `to` (inclusive dates), earliest first;
 * `pendingOnly` keeps those whose renewal reminder has not been sent or skipped.
 */
export async function permitsExpiringBetween(
  db: DynamoDBDocumentClient,
  tenantId: string,
  from: string,
  to: string,
  months: readonly string[],
  options: { pendingOnly?: boolean } = {},
): Promise<ExpiryEntry[]> {
  const entries: ExpiryEntry[] = [];
  for (const month of months) {
    let cursor: Record<string, unknown> | undefined;
    do {
      const result = await db.send(
        new QueryCommand({
          TableName: TABLE_NAME,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
          ...(options.pendingOnly ? { FilterExpression: '#reminder = :pending', ExpressionAttributeNames: names('#reminder') } : {}),
          ExpressionAttributeValues: {
            ':pk': expiryPartition(tenantId, month),
            ':from': from,
            // `#~` sorts after every `#<permitId>`, so the last day is included completely.
            ':to': `${to}#~`,
            ...(options.pendingOnly ? { ':pending': 'pending' } : {}),
          },
          ...(cursor ? { ExclusiveStartKey: cursor } : {}),
        }),
      );
      entries.push(...(result.Items ?? []).map((item) => strip<ExpiryEntry>(item)!));
      cursor = result.LastEvaluatedKey;
    } while (cursor);
  }
  return entries;
}

/**
 * Sends a renewal reminder exactly once: the notification (its id derives from `renewal#<permitId>#<validTo>`), the
 * permit's `renewalReminderSentAt` and the expiry entry's state change in one transaction, each with a condition.
 * Returns false when another run got there first, or the permit is no longer valid.
 */
export async function recordRenewalReminder(
  db: DynamoDBDocumentClient,
  permit: ResidentParkingPermit,
  notification: NotificationItem,
  now: Date,
): Promise<boolean> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE_NAME,
              Key: expiryKey(permit.tenantId, permit.permitId),
              UpdateExpression: 'SET #reminder = :sent, #reminderSentAt = :now',
              ConditionExpression: '#reminder = :pending AND #validTo = :validTo',
              ExpressionAttributeNames: names('#reminder #reminderSentAt #validTo'),
              ExpressionAttributeValues: { ':sent': 'sent', ':pending': 'pending', ':now': now.toISOString(), ':validTo': permit.validTo },
            },
          },
          {
            Update: {
              TableName: TABLE_NAME,
              Key: permitKey(permit.tenantId, permit.permitId),
              UpdateExpression: 'SET #renewalReminderSentAt = :now',
              ConditionExpression: '#status = :valid AND attribute_not_exists(#renewalReminderSentAt) AND attribute_not_exists(#renewedBy)',
              ExpressionAttributeNames: names('#renewalReminderSentAt #status #renewedBy'),
              ExpressionAttributeValues: { ':now': now.toISOString(), ':valid': 'valid' },
            },
          },
          notification,
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** No reminder for this permit (revoked, already renewed, no address to write to). */
export async function skipRenewalReminder(db: DynamoDBDocumentClient, tenantId: string, permitId: string, reason: string): Promise<void> {
  await db
    .send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: expiryKey(tenantId, permitId),
        UpdateExpression: 'SET #reminder = :skipped, #skipReason = :reason',
        ConditionExpression: '#reminder = :pending',
        ExpressionAttributeNames: names('#reminder #skipReason'),
        ExpressionAttributeValues: { ':skipped': 'skipped', ':pending': 'pending', ':reason': reason },
      }),
    )
    .catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
}

/**
 * Moves a valid permit to another zone and address (the holder moved, the tenant re-zones instead of revoking), with
 * the holder's notification, in one transaction. The plate lock is untouched: plate and validity stay the same.
 * `PermitAlreadyRevoked` when the permit is no longer valid.
 */
export async function rezonePermit(
  db: DynamoDBDocumentClient,
  permit: ResidentParkingPermit,
  change: { zoneId: string; zoneName: string; residence: ResidentParkingPermit['residence']; addressKey: string; now: Date; by: string },
  notification?: NotificationItem,
): Promise<void> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE_NAME,
              Key: permitKey(permit.tenantId, permit.permitId),
              UpdateExpression:
                'SET #zoneId = :zone, #zoneName = :zoneName, #residence = :residence, #addressKey = :addressKey, GSI2PK = :household, #rezonedAt = :at, #rezonedBy = :by, #previousZoneId = :oldZone',
              ConditionExpression: '#status = :valid',
              ExpressionAttributeNames: names('#zoneId #zoneName #residence #addressKey #rezonedAt #rezonedBy #previousZoneId #status'),
              ExpressionAttributeValues: {
                ':zone': change.zoneId,
                ':zoneName': change.zoneName,
                ':residence': change.residence,
                ':addressKey': change.addressKey,
                ':household': householdPartition(permit.tenantId, change.addressKey),
                ':at': change.now.toISOString(),
                ':by': change.by,
                ':oldZone': permit.zoneId,
                ':valid': 'valid',
              },
            },
          },
          ...(notification ? [notification] : []),
        ],
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if (failedAt(error, 0)) throw new PermitAlreadyRevoked('Der Bewohnerparkausweis ist nicht mehr gültig.');
    // The notification existed already: an earlier attempt did the change.
  }
}
