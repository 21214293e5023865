/**
 * Audit trail store — the only code that talks to DynamoDB about the trail. The rest of the platform appends with
 * `appendAudit`; the http middleware does so for every route that declares an `audit` class (`functions/routes.ts`).
 *
 * Items (PK / SK) and access patterns:
 * - entry:  `<t>#AUDIT#<YYYY-MM-DD>` / `SEQ#<seq, 12 digits>`   append-only, written once (`attribute_not_exists`);
 *           a day of a tenant: Query PK (the chain, verification, search by time)
 *           GSI1 `<t>#AUDIT-RECORD#<recordType>#<recordId>` / `<at>#<seq>` → who touched a record (search by record,
 *           the Baulasten access log)
 *           GSI2 `<t>#AUDIT-SUBJECT#<subjectId>` / `<at>#<seq>` → everything done to a person's data (Art. 15 requests)
 * - head:   `<t>#AUDIT-HEAD` / `HEAD`   the tenant's last entry (seq, hash, day): the chain's tail and the lock of appends
 *
 * An append is one transaction: the new entries (each conditional on not existing) and the head (conditional on still
 * being the head that was read). Two writers that read the same head cannot both win — the loser re-reads the head and
 * chains its entries behind the winner's — so the chain never forks. Functions take the tenant's document client
 * (`tableFor(tenantId)`): IAM keeps every writer in its tenant's partitions.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure, isTransactionConflict } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { assertCursorInScope } from '#core/pagination';
import { chainDay, chainEntries, verifyDay, type ChainHead, type ChainProblem, type ChainedEntry } from './chain.ts';
import { auditEntrySchema, type AuditEntry } from './schemas.ts';
import * as z from '#core/zod';

export { auditEntrySchema, type AuditEntry } from './schemas.ts';

/** DynamoDB's limit of items per transaction, less the head. */
const ENTRIES_PER_TRANSACTION = 99;
/**
 * Attempts of one batch against concurrent writers before giving up (each loser re-reads the head), with capped
 * exponential backoff and full jitter: a burst of 50 requests of one tenant (the durability tests) all get through.
 * The head serialises a tenant's appends — roughly one per round trip; chains in parallel lanes would lift that limit.
 */
const MAX_ATTEMPTS = 40;
const backoffMs = (attempt: number) => Math.random() * Math.min(250, 4 * 2 ** Math.min(attempt, 8));

export function dayPartition(tenantId: string, day: string): string {
  return partitionKey(tenantId, 'AUDIT', day);
}

export function recordPartition(tenantId: string, recordType: string, recordId: string): string {
  return partitionKey(tenantId, 'AUDIT-RECORD', recordType, recordId);
}

export function subjectPartition(tenantId: string, subjectId: string): string {
  return partitionKey(tenantId, 'AUDIT-SUBJECT', subjectId);
}

const headKey = (tenantId: string) => ({ PK: partitionKey(tenantId, 'AUDIT-HEAD'), SK: 'HEAD' });

export function seqKey(seq: number): string {
  return `SEQ#${String(seq).padStart(12, '0')}`;
}

function entryItem(entry: ChainedEntry): Record<string, unknown> {
  const order = `${entry.at}#${String(entry.seq).padStart(12, '0')}`;
  return {
    PK: dayPartition(entry.tenantId, entry.day),
    SK: seqKey(entry.seq),
    GSI1PK: recordPartition(entry.tenantId, entry.recordType, entry.recordId),
    GSI1SK: order,
    ...(entry.subjectId ? { GSI2PK: subjectPartition(entry.tenantId, entry.subjectId), GSI2SK: order } : {}),
    ...entry,
  };
}

export async function readHead(db: DynamoDBDocumentClient, tenantId: string): Promise<ChainHead | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: headKey(tenantId), ConsistentRead: true }));
  if (!result.Item) return undefined;
  return { seq: Number(result.Item.seq), hash: String(result.Item.hash), day: String(result.Item.day) };
}

/** Thrown when a batch could not be appended after `MAX_ATTEMPTS` races: the request fails rather than go unaudited. */
export class AuditAppendContended extends Error {
  override readonly name = 'AuditAppendContended';
}

