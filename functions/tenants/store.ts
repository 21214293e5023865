/**
 * Tenant store — the only code that talks to DynamoDB about tenants.
 *
 * Access patterns (PK / SK):
 * - tenant registry entry:     `<county>#TENANTS` / `TENANT#<tenantId>`   (the county's view: status, onboarding request)
 * - list the registry:         Query `<county>#TENANTS`, SK begins_with `TENANT#`
 * - claimed identity keys:     `<county>#TENANTS` / `KEY#ags#<ags>`, `KEY#caseNumberPrefix#<prefix>` (→ `tenantId`):
 *                              written in the transaction that registers (or re-registers on retry) the tenant, so two
 *                              tenants can never hold the same AGS or case-number prefix. Kept while the registry entry
 *                              exists — a failed or deactivated tenant keeps its keys (its case numbers stay unique).
 * - tenant profile:            `<tenantId>#TENANT` / `PROFILE`             (its `status` gates every request: core/tenant-status)
 * - current configuration:     `<tenantId>#TENANT` / `CONFIG`               (with `version`)
 * - configuration history:     `<tenantId>#TENANT` / `CONFIG#v<000001>`    (append-only: who, when, what changed)
 * - accounts a deactivation disabled: `<tenantId>#ACCOUNTS` / `DISABLED#<sub>` (written before the account is disabled,
 *                              deleted after reactivation enabled it: reactivation enables exactly these, never an
 *                              account that was disabled for another reason; ids only)
 *
 * Every function takes the document client to use: handlers pass `tableFor(caller.tenantId)` (IAM-scoped to the
 * caller's tenant in AWS), onboarding steps `tableFor(<county>)` for the registry and `tableFor(<new tenant>)` for its
 * profile; only the activation (registry and profile in one transaction) passes `systemTable`.
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure, isTransactionConflict } from '#core/ddb';
import type { ItemRead } from '#core/item-reads';
import { partitionKey } from '#core/keys';
import { Conflict } from '#core/problem';
import { tenantProfileKey } from '#core/tenant-status';
import { assertCursorInScope } from '#core/pagination';
import type { AccountsJob, StatusChange, TenantProfile, TenantRecord, VersionedConfig } from './domain.ts';
import type { CreateTenantInput, TenantConfig, TenantStatus } from './schemas.ts';

export class TenantAlreadyExists extends Conflict {}
/** Another tenant holds the AGS or the case-number prefix; `errors` names the field(s). */
export class TenantKeyTaken extends Conflict {}
export class TenantStateConflict extends Conflict {}
export class ConfigVersionConflict extends Conflict {}
export class TenantNotRegistered extends Error {
  override readonly name = 'TenantNotRegistered';
}

const registryKey = (countyId: string, tenantId: string) => ({ PK: partitionKey(countyId, 'TENANTS'), SK: `TENANT#${tenantId}` });
const profileKey = tenantProfileKey;
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

/** The identity keys a tenant holds exclusively across the county. */
const UNIQUE_KEYS = [
  { field: 'ags', label: 'Der Amtliche Gemeindeschlüssel' },
  { field: 'caseNumberPrefix', label: 'Das Aktenzeichen-Kürzel' },
] as const satisfies ReadonlyArray<{ field: keyof CreateTenantInput; label: string }>;
type UniqueKey = (typeof UNIQUE_KEYS)[number];

const keyMarker = (countyId: string, key: UniqueKey, value: string) => ({ PK: partitionKey(countyId, 'TENANTS'), SK: `KEY#${key.field}#${value}` });

/** Claims `value` for the tenant; holding it already is fine (a repeated registration or retry). */
function claimKey(countyId: string, tenantId: string, key: UniqueKey, value: string) {
  return {
    Put: {
      TableName: TABLE_NAME,
      Item: { ...keyMarker(countyId, key, value), tenantId, field: key.field, value },
      ConditionExpression: 'attribute_not_exists(PK) OR tenantId = :tenantId',
      ExpressionAttributeValues: { ':tenantId': tenantId },
    },
  };
}

/** Gives up a key the tenant held; never one of another tenant. */
function releaseKey(countyId: string, tenantId: string, key: UniqueKey, value: string) {
  return {
    Delete: {
      TableName: TABLE_NAME,
      Key: keyMarker(countyId, key, value),
      ConditionExpression: 'attribute_not_exists(PK) OR tenantId = :tenantId',
      ExpressionAttributeValues: { ':tenantId': tenantId },
    },
  };
}

