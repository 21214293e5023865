/**
 * The trade register (Gewerberegister, § 14 GewO) of a municipality: every business its Gewerbeamt acknowledged a
 * GewA1 for, changed by the GewA2 that name it (each change a version) and closed by a GewA3 — or by the Rückmeldung
 * of the municipality it moved to (since 1 Nov 2025 the business files only the GewA1 there, `relocation.ts`).
 * A GewA2/GewA3 must name a registered, active business of the same tenant (and, online, of the same account):
 * `admissionProblem` at submission, and the conditions of the writes here when the notice is acknowledged.
 *
 * Items (PK / SK) and access patterns:
 * - entry:    `<t>#TRADE#<businessId>` / `ENTRY`                 get by Betriebs-ID (submission check, caseworker)
 *     GSI1 `<t>#TRADE-OWNER#<ownerId>` / `<registeredOn>#<id>`     an account's businesses (`GET /businesses`)
 *     GSI2 `<t>#TRADE-REGISTER` / `<searchName>#<id>`              the register by name (caseworker search: a name
 *                                                                   prefix in the key condition; text, WZ and
 *                                                                   status as filters of that one query)
 * - version:  `<t>#TRADE#<businessId>` / `VERSION#<nnnnnn>`       the facts after each notice, oldest first
 * - move:     `<t>#APP#<applicationId>` / `RELOCATION`            the new office's record of its report to the old
 *                                                                   one (`relocation.ts`), read for the status
 *
 * Every change is one transaction on the tenant's partition: the entry (conditional on its status and version), the
 * version item (`attribute_not_exists`), and the end of the notice's hold of the business (the reservation the
 * engine took at submission, `functions/applications/reservations.ts`), so that two concurrent notices about one
 * business cannot both change it. A retried issuing step finds its own change (`lastApplicationId`) and writes
 * nothing twice.
 */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteItem } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { assertCursorInScope, decodeCursor, encodeCursor } from '#core/pagination';
import { Conflict } from '#core/problem';
import * as z from '#core/zod';
import { reservationItemKey } from '#functions/applications/reservations';
import { counterUpdates, sendWithCounters } from '#functions/reports/counters';
import { registerEvents } from '#functions/reports/service-counters';
import { businessReservation } from './admission.ts';
import { BUSINESS_STATUSES, BUSINESS_STATUS_LABELS, type BusinessStatus } from './register-query.ts';
import type { RelocationRecord } from './relocation.ts';

const addressView = z.object({ street: z.string(), houseNumber: z.string(), postcode: z.string(), city: z.string(), country: z.optional(z.string()) });


/** What closed a business: its own GewA3, or the Rückmeldung of the municipality it moved to. */
const closureView = z.object({
  kind: z.enum(['deregistration', 'relocation']),
  caseNumber: z.string(),
  /** Relocation: the municipality the business moved to (display name). */
  movedTo: z.optional(z.string()),
});

/** An entry as the business and the caseworker see it. */
export const businessEntryView = z.object({
  businessId: z.string(),
  /** The operator's registered name or the holder's name. */
  name: z.string(),
  tradeName: z.optional(z.string()),
  premises: addressView,
  activity: z.string(),
  wzCode: z.optional(z.string()),
  registeredOn: z.string(),
  /** Case number of the registration (GewA1). */
  caseNumber: z.string(),
  status: z.enum(BUSINESS_STATUSES),
  statusLabel: z.string(),
  deregisteredOn: z.optional(z.string()),
  closedBy: z.optional(closureView),
  /** 1 after the registration, +1 per change or closure. */
  version: z.number(),
  updatedAt: z.string(),
});
export type BusinessEntry = z.infer<typeof businessEntryView>;

export const businessListView = z.object({ items: z.array(businessEntryView) });

/** A version: the facts after one notice. */
export const businessVersionView = z.object({
  version: z.number(),
  kind: z.enum(['GewA1', 'GewA2', 'GewA3', 'relocation']),
  caseNumber: z.string(),
  /**
   * The application of this municipality that made the version (the caseworker's case view links to it); absent for
   * the Rückmeldung of a move, whose application is the new municipality's.
   */
  applicationId: z.optional(z.string()),
  at: z.string(),
  name: z.string(),
  tradeName: z.optional(z.string()),
  premises: addressView,
  activity: z.string(),
  wzCode: z.optional(z.string()),
  status: z.enum(BUSINESS_STATUSES),
});
export type BusinessVersion = z.infer<typeof businessVersionView>;

/** The caseworker's view of one business: the entry and its history. */
export const businessDetailView = z.object({ entry: businessEntryView, versions: z.array(businessVersionView) });

