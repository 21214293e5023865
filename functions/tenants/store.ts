/**
 * Tenant store — the only code that talks to DynamoDB about tenants.
 *
 * Access patterns (PK / SK):
 * - tenant registry entry:     `<county>#TENANTS` / `TENANT#<tenantId>`   (the county's view: status, onboarding request)
 * - list the registry:         Query `<county>#TENANTS`, SK begins_with `TENANT#`
 * - tenant profile:            `<tenantId>#TENANT` / `PROFILE`
 * - current configuration:     `<tenantId>#TENANT` / `CONFIG`               (with `version`)
 * - configuration history:     `<tenantId>#TENANT` / `CONFIG#v<000001>`    (append-only: who, when, what changed)
 *
 * Every function takes the document client to use: handlers pass `tableFor(caller.tenantId)` (IAM-scoped to the
 * caller's tenant in AWS), onboarding steps `tableFor(<county>)` for the registry and `tableFor(<new tenant>)` for its
 * profile; only the activation (registry and profile in one transaction) passes `systemTable`.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import type { ItemRead } from '#core/item-reads';
import { partitionKey } from '#core/keys';
import { Conflict } from '#core/problem';
import { assertCursorInScope } from '#core/pagination';
import type { TenantProfile, TenantRecord, VersionedConfig } from './domain.ts';
import type { TenantConfig, TenantStatus } from './schemas.ts';

export class TenantAlreadyExists extends Conflict {}
export class TenantStateConflict extends Conflict {}
export class ConfigVersionConflict extends Conflict {}
export class TenantNotRegistered extends Error {
  override readonly name = 'TenantNotRegistered';
}

const registryKey = (countyId: string, tenantId: string) => ({ PK: partitionKey(countyId, 'TENANTS'), SK: `TENANT#${tenantId}` });
const profileKey = (tenantId: string) => ({ PK: partitionKey(tenantId, 'TENANT'), SK: 'PROFILE' });
const configKey = (tenantId: string) => ({ PK: partitionKey(tenantId, 'TENANT'), SK: 'CONFIG' });
const configHistoryKey = (tenantId: string, version: number) => ({
  PK: partitionKey(tenantId, 'TENANT'),
  SK: `CONFIG#v${String(version).padStart(6, '0')}`,
});

function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { PK: _pk, SK: _sk, ...rest } = item;
  return rest as T;
}

export async function registerTenant(db: DynamoDBDocumentClient, countyId: string, record: TenantRecord): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { ...registryKey(countyId, record.tenantId), ...record },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) {
      throw new TenantAlreadyExists(`Ein Mandant mit der ID "${record.tenantId}" existiert bereits.`);
    }
    throw error;
  }
}

export async function getTenantRecord(db: DynamoDBDocumentClient, countyId: string, tenantId: string): Promise<TenantRecord | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: registryKey(countyId, tenantId) }));
  return strip<TenantRecord>(result.Item);
}

export async function listTenantRecords(
  db: DynamoDBDocumentClient,
  countyId: string,
  page: { limit: number; cursor?: Record<string, unknown> },
): Promise<{ items: TenantRecord[]; cursor?: Record<string, unknown> }> {
  assertCursorInScope(page.cursor, { index: 'table', partition: partitionKey(countyId, 'TENANTS'), sortKeyPrefix: 'TENANT#' });
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partitionKey(countyId, 'TENANTS'), ':prefix': 'TENANT#' },
      Limit: page.limit,
      ...(page.cursor ? { ExclusiveStartKey: page.cursor } : {}),
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => strip<TenantRecord>(item)!),
    ...(result.LastEvaluatedKey ? { cursor: result.LastEvaluatedKey } : {}),
  };
}

/** Moves a registry entry from `from` to `to`; throws `TenantStateConflict` when it is not in `from`. */
export async function transitionRecord(
  db: DynamoDBDocumentClient,
  countyId: string,
  tenantId: string,
  change: { from: readonly TenantStatus[]; to: TenantStatus; now: Date; failureReason?: string; attempt?: number },
): Promise<void> {
  const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':to': change.to, ':now': change.now.toISOString() };
  const sets = ['#status = :to', '#updatedAt = :now'];
  change.from.forEach((status, index) => (values[`:from${index}`] = status));
  if (change.failureReason !== undefined) {
    names['#reason'] = 'failureReason';
    values[':reason'] = change.failureReason;
    sets.push('#reason = :reason');
  }
  if (change.attempt !== undefined) {
    names['#attempt'] = 'attempt';
    values[':attempt'] = change.attempt;
    sets.push('#attempt = :attempt');
  }
  const remove = change.failureReason === undefined ? ' REMOVE failureReason' : '';
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: registryKey(countyId, tenantId),
        UpdateExpression: `SET ${sets.join(', ')}${remove}`,
        ConditionExpression: `attribute_exists(PK) AND #status IN (${change.from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) {
      throw new TenantStateConflict(`Der Mandant "${tenantId}" ist nicht in einem Zustand, der diese Änderung erlaubt.`);
    }
    throw error;
  }
}

/**
 * Creates the tenant's profile and first configuration in one transaction. Safe to repeat (a retried workflow step):
 * when the profile already exists nothing is written.
 */
export async function createProfileAndConfig(
  db: DynamoDBDocumentClient,
  profile: TenantProfile,
  config: TenantConfig,
  by: string,
): Promise<'created' | 'existed'> {
  const base: VersionedConfig = { version: 1, config, updatedAt: profile.updatedAt, updatedBy: by };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE_NAME, Item: { ...profileKey(profile.tenantId), ...profile }, ConditionExpression: 'attribute_not_exists(PK)' } },
          { Put: { TableName: TABLE_NAME, Item: { ...configKey(profile.tenantId), ...base }, ConditionExpression: 'attribute_not_exists(PK)' } },
          { Put: { TableName: TABLE_NAME, Item: { ...configHistoryKey(profile.tenantId, 1), ...base, changed: Object.keys(config) } } },
        ],
      }),
    );
    return 'created';
  } catch (error) {
    if (isConditionFailure(error)) return 'existed';
    throw error;
  }
}

/** Sets the status of the registry entry and of the tenant's profile together. */
export async function setTenantStatus(
  db: DynamoDBDocumentClient,
  countyId: string,
  tenantId: string,
  change: { from: readonly TenantStatus[]; to: TenantStatus; now: Date },
): Promise<void> {
  const update = (Key: Record<string, string>) => ({
    Update: {
      TableName: TABLE_NAME,
      Key,
      UpdateExpression: 'SET #status = :to, #updatedAt = :now REMOVE failureReason',
      ConditionExpression: `attribute_exists(PK) AND #status IN (${change.from.map((_, i) => `:from${i}`).join(', ')})`,
      ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt' },
      ExpressionAttributeValues: Object.fromEntries([
        [':to', change.to],
        [':now', change.now.toISOString()],
        ...change.from.map((status, i) => [`:from${i}`, status]),
      ]),
    },
  });
  try {
    await db.send(new TransactWriteCommand({ TransactItems: [update(registryKey(countyId, tenantId)), update(profileKey(tenantId))] }));
  } catch (error) {
    if (isConditionFailure(error)) {
      throw new TenantStateConflict(`Der Mandant "${tenantId}" ist nicht in einem Zustand, der diese Änderung erlaubt.`);
    }
    throw error;
  }
}