function keysTaken(keys: readonly UniqueKey[], request: CreateTenantInput): TenantKeyTaken {
  const messages = keys.map((key) => `${key.label} "${request[key.field]}" gehört bereits zu einem anderen Mandanten.`);
  return new TenantKeyTaken(messages.join(' '), keys.map((key, index) => ({ field: `body/${key.field}`, message: messages[index]! })));
}

/** Indexes of the transaction's items whose condition failed. */
function failedConditions(error: unknown): number[] {
  if (!isConditionFailure(error)) return [];
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  if (!reasons) return [0];
  return reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
}

/**
 * A transaction that lost a race with another one (nothing written) is sent again a few times: the second round sees
 * the winner's items and fails on their conditions — a 409, not a 500, for concurrent registrations.
 */
async function transact(db: DynamoDBDocumentClient, items: NonNullable<TransactWriteCommandInput['TransactItems']>): Promise<void> {
  for (let round = 1; ; round += 1) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (!isTransactionConflict(error) || round === 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** round));
    }
  }
}

/** Registers the tenant and claims its AGS and case-number prefix, all or nothing. */
export async function registerTenant(db: DynamoDBDocumentClient, countyId: string, record: TenantRecord): Promise<void> {
  try {
    await transact(db, [
      { Put: { TableName: TABLE_NAME, Item: { ...registryKey(countyId, record.tenantId), ...record }, ConditionExpression: 'attribute_not_exists(PK)' } },
      ...UNIQUE_KEYS.map((key) => claimKey(countyId, record.tenantId, key, record.request[key.field])),
    ]);
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.includes(0)) throw new TenantAlreadyExists(`Ein Mandant mit der ID "${record.tenantId}" existiert bereits.`, [{ field: 'body/id', message: 'Diese ID ist vergeben.' }]);
    const taken = UNIQUE_KEYS.filter((_, index) => failed.includes(index + 1));
    if (taken.length > 0) throw keysTaken(taken, record.request);
    throw error;
  }
}

/**
 * Claims the keys of a tenant registered before keys were claimed (the local seed on existing data). Returns the
 * fields another tenant already holds; nothing is overwritten.
 */
export async function claimTenantKeys(db: DynamoDBDocumentClient, countyId: string, record: TenantRecord): Promise<string[]> {
  const taken: string[] = [];
  for (const key of UNIQUE_KEYS) {
    try {
      await db.send(new PutCommand(claimKey(countyId, record.tenantId, key, record.request[key.field]).Put));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      taken.push(key.field);
    }
  }
  return taken;
}

/**
 * Starts the next onboarding attempt of a failed tenant with the (possibly corrected) request: the registry entry
 * takes the request, and a changed AGS or prefix moves its claim — in one transaction, conditional on the entry still
 * being `failed` in the attempt the caller saw.
 */
export async function restartOnboarding(
  db: DynamoDBDocumentClient,
  countyId: string,
  record: TenantRecord,
  next: { request: CreateTenantInput; attempt: number; by: string; now: Date },
): Promise<void> {
  const moved = UNIQUE_KEYS.filter((key) => record.request[key.field] !== next.request[key.field]);
  try {
    await transact(db, [
      {
        Update: {
          TableName: TABLE_NAME,
          Key: registryKey(countyId, record.tenantId),
          UpdateExpression:
            'SET #status = :to, #attempt = :attempt, #request = :request, #name = :name, #ags = :ags, #retriedBy = :by, #updatedAt = :now REMOVE failureReason',
          ConditionExpression: '#status = :from AND #attempt = :previous',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#attempt': 'attempt',
            '#request': 'request',
            '#name': 'name',
            '#ags': 'ags',
            '#retriedBy': 'retriedBy',
            '#updatedAt': 'updatedAt',
          },
          ExpressionAttributeValues: {
            ':to': 'onboarding',
            ':from': 'failed',
            ':attempt': next.attempt,
            ':previous': record.attempt,
            ':request': next.request,
            ':name': next.request.name,
            ':ags': next.request.ags,
            ':by': next.by,
            ':now': next.now.toISOString(),
          },
        },
      },
      ...moved.flatMap((key) => [
        claimKey(countyId, record.tenantId, key, next.request[key.field]),
        releaseKey(countyId, record.tenantId, key, record.request[key.field]),
      ]),
    ]);
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.includes(0)) {
      throw new TenantStateConflict(`Der Mandant "${record.tenantId}" ist nicht (mehr) im Zustand „fehlgeschlagen“; nur ein fehlgeschlagenes Onboarding kann wiederholt werden.`);
    }
    const taken = moved.filter((_, index) => failed.includes(1 + 2 * index));
    if (taken.length > 0) throw keysTaken(taken, next.request);
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