/** What the register stores beyond the view: who filed the business (never shown), the last notice applied. */
export interface StoredEntry extends Omit<BusinessEntry, 'statusLabel'> {
  ownerId: string;
  lastApplicationId: string;
}

/** The facts a notice states about the business. */
export type BusinessFacts = Pick<BusinessEntry, 'name' | 'tradeName' | 'premises' | 'activity' | 'wzCode'>;

const entryKey = (tenantId: string, businessId: string) => ({ PK: partitionKey(tenantId, 'TRADE', businessId), SK: 'ENTRY' });
const versionKey = (tenantId: string, businessId: string, version: number) => ({ PK: partitionKey(tenantId, 'TRADE', businessId), SK: `VERSION#${String(version).padStart(6, '0')}` });
const ownerIndex = (tenantId: string, ownerId: string) => partitionKey(tenantId, 'TRADE-OWNER', ownerId);
const registerIndex = (tenantId: string) => partitionKey(tenantId, 'TRADE-REGISTER');

/** Lower case, umlauts and ß folded, other marks and punctuation dropped: „Müller-Straße GmbH“ → „mueller strasse gmbh“. */
export function searchKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function indexAttributes(tenantId: string, entry: Pick<StoredEntry, 'businessId' | 'ownerId' | 'registeredOn' | 'name' | 'tradeName' | 'status'>) {
  return {
    GSI1PK: ownerIndex(tenantId, entry.ownerId),
    GSI1SK: `${entry.registeredOn}#${entry.businessId}`,
    GSI2PK: registerIndex(tenantId),
    GSI2SK: `${searchKey(entry.name) || '-'}#${entry.businessId}`,
    // What the text search looks in: both names, folded like the query.
    searchText: searchKey([entry.name, entry.tradeName].filter(Boolean).join(' ')),
  };
}

const INTERNAL = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'searchText'] as const;

function storedEntry(item: Record<string, unknown>): StoredEntry {
  const rest = { ...item };
  for (const key of INTERNAL) delete rest[key];
  return rest as unknown as StoredEntry;
}

/** The view of an entry (the owner and the last application stay internal). */
export function entryView(entry: StoredEntry): BusinessEntry {
  return z.parse(businessEntryView, { ...entry, statusLabel: BUSINESS_STATUS_LABELS[entry.status] });
}

/** A business that cannot take the change: it is not (or no longer) active, or another notice changed it first. */
export class BusinessNotActive extends Conflict {}

/** Ends the hold a notice took on its business at submission, in the transaction that applies the notice. */
function holdRelease(tenantId: string, businessId: string, applicationId: string): TransactWriteItem {
  return {
    Update: {
      TableName: TABLE_NAME,
      Key: reservationItemKey(tenantId, businessReservation(businessId)),
      UpdateExpression: 'REMOVE applicationId, reservedAt, claimExpiresAt',
      ConditionExpression: 'attribute_not_exists(applicationId) OR applicationId = :app',
      ExpressionAttributeValues: { ':app': applicationId },
    },
  };
}

export async function getEntry(db: DynamoDBDocumentClient, tenantId: string, businessId: string): Promise<StoredEntry | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: entryKey(tenantId, businessId), ConsistentRead: true }));
  return result.Item ? storedEntry(result.Item) : undefined;
}

/** A GewA1 enters the business (version 1). Idempotent: `exists` when this application entered it before. */
export async function registerBusiness(
  db: DynamoDBDocumentClient,
  tenantId: string,
  input: { businessId: string; ownerId: string; applicationId: string; caseNumber: string; facts: BusinessFacts; registeredOn: string; at: string },
): Promise<'written' | 'exists'> {
  const entry: StoredEntry = {
    businessId: input.businessId,
    ownerId: input.ownerId,
    ...input.facts,
    registeredOn: input.registeredOn,
    caseNumber: input.caseNumber,
    status: 'active',
    version: 1,
    updatedAt: input.at,
    lastApplicationId: input.applicationId,
  };
  const items = [
    { Put: { TableName: TABLE_NAME, Item: { ...entryKey(tenantId, input.businessId), ...indexAttributes(tenantId, entry), ...entry }, ConditionExpression: 'attribute_not_exists(PK)' } },
    { Put: { TableName: TABLE_NAME, Item: { ...versionKey(tenantId, input.businessId, 1), ...versionOf(entry, 'GewA1', input.caseNumber, input.at) }, ConditionExpression: 'attribute_not_exists(PK)' } },
  ];
  try {
    // The registration counts for the open data (per WZ section and month) in the same write.
    const counters = counterUpdates(tenantId, registerEvents(entry.wzCode, 'registered', input.at));
    await sendWithCounters(() => db.send(new TransactWriteCommand({ TransactItems: [...items, ...counters] })), items.length);
    return 'written';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const existing = await getEntry(db, tenantId, input.businessId);
    if (existing?.caseNumber === input.caseNumber) return 'exists';
    throw new BusinessNotActive('Die Betriebs-ID ist im Gewerberegister schon vergeben.');
  }
}

