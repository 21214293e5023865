/**
 * KPI counter values — pure (no AWS client): the events the writers count, their flat names, sums and histograms. The
 * items and transactions are `counters.ts`'s; the domain (`kpis.ts`, `open-data.ts`) and the web app read these.
 */
import { berlinDate } from '#core/dates';

/** One counted event: the counter's name without the month, when it happened, and by how much (default 1). */
export interface CounterEvent {
  readonly name: readonly string[];
  readonly at: string | Date;
  readonly by?: number;
}

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

export type Counters = ReadonlyMap<string, number>;

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
