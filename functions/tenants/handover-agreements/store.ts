/**
 * Handover agreement store — the only code that talks to DynamoDB about handover agreements.
 *
 * Items (PK / SK) and access patterns:
 * - acceptance: `<receiver>#HANDOVER-AGREEMENTS` / `ACCEPTS#<service>#<task>#<from>`
 *     the receiver's list (Query, begins_with `ACCEPTS#`), with the receiver's tenant-scoped credentials
 *     a ConditionCheck in the transaction that writes a handover into the receiver's partition (`acceptanceCondition`)
 *     GSI1 `<from>#HANDOVER-ACCEPTED` / `<service>#<task>#<receiver>`   what receivers accept from `from`, read with
 *                                                                        `from`'s OWN credentials (the index key starts
 *                                                                        with its tenant id)
 * - history:    `<receiver>#HANDOVER-AGREEMENTS` / `HISTORY#<at>#<random>`   append-only: who accepted, changed or
 *                                                                            withdrew what, when
 *
 * Only the receiver (or a function with whole-table rights) can write an item whose base key starts with the
 * receiver's id; anybody can put any GSI1 value on an item of its own partition. So what the sender reads through the
 * index counts only if its base key is the receiver's acceptance key for exactly that entry (`acceptancesFor`).
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { Conflict, NotFound } from '#core/problem';
import type { HandoverAcceptance } from './domain.ts';

export class AcceptanceChanged extends Conflict {}

export interface AcceptanceRef {
  receiver: string;
  from: string;
  service: string;
  task: string;
}

const agreementsPartition = (receiver: string) => partitionKey(receiver, 'HANDOVER-AGREEMENTS');
const acceptanceKey = (ref: AcceptanceRef) => ({ PK: agreementsPartition(ref.receiver), SK: `ACCEPTS#${ref.service}#${ref.task}#${ref.from}` });
const acceptedIndex = (ref: AcceptanceRef) => ({ GSI1PK: partitionKey(ref.from, 'HANDOVER-ACCEPTED'), GSI1SK: `${ref.service}#${ref.task}#${ref.receiver}` });
const historyItem = (ref: AcceptanceRef, change: { action: 'accepted' | 'changed' | 'withdrawn'; reference?: string; by: string; at: string }) => ({
  PK: agreementsPartition(ref.receiver),
  SK: `HISTORY#${change.at}#${randomUUID()}`,
  ...ref,
  ...change,
});

function acceptanceOf(item: Record<string, unknown>): HandoverAcceptance {
  const { PK: _pk, SK: _sk, GSI1PK: _gpk, GSI1SK: _gsk, ...rest } = item;
  return rest as unknown as HandoverAcceptance;
}

export async function getAcceptance(db: DynamoDBDocumentClient, ref: AcceptanceRef): Promise<HandoverAcceptance | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: acceptanceKey(ref), ConsistentRead: true }));
  return result.Item ? acceptanceOf(result.Item) : undefined;
}

/**
 * Records that `ref.receiver` accepts the handover, or changes its reference. `previous` is what the caller read:
 * the write is conditional on it (none → must not exist; else unchanged), so two admins never overwrite each other
 * unseen (`AcceptanceChanged`). The acceptance and its history entry are one transaction.
 */
export async function saveAcceptance(
  db: DynamoDBDocumentClient,
  ref: AcceptanceRef,
  change: { reference?: string; by: string; now: Date },
  previous: HandoverAcceptance | undefined,
): Promise<HandoverAcceptance> {
  const at = change.now.toISOString();
  const acceptance: HandoverAcceptance = {
    ...ref,
    ...(change.reference !== undefined ? { reference: change.reference } : {}),
    agreedAt: previous?.agreedAt ?? at,
    agreedBy: previous?.agreedBy ?? change.by,
    updatedAt: at,
    updatedBy: change.by,
  };
  const condition = previous
    ? { ConditionExpression: 'updatedAt = :seen', ExpressionAttributeValues: { ':seen': previous.updatedAt } }
    : { ConditionExpression: 'attribute_not_exists(PK)' };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE_NAME, Item: { ...acceptanceKey(ref), ...acceptedIndex(ref), ...acceptance }, ...condition } },
          {
            Put: {
              TableName: TABLE_NAME,
              Item: historyItem(ref, { action: previous ? 'changed' : 'accepted', ...(change.reference !== undefined ? { reference: change.reference } : {}), by: change.by, at }),
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new AcceptanceChanged('Die Vereinbarung wurde inzwischen geändert. Bitte laden Sie sie neu.');
    throw error;
  }
  return acceptance;
}

/** Withdraws an acceptance: from now on nothing of this kind is written into the receiver's partition. */
export async function withdrawAcceptance(db: DynamoDBDocumentClient, ref: AcceptanceRef, change: { by: string; now: Date }): Promise<void> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: TABLE_NAME, Key: acceptanceKey(ref), ConditionExpression: 'attribute_exists(PK)' } },
          { Put: { TableName: TABLE_NAME, Item: historyItem(ref, { action: 'withdrawn', by: change.by, at: change.now.toISOString() }) } },
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFound('Diese Vereinbarung besteht nicht (mehr).');
    throw error;
  }
}

/** What `receiver` accepts (its own partition). */
export async function acceptancesBy(db: DynamoDBDocumentClient, receiver: string): Promise<HandoverAcceptance[]> {
  const items = await queryItems(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': agreementsPartition(receiver), ':prefix': 'ACCEPTS#' },
    ConsistentRead: true,
  });
  return items.map(acceptanceOf);
}

/**
 * What receivers accept from `sender`, through the index partition that starts with `sender`'s id — so the sender
 * reads it with its own tenant-scoped credentials. Only authentic items count: base key = the receiver's acceptance
 * key of exactly this entry (see the top of the file). Eventually consistent (an index): a just-made acceptance may
 * take a moment to show; the write of a handover checks the receiver's item itself.
 */
export async function acceptancesFor(db: DynamoDBDocumentClient, sender: string): Promise<HandoverAcceptance[]> {
  const items = await queryItems(db, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': partitionKey(sender, 'HANDOVER-ACCEPTED') },
  });
  return items.filter((item) => isAuthenticFor(sender, item)).map(acceptanceOf);
}

function isAuthenticFor(sender: string, item: Record<string, unknown>): boolean {
  const { receiver, from, service, task } = item;
  if (from !== sender || typeof receiver !== 'string' || typeof service !== 'string' || typeof task !== 'string') return false;
  const expected = acceptanceKey({ receiver, from, service, task });
  return item.PK === expected.PK && item.SK === expected.SK;
}

/**
 * The receiver's acceptance as a condition of a transaction that writes into its partition: the transaction fails
 * (`ConditionalCheckFailed` for this item) when the acceptance does not exist at that moment.
 */
export function acceptanceCondition(ref: AcceptanceRef) {
  return { ConditionCheck: { TableName: TABLE_NAME, Key: acceptanceKey(ref), ConditionExpression: 'attribute_exists(PK)' } };
}

async function queryItems(
  db: DynamoDBDocumentClient,
  query: { IndexName?: string; KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown>; ConsistentRead?: boolean },
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ TableName: TABLE_NAME, ...query, ...(cursor ? { ExclusiveStartKey: cursor } : {}) }));
    items.push(...(page.Items ?? []));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return items;
}