/**
 * Appends `entries` (all of one tenant) to the tenant's trail, in order, as one transaction per 99 entries. Resolves
 * once they are stored; a request whose access cannot be recorded fails (the caller lets the error through).
 */
export async function appendAudit(db: DynamoDBDocumentClient, entries: readonly AuditEntry[], now: Date = new Date()): Promise<void> {
  if (entries.length === 0) return;
  const valid = entries.map((entry) => z.parse(auditEntrySchema, entry));
  const tenantId = valid[0]!.tenantId;
  if (valid.some((entry) => entry.tenantId !== tenantId)) throw new Error('appendAudit: entries of more than one tenant');
  let head = await readHead(db, tenantId);
  for (let start = 0; start < valid.length; start += ENTRIES_PER_TRANSACTION) {
    const batch = valid.slice(start, start + ENTRIES_PER_TRANSACTION);
    for (let attempt = 1; ; attempt += 1) {
      const chained = chainEntries(head, batch, chainDay(head, now));
      const last = chained.at(-1)!;
      const next: ChainHead = { seq: last.seq, hash: last.hash, day: last.day };
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              ...chained.map((entry) => ({ Put: { TableName: TABLE_NAME, Item: entryItem(entry), ConditionExpression: 'attribute_not_exists(PK)' } })),
              {
                Put: {
                  TableName: TABLE_NAME,
                  Item: { ...headKey(tenantId), ...next },
                  ConditionExpression: head ? 'seq = :seq AND #hash = :hash' : 'attribute_not_exists(PK)',
                  ...(head ? { ExpressionAttributeNames: { '#hash': 'hash' }, ExpressionAttributeValues: { ':seq': head.seq, ':hash': head.hash } } : {}),
                },
              },
            ],
          }),
        );
        head = next;
        break;
      } catch (error) {
        if (!isConditionFailure(error) && !isTransactionConflict(error)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new AuditAppendContended(`Audit trail of ${tenantId}: ${MAX_ATTEMPTS} attempts lost to concurrent writers`);
        await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
        head = await readHead(db, tenantId);
      }
    }
  }
}

// Reading ---------------------------------------------------------------------------------------------------------------

function entryOf(item: Record<string, unknown>): ChainedEntry {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g1s, GSI2PK: _g2, GSI2SK: _g2s, ...entry } = item;
  return entry as unknown as ChainedEntry;
}

/** All entries stored in one day's partition of a tenant (every page), in sequence order. */
export async function entriesOfDay(db: DynamoDBDocumentClient, tenantId: string, day: string): Promise<ChainedEntry[]> {
  const entries: ChainedEntry[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': dayPartition(tenantId, day) },
        ConsistentRead: true,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    entries.push(...(result.Items ?? []).map(entryOf));
    cursor = result.LastEvaluatedKey;
  } while (cursor);
  return entries;
}

export interface TrailFilter {
  subjectId?: string;
  recordType?: string;
  recordId?: string;
  actorId?: string;
  /** Inclusive bounds of `at` (ISO 8601 instants). */
  from?: string;
  to?: string;
}

export interface TrailPage {
  items: ChainedEntry[];
  cursor?: Record<string, unknown>;
}

/**
 * A page of a tenant's trail, newest first: by person (GSI2) or by record (GSI1), narrowed by time (sort key range)
 * and by user (filter). One Query per page; a filtered page may hold fewer than `limit` entries and still have a
 * cursor. Searching by user or time alone is `trailOfDays`.
 */
