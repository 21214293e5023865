/**
 * KPI counters — maintained in the same transaction as the data change they count (atomic `ADD`), so a report is a
 * handful of reads and never a scan (DESIGN.md, "Data").
 *
 * Key layout: `<t>#KPI#<yyyy>` / `SHARD#<n>` (n = 0 … KPI_SHARDS − 1). One item per tenant, year and shard holds every
 * counter of that year as a flat attribute `<metric>|<dimension>|…|<mm>` (month of the event, Europe/Berlin). Every
 * write picks a shard at random: one tenant's busy month spreads over KPI_SHARDS items, so concurrent transactions
 * rarely touch the same counter item (a transaction that does is cancelled with `TransactionConflict`, which the
 * writers retry — see `isCounterConflictOnly`). A year's item stays far below DynamoDB's 400 KB: a few services ×
 * 12 months × ~20 metrics.
 *
 * Access patterns:
 * - add to counters:           UpdateItem `ADD` inside the writer's transaction (`counterUpdates`)
 * - the counters of a year:    BatchGetItem of the KPI_SHARDS keys (`counterReads`), summed (`sumShards`)
 * - rebuild (backfill):        PutItem of shard 0 with the recount, DeleteItem of the other shards (`infra/cli/kpis-backfill.ts`)
 *
 * Pure apart from the random shard: the module builds transaction items and parses items, it sends nothing.
 */
import { TABLE_NAME } from '#core/ddb';
import type { ItemRead } from '#core/item-reads';
import { partitionKey } from '#core/keys';
import { tallyEvents, type CounterEvent } from './counter-values.ts';

export const KPI_SHARDS = 8;

export const counterPartition = (tenantId: string, year: number) => partitionKey(tenantId, 'KPI', String(year));
export const counterKey = (tenantId: string, year: number, shard: number) => ({ PK: counterPartition(tenantId, year), SK: `SHARD#${shard}` });

/**
 * The transaction items that add `events` to the tenant's counters: one `Update` per year touched (usually one), on a
 * random shard. Put them LAST in a transaction, so `isCounterConflictOnly` can tell a conflict on them apart.
 */
export function counterUpdates(tenantId: string, events: readonly CounterEvent[], shard = Math.floor(Math.random() * KPI_SHARDS)) {
  return [...tallyEvents(events)].map(([year, names]) => {
    const attributeNames: Record<string, string> = {};
    const values: Record<string, number> = {};
    const adds = [...names].map(([name, value], index) => {
      attributeNames[`#k${index}`] = name;
      values[`:k${index}`] = value;
      return `#k${index} :k${index}`;
    });
    return {
      Update: {
        TableName: TABLE_NAME,
        Key: counterKey(tenantId, year, shard),
        UpdateExpression: `ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: attributeNames,
        ExpressionAttributeValues: values,
      },
    };
  });
}

/**
 * True when a cancelled transaction failed only because another transaction was writing one of its counter items at
 * the same moment (`TransactionConflict` at an index ≥ `firstCounterIndex`, nothing else refused): nothing was
 * written, and the same transaction may simply be sent again.
 */
export function isCounterConflictOnly(error: unknown, firstCounterIndex: number): boolean {
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> } | undefined)?.CancellationReasons;
  if (!reasons || (error as Error).name !== 'TransactionCanceledException') return false;
  const refused = reasons.map((reason, index) => ({ code: reason.Code ?? 'None', index })).filter((reason) => reason.code !== 'None');
  return refused.length > 0 && refused.every((reason) => reason.code === 'TransactionConflict' && reason.index >= firstCounterIndex);
}

/**
 * Sends a transaction whose last items are counter updates; a conflict on those alone is retried after a short random
 * pause (a few times), so a busy counter never fails a data change. Anything else is the caller's to handle.
 */
export async function sendWithCounters<T>(send: () => Promise<T>, firstCounterIndex: number, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= attempts || !isCounterConflictOnly(error, firstCounterIndex)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}

/** The reads of every shard of a tenant's year, for `readItems` (one BatchGetItem with other reads). */
export function counterReads(tenantId: string, year: number): Array<ItemRead<Record<string, unknown> | undefined>> {
  return Array.from({ length: KPI_SHARDS }, (_, shard) => ({ key: counterKey(tenantId, year, shard), parse: (item) => item }));
}