function versionOf(entry: Omit<StoredEntry, 'version'> & { version: number }, kind: BusinessVersion['kind'], caseNumber: string, at: string): BusinessVersion {
  return {
    version: entry.version,
    kind,
    caseNumber,
    ...(kind === 'relocation' ? {} : { applicationId: entry.lastApplicationId }),
    at,
    name: entry.name,
    ...(entry.tradeName ? { tradeName: entry.tradeName } : {}),
    premises: entry.premises,
    activity: entry.activity,
    ...(entry.wzCode ? { wzCode: entry.wzCode } : {}),
    status: entry.status,
  };
}

export type RegisterUpdate =
  | { kind: 'GewA2'; facts: BusinessFacts }
  | { kind: 'GewA3' | 'relocation'; deregisteredOn: string; closedBy: NonNullable<BusinessEntry['closedBy']> };

/**
 * Applies a GewA2 (new facts) or a closure (GewA3, or the Rückmeldung of a move) to an active business: the entry,
 * a new version, and the end of the notice's hold — one transaction, conditional on the entry being active, owned by
 * `ownerId` when given (an online notice), and unchanged since it was read. Idempotent per `applicationId`.
 * `BusinessNotActive` when the business is missing, closed, not the owner's, or changed concurrently and closed.
 */
export async function updateBusiness(
  db: DynamoDBDocumentClient,
  tenantId: string,
  input: { businessId: string; applicationId: string; caseNumber: string; ownerId?: string; at: string; update: RegisterUpdate; releaseHold: boolean },
  extra: readonly TransactWriteItem[] = [],
): Promise<'written' | 'exists'> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const current = await getEntry(db, tenantId, input.businessId);
    if (current?.lastApplicationId === input.applicationId) return 'exists';
    if (!current || current.status !== 'active' || (input.ownerId !== undefined && current.ownerId !== input.ownerId)) {
      throw new BusinessNotActive('Der Betrieb ist im Gewerberegister nicht (mehr) angemeldet.');
    }
    const { update } = input;
    // A GewA2 states the business as it is now: a trade name or WZ code it no longer names is gone.
    const { tradeName: _tradeName, wzCode: _wzCode, ...kept } = current;
    const next: StoredEntry = {
      ...(update.kind === 'GewA2' ? { ...kept, ...update.facts } : { ...current, status: 'deregistered', deregisteredOn: update.deregisteredOn, closedBy: update.closedBy }),
      version: current.version + 1,
      updatedAt: input.at,
      lastApplicationId: input.applicationId,
    };
    const counted = update.kind === 'GewA2' ? [] : counterUpdates(tenantId, registerEvents(current.wzCode, 'deregistered', input.at));
    try {
      await sendWithCounters(() => db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: TABLE_NAME,
                Item: { ...entryKey(tenantId, input.businessId), ...indexAttributes(tenantId, next), ...next },
                // Optimistic: nobody changed it since the read — a concurrent closure or change makes this one fail.
                ConditionExpression: '#status = :active AND #version = :version',
                ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
                ExpressionAttributeValues: { ':active': 'active', ':version': current.version },
              },
            },
            { Put: { TableName: TABLE_NAME, Item: { ...versionKey(tenantId, input.businessId, next.version), ...versionOf(next, update.kind, input.caseNumber, input.at) }, ConditionExpression: 'attribute_not_exists(PK)' } },
            ...(input.releaseHold ? [holdRelease(tenantId, input.businessId, input.applicationId)] : []),
            ...extra,
            // Last: a closure counts for the open data (deregistrations per WZ section and month).
            ...counted,
          ],
        }),
      ), (input.releaseHold ? 3 : 2) + extra.length);
      return 'written';
    } catch (error) {
      // Lost a race (or the condition of `extra` failed): read again — a closure wins for good, a change is retried.
      if (!isConditionFailure(error)) throw error;
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      const extraFrom = input.releaseHold ? 3 : 2;
      if (reasons.slice(extraFrom).some((reason) => reason.Code === 'ConditionalCheckFailed') && reasons.slice(0, extraFrom).every((reason) => reason.Code !== 'ConditionalCheckFailed')) {
        throw new ExtraConditionFailed('A condition of the register change did not hold');
      }
    }
  }
  throw new BusinessNotActive('Der Betrieb wurde gleichzeitig geändert; bitte versuchen Sie es erneut.');
}

