import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME } from './ddb.ts';

/**
 * One item to read by key, and how its owner (a store module) turns the stored item into its type. Stores export
 * reads so that a handler can fetch items of several capabilities in one `BatchGetItem` without knowing their keys.
 */
export interface ItemRead<T> {
  readonly key: { PK: string; SK: string };
  parse(item: Record<string, unknown> | undefined): T;
}

type Values<R extends readonly ItemRead<unknown>[]> = { -readonly [K in keyof R]: R[K] extends ItemRead<infer V> ? V : never };

/** What one BatchGetItem may ask for. */
export const MAX_BATCH_READS = 100;
const MAX_ROUNDS = 5;

/**
 * Reads up to 100 items in one `BatchGetItem` call (strongly consistent unless `consistent: false`) and returns each
 * read's parsed value in the order asked. Keys DynamoDB leaves unprocessed under load are asked for again with
 * backoff, a bounded number of times.
 */
export async function readItems<const R extends readonly ItemRead<unknown>[]>(
  db: DynamoDBDocumentClient,
  reads: R,
  options: { consistent?: boolean } = {},
): Promise<Values<R>> {
  if (reads.length > MAX_BATCH_READS) throw new Error(`readItems reads at most ${MAX_BATCH_READS} items, got ${reads.length}`);
  const id = (key: { PK: unknown; SK: unknown }) => `${String(key.PK)}\u0000${String(key.SK)}`;
  const found = new Map<string, Record<string, unknown>>();
  const unique = [...new Map(reads.map((read) => [id(read.key), read.key])).values()];
  let keys: Record<string, unknown>[] | undefined = unique;
  for (let round = 0; keys && keys.length > 0; round += 1) {
    if (round === MAX_ROUNDS) throw new Error(`BatchGetItem left keys unprocessed after ${MAX_ROUNDS} rounds`);
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
    const result: BatchGetCommandOutput = await db.send(
      new BatchGetCommand({ RequestItems: { [TABLE_NAME]: { Keys: keys, ConsistentRead: options.consistent ?? true } } }),
    );
    for (const item of result.Responses?.[TABLE_NAME] ?? []) found.set(id(item as { PK: unknown; SK: unknown }), item);
    keys = result.UnprocessedKeys?.[TABLE_NAME]?.Keys;
  }
  return reads.map((read) => read.parse(found.get(id(read.key)))) as Values<R>;
}
