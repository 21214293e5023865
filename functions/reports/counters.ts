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
import { berlinDate } from '#core/dates';
import { TABLE_NAME } from '#core/ddb';
import type { ItemRead } from '#core/item-reads';
import { partitionKey } from '#core/keys';

export const KPI_SHARDS = 8;

/** One counted event: the counter's name without the month, when it happened, and by how much (default 1). */
export interface CounterEvent {
  readonly name: readonly string[];
  readonly at: string | Date;
  readonly by?: number;
}

export const counterPartition = (tenantId: string, year: number) => partitionKey(tenantId, 'KPI', String(year));
export const counterKey = (tenantId: string, year: number, shard: number) => ({ PK: counterPartition(tenantId, year), SK: `SHARD#${shard}` });

/** `2026-03` of an instant, in the German calendar (a submission at 00:30 on 1 April counts in April). */
export function monthOfEvent(at: string | Date): { year: number; month: string } {
  const date = berlinDate(typeof at === 'string' ? new Date(at) : at);
  return { year: Number(date.slice(0, 4)), month: date.slice(5, 7) };
}

/** The flat attribute name of a counter: its name parts and the month, joined by `|` (no part may contain `|`). */
export function counterName(name: readonly string[], month: string): string {
  return [...name.map((part) => part.replaceAll('|', '_')), month].join('|');
}

/** Sums events per year and attribute name; zero sums are dropped (nothing to write). */
export function tallyEvents(events: readonly CounterEvent[]): Map<number, Map<string, number>> {
  const years = new Map<number, Map<string, number>>();
  for (const event of events) {
    const { year, month } = monthOfEvent(event.at);
    const names = years.get(year) ?? new Map<string, number>();
    const name = counterName(event.name, month);
    names.set(name, (names.get(name) ?? 0) + (event.by ?? 1));
    years.set(year, names);
  }
  for (const [year, names] of years) {
    for (const [name, value] of names) if (value === 0) names.delete(name);
    if (names.size === 0) years.delete(year);
  }
  return years;
}

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

export type Counters = ReadonlyMap<string, number>;

/** The reads of every shard of a tenant's year, for `readItems` (one BatchGetItem with other reads). */
export function counterReads(tenantId: string, year: number): Array<ItemRead<Record<string, unknown> | undefined>> {
  return Array.from({ length: KPI_SHARDS }, (_, shard) => ({ key: counterKey(tenantId, year, shard), parse: (item) => item }));
}

/** The counters of a year: every shard's numeric attributes summed. */
export function sumShards(items: ReadonlyArray<Record<string, unknown> | undefined>): Map<string, number> {
  const sums = new Map<string, number>();
  for (const item of items) {
    for (const [name, value] of Object.entries(item ?? {})) {
      if (name === 'PK' || name === 'SK' || typeof value !== 'number') continue;
      sums.set(name, (sums.get(name) ?? 0) + value);
    }
  }
  return sums;
}

/**
 * Counters whose name starts with `prefix` (its parts), as `[rest of the name parts…, month, value]` — e.g. all
 * `app|<service>|<channel>|<mm>|…`. Names are split on `|`.
 */
export function countersUnder(counters: Counters, prefix: readonly string[]): Array<{ parts: string[]; value: number }> {
  const head = prefix.join('|') + '|';
  const found: Array<{ parts: string[]; value: number }> = [];
  for (const [name, value] of counters) if (name.startsWith(head)) found.push({ parts: name.slice(head.length).split('|'), value });
  return found;
}

// --- processing times as fixed histograms ----------------------------------------------------------------------------

/**
 * Upper bounds (exclusive, in days) of the processing-time buckets. A median or 90th percentile read from them is the
 * upper bound of the bucket it falls in: exact to the bucket's width (one day up to three days, then 2–3 days up to
 * two weeks, a week up to a month, then 15–30 days, then the rest). Fixed buckets keep the counters additive across
 * shards, months and municipalities, which exact quantiles are not.
 */
export const DAY_BUCKETS = [1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90, 180, 366] as const;

/** The bucket label (`d<upper bound>`) of a duration in days; everything beyond the last bound counts in the last. */
const LAST_BOUND: number = DAY_BUCKETS[DAY_BUCKETS.length - 1]!;

export function dayBucket(days: number): string {
  const bound = DAY_BUCKETS.find((upper) => days < upper) ?? LAST_BOUND;
  return `d${bound}`;
}

export function daysBetweenInstants(from: string, to: string | Date): number {
  return Math.max(0, ((typeof to === 'string' ? Date.parse(to) : to.getTime()) - Date.parse(from)) / 86_400_000);
}

/**
 * The q-quantile (0 < q ≤ 1) of a histogram (`d<bound>` → count): the upper bound of the bucket in which it falls,
 * or null without any value.
 */
export function quantileOf(histogram: ReadonlyMap<string, number>, q: number): number | null {
  const total = [...histogram.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const bound of DAY_BUCKETS) {
    seen += histogram.get(`d${bound}`) ?? 0;
    if (seen >= q * total) return bound;
  }
  return LAST_BOUND;
}