/** A condition that the caller added to the register change (e.g. a handover acceptance) did not hold. */
export class ExtraConditionFailed extends Error {
  override readonly name = 'ExtraConditionFailed';
}

/** An account's businesses, newest registration first: one query of the owner index. */
export async function businessesOf(db: DynamoDBDocumentClient, tenantId: string, ownerId: string): Promise<BusinessEntry[]> {
  const entries: BusinessEntry[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': ownerIndex(tenantId, ownerId) },
        ScanIndexForward: false,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    for (const item of page.Items ?? []) entries.push(entryView(storedEntry(item)));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return entries;
}

/** The versions of a business, oldest first. */
export async function versionsOf(db: DynamoDBDocumentClient, tenantId: string, businessId: string): Promise<BusinessVersion[]> {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :version)',
      ExpressionAttributeValues: { ':pk': entryKey(tenantId, businessId).PK, ':version': 'VERSION#' },
    }),
  );
  return (result.Items ?? []).map((item) => z.parse(businessVersionView, item));
}

export interface RegisterSearch {
  /** A prefix of the operator's name (folded). */
  name?: string;
  /** Words anywhere in the operator's or the trade name (folded). */
  text?: string;
  /** A WZ 2008 code or its prefix, e.g. `47.9`. */
  wz?: string;
  status?: BusinessStatus;
  limit: number;
  cursor?: string;
}

/** Items read per query call while filling a page: the filters may drop many; the page ends where a call ends. */
const READ_PER_CALL = 200;

/**
 * The register by name: queries of the tenant's register index (no Scan), sorted by operator name; the name prefix is
 * part of the key condition, text, WZ and status are filters. Reads on until the page is full or three calls were
 * made, then answers with a cursor where it stopped (a page may then be short: the client pages on).
 */
export async function searchRegister(db: DynamoDBDocumentClient, tenantId: string, search: RegisterSearch): Promise<{ items: BusinessEntry[]; nextCursor: string | null }> {
  const partition = registerIndex(tenantId);
  const prefix = search.name ? searchKey(search.name) : '';
  let cursor = decodeCursor(search.cursor);
  assertCursorInScope(cursor, { index: 'GSI2', partition, ...(prefix ? { sortKeyPrefix: prefix } : {}) });
  const filters: string[] = [];
  const values: Record<string, unknown> = { ':pk': partition };
  const names: Record<string, string> = {};
  if (prefix) values[':prefix'] = prefix;
  if (search.status) {
    filters.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = search.status;
  }
  if (search.wz) {
    filters.push('begins_with(wzCode, :wz)');
    values[':wz'] = search.wz;
  }
  searchKey(search.text ?? '')
    .split(' ')
    .filter(Boolean)
    .forEach((word, index) => {
      filters.push(`contains(searchText, :w${index})`);
      values[`:w${index}`] = word;
    });
  const items: BusinessEntry[] = [];
  for (let call = 0; call < 3 && items.length < search.limit; call += 1) {
    const page = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: 'GSI2',
        KeyConditionExpression: prefix ? 'GSI2PK = :pk AND begins_with(GSI2SK, :prefix)' : 'GSI2PK = :pk',
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        Limit: filters.length > 0 ? READ_PER_CALL : search.limit - items.length,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      if (items.length === search.limit) {
        // The page is full inside this call: continue after the last item answered.
        const last = items.at(-1)!;
        const stored = (page.Items ?? []).find((candidate) => candidate.businessId === last.businessId)!;
        return { items, nextCursor: encodeCursor({ PK: stored.PK, SK: stored.SK, GSI2PK: stored.GSI2PK, GSI2SK: stored.GSI2SK }) };
      }
      items.push(entryView(storedEntry(item)));
    }
    cursor = page.LastEvaluatedKey;
    if (!cursor) break;
  }
  return { items, nextCursor: encodeCursor(cursor) };
}

const relocationKey = (tenantId: string, applicationId: string) => ({ PK: partitionKey(tenantId, 'APP', applicationId), SK: 'RELOCATION' });

/** The new office's record of its report to the old one, below its application (overwritten by a retried step). */
export async function putRelocationRecord(db: DynamoDBDocumentClient, tenantId: string, record: RelocationRecord): Promise<void> {
  await db.send(new PutCommand({ TableName: TABLE_NAME, Item: { ...relocationKey(tenantId, record.applicationId), ...record } }));
}

export async function getRelocationRecord(db: DynamoDBDocumentClient, tenantId: string, applicationId: string): Promise<RelocationRecord | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: relocationKey(tenantId, applicationId), ConsistentRead: true }));
  if (!result.Item) return undefined;
  const { PK: _pk, SK: _sk, ...record } = result.Item;
  return record as RelocationRecord;
}