/** Name and AGS of a profile that was never activated, from a corrected onboarding request; an active profile is left alone. */
export async function renameOnboardingProfile(db: DynamoDBDocumentClient, tenantId: string, next: { name: string; ags: string; now: Date }): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: profileKey(tenantId),
        UpdateExpression: 'SET #name = :name, #ags = :ags, #updatedAt = :now',
        ConditionExpression: '#status = :onboarding AND (#name <> :name OR #ags <> :ags)',
        ExpressionAttributeNames: { '#name': 'name', '#ags': 'ags', '#status': 'status', '#updatedAt': 'updatedAt' },
        ExpressionAttributeValues: { ':name': next.name, ':ags': next.ags, ':onboarding': 'onboarding', ':now': next.now.toISOString() },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
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

/**
 * Deactivates or reactivates a tenant as `planStatusChange` decided: registry entry (status and the new account job)
 * and profile in one transaction, conditional on the status and job run the decision saw.
 */
export async function changeTenantStatus(db: DynamoDBDocumentClient, countyId: string, tenantId: string, change: StatusChange, now: Date): Promise<void> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE_NAME,
              Key: registryKey(countyId, tenantId),
              UpdateExpression: 'SET #status = :to, #accounts = :job, #updatedAt = :now',
              ConditionExpression: `#status = :from AND ${change.expectedRun === 0 ? 'attribute_not_exists(#accounts)' : '#accounts.#run = :run'}`,
              ExpressionAttributeNames: { '#status': 'status', '#accounts': 'accounts', '#updatedAt': 'updatedAt', ...(change.expectedRun === 0 ? {} : { '#run': 'run' }) },
              ExpressionAttributeValues: {
                ':to': change.to,
                ':from': change.from,
                ':job': change.job,
                ':now': now.toISOString(),
                ...(change.expectedRun === 0 ? {} : { ':run': change.expectedRun }),
              },
            },
          },
          {
            Update: {
              TableName: TABLE_NAME,
              Key: profileKey(tenantId),
              UpdateExpression: 'SET #status = :to, #updatedAt = :now',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt' },
              ExpressionAttributeValues: { ':to': change.to, ':now': now.toISOString() },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) {
      throw new TenantStateConflict(`Der Mandant "${tenantId}" wurde gleichzeitig geändert. Bitte laden Sie den Stand neu.`);
    }
    throw error;
  }
}

/** Records the end of an account job; a job that is no longer the running one (already finished) is left alone. */
export async function finishAccountsJob(
  db: DynamoDBDocumentClient,
  countyId: string,
  tenantId: string,
  outcome: { run: number; state: Exclude<AccountsJob['state'], 'running'>; failureReason?: string; now: Date },
): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: registryKey(countyId, tenantId),
        UpdateExpression: `SET #accounts.#state = :state, #accounts.#finishedAt = :now${outcome.failureReason ? ', #accounts.#reason = :reason' : ''}`,
        ConditionExpression: '#accounts.#run = :run AND #accounts.#state = :running',
        ExpressionAttributeNames: {
          '#accounts': 'accounts',
          '#state': 'state',
          '#finishedAt': 'finishedAt',
          '#run': 'run',
          ...(outcome.failureReason ? { '#reason': 'failureReason' } : {}),
        },
        ExpressionAttributeValues: {
          ':state': outcome.state,
          ':now': outcome.now.toISOString(),
          ':run': outcome.run,
          ':running': 'running',
          ...(outcome.failureReason ? { ':reason': outcome.failureReason } : {}),
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

const disabledAccountKey = (tenantId: string, sub: string) => ({ PK: partitionKey(tenantId, 'ACCOUNTS'), SK: `DISABLED#${sub}` });

/** Notes that the deactivation disables this account — before it does, so that a crash in between loses nothing. */
export async function noteDisabledAccount(db: DynamoDBDocumentClient, tenantId: string, sub: string, run: number, now: Date): Promise<void> {
  await db.send(new PutCommand({ TableName: TABLE_NAME, Item: { ...disabledAccountKey(tenantId, sub), sub, run, disabledAt: now.toISOString() } }));
}

/** Accounts the deactivation disabled and reactivation has not enabled yet (strongly consistent: done ones are gone). */
export async function disabledAccounts(db: DynamoDBDocumentClient, tenantId: string, limit: number): Promise<string[]> {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partitionKey(tenantId, 'ACCOUNTS'), ':prefix': 'DISABLED#' },
      ProjectionExpression: '#sub',
      ExpressionAttributeNames: { '#sub': 'sub' },
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map((item) => String(item.sub));
}

export async function forgetDisabledAccount(db: DynamoDBDocumentClient, tenantId: string, sub: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: TABLE_NAME, Key: disabledAccountKey(tenantId, sub) }));
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