/** The tenant's profile, for `readItems` (one call with other reads). */
export function profileRead(tenantId: string): ItemRead<TenantProfile | undefined> {
  return { key: profileKey(tenantId), parse: (item) => strip<TenantProfile>(item) };
}

/** The tenant's current configuration, for `readItems` (one call with other reads). */
export function configRead(tenantId: string): ItemRead<VersionedConfig | undefined> {
  return { key: configKey(tenantId), parse: (item) => strip<VersionedConfig>(item) };
}

export async function getProfile(db: DynamoDBDocumentClient, tenantId: string): Promise<TenantProfile | undefined> {
  const read = profileRead(tenantId);
  return read.parse((await db.send(new GetCommand({ TableName: TABLE_NAME, Key: read.key }))).Item);
}

export async function getConfig(db: DynamoDBDocumentClient, tenantId: string): Promise<VersionedConfig | undefined> {
  const read = configRead(tenantId);
  return read.parse((await db.send(new GetCommand({ TableName: TABLE_NAME, Key: read.key }))).Item);
}

/**
 * Writes a new configuration version if the stored one is still `expectedVersion` (optimistic locking), and appends
 * the change to the history in the same transaction.
 */
export async function saveConfig(
  db: DynamoDBDocumentClient,
  tenantId: string,
  expectedVersion: number,
  next: { config: TenantConfig; changed: string[]; by: string; now: Date },
): Promise<VersionedConfig> {
  const version = expectedVersion + 1;
  const saved: VersionedConfig = { version, config: next.config, updatedAt: next.now.toISOString(), updatedBy: next.by };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE_NAME,
              Item: { ...configKey(tenantId), ...saved },
              ConditionExpression: 'version = :expected',
              ExpressionAttributeValues: { ':expected': expectedVersion },
            },
          },
          {
            Put: {
              TableName: TABLE_NAME,
              Item: { ...configHistoryKey(tenantId, version), ...saved, changed: next.changed },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );
    return saved;
  } catch (error) {
    if (isConditionFailure(error)) {
      throw new ConfigVersionConflict('Die Konfiguration wurde inzwischen geändert. Bitte laden Sie sie neu und wiederholen Sie die Änderung.');
    }
    throw error;
  }
}

export async function listConfigHistory(db: DynamoDBDocumentClient, tenantId: string, limit = 20) {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partitionKey(tenantId, 'TENANT'), ':prefix': 'CONFIG#v' },
      ProjectionExpression: 'version, updatedAt, updatedBy, changed',
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return result.Items ?? [];
}
