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
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure, isTransactionConflict } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { chainDay, chainEntries, type ChainHead, type ChainedEntry } from './chain.ts';
import { auditEntrySchema, type AuditEntry } from './schemas.ts';
import * as z from '#core/zod';

export { auditEntrySchema, type AuditEntry } from './schemas.ts';

/** DynamoDB's limit of items per transaction, less the head. */
const ENTRIES_PER_TRANSACTION = 99;
/** Attempts of one batch against concurrent writers before giving up (each loser re-reads the head). */
const MAX_ATTEMPTS = 12;

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
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
        head = await readHead(db, tenantId);
      }
    }
  }
}