export async function searchTrail(db: DynamoDBDocumentClient, tenantId: string, filter: TrailFilter & ({ subjectId: string } | { recordType: string; recordId: string }), page: { limit: number; cursor?: Record<string, unknown> }): Promise<TrailPage> {
  const bySubject = filter.subjectId !== undefined;
  const index = bySubject ? 'GSI2' : 'GSI1';
  const partition = bySubject ? subjectPartition(tenantId, filter.subjectId!) : recordPartition(tenantId, filter.recordType!, filter.recordId!);
  assertCursorInScope(page.cursor, { index, partition });
  const names: Record<string, string> = { '#pk': `${index}PK`, '#sk': `${index}SK` };
  const values: Record<string, unknown> = { ':pk': partition, ':from': filter.from ?? '0', ':to': `${filter.to ?? '9'}~` };
  const filters: string[] = [];
  if (bySubject && filter.recordType) {
    filters.push('recordType = :type');
    values[':type'] = filter.recordType;
    if (filter.recordId) {
      filters.push('recordId = :record');
      values[':record'] = filter.recordId;
    }
  }
  if (filter.actorId) {
    filters.push('actorId = :actor');
    values[':actor'] = filter.actorId;
  }
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: index,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: page.limit,
      ...(page.cursor ? { ExclusiveStartKey: page.cursor } : {}),
    }),
  );
  return { items: (result.Items ?? []).map(entryOf), ...(result.LastEvaluatedKey ? { cursor: result.LastEvaluatedKey } : {}) };
}

/** Where a search by time continues: a day, below a sequence number of it (absent: from its newest entry). */
export interface DayCursor {
  day: string;
  below?: number;
}

/**
 * A page of a tenant's trail by time (and optionally user), newest first, walking its day partitions from `to` back
 * to `from` (the handler bounds the range), with one Query per day read. The cursor is the day and sequence number to
 * continue below.
 */
export async function trailOfDays(
  db: DynamoDBDocumentClient,
  tenantId: string,
  filter: { from: string; to: string; actorId?: string },
  page: { limit: number; cursor?: DayCursor },
): Promise<{ items: ChainedEntry[]; cursor?: DayCursor }> {
  const items: ChainedEntry[] = [];
  const firstDay = filter.from.slice(0, 10);
  let day = page.cursor?.day ?? filter.to.slice(0, 10);
  let below = page.cursor?.below;
  while (day >= firstDay) {
    const values: Record<string, unknown> = { ':pk': dayPartition(tenantId, day), ':below': below === undefined ? 'SEQ#~' : seqKey(below), ':from': filter.from, ':to': filter.to };
    if (filter.actorId) values[':actor'] = filter.actorId;
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk AND SK < :below',
        FilterExpression: `#at BETWEEN :from AND :to${filter.actorId ? ' AND actorId = :actor' : ''}`,
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: page.limit - items.length,
      }),
    );
    items.push(...(result.Items ?? []).map(entryOf));
    const last = result.LastEvaluatedKey;
    if (last) {
      below = Number(String(last.SK).slice('SEQ#'.length));
      if (items.length >= page.limit) return { items, cursor: { day, below } };
      continue;
    }
    day = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    below = undefined;
    if (items.length >= page.limit) return day >= firstDay ? { items, cursor: { day } } : { items };
  }
  return { items };
}

export interface Verification {
  valid: boolean;
  /** Entries checked and the days they were in, from the head back to `from` (or the tenant's first entry). */
  entries: number;
  days: number;
  head?: ChainHead;
  /** The earliest day checked; its first entry's link to the day before is trusted when `from` cut the walk short. */
  from?: string;
  problems: ChainProblem[];
}

/**
 * Verifies a tenant's chain from its head backwards, day by day, down to `from` (a day) or the tenant's first entry:
 * one Query per day (more for days of over 1 MB). Stops at the first day whose way back is lost.
 */
export async function verifyTrail(db: DynamoDBDocumentClient, tenantId: string, options: { from?: string } = {}): Promise<Verification> {
  const head = await readHead(db, tenantId);
  if (!head) return { valid: true, entries: 0, days: 0, problems: [] };
  const problems: ChainProblem[] = [];
  let expected: { day: string; seq: number; hash: string } | undefined = head;
  let entries = 0;
  let days = 0;
  let earliest: string | undefined;
  while (expected && (options.from === undefined || expected.day >= options.from)) {
    const stored = await entriesOfDay(db, tenantId, expected.day);
    const result = verifyDay(tenantId, expected.day, stored, expected);
    problems.push(...result.problems);
    entries += stored.length;
    days += 1;
    earliest = expected.day;
    expected = result.previous;
  }
  return { valid: problems.length === 0, entries, days, head, ...(earliest ? { from: earliest } : {}), problems };
}
