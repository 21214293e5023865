/**
 * Reads of the reports capability: the KPI counters of tenants and years — one BatchGetItem per 100 keys (KPI_SHARDS
 * keys per tenant and year, plus the tenant's configuration for its name) — and the training snapshot of a year's
 * last recorded week (one small query). Never a scan: the cost does not grow with the number of applications.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addDays } from '#core/dates';
import { MAX_BATCH_READS, readItems, type ItemRead } from '#core/item-reads';
import { tenantConfigRead } from '#functions/tenants/config';
import { snapshotsBetween } from '#functions/training/reports/history';
import { counterReads } from './counters.ts';
import { sumShards } from './counter-values.ts';
import type { TrainingSnapshotFigures } from './kpis.ts';

export interface TenantCounters {
  tenantId: string;
  name: string;
  /** Summed counters per year asked for. */
  years: Map<number, Map<string, number>>;
}

/** The counters of `years` of every tenant in `tenantIds`, with the tenant's display name. */
export async function countersOf(db: DynamoDBDocumentClient, tenantIds: readonly string[], years: readonly number[]): Promise<TenantCounters[]> {
  type Read = { tenantId: string; year?: number; read: ItemRead<unknown> };
  const reads: Read[] = tenantIds.flatMap((tenantId) => [
    { tenantId, read: tenantConfigRead(tenantId) as ItemRead<unknown> },
    ...years.flatMap((year) => counterReads(tenantId, year).map((read) => ({ tenantId, year, read: read as ItemRead<unknown> }))),
  ]);
  const values: unknown[] = [];
  for (let start = 0; start < reads.length; start += MAX_BATCH_READS) {
    // Eventually consistent: a report may lag a write by a second, and costs half the read capacity.
    values.push(...(await readItems(db, reads.slice(start, start + MAX_BATCH_READS).map((entry) => entry.read), { consistent: false })));
  }
  const found = reads.map((entry, index) => ({ ...entry, value: values[index] }));
  return tenantIds.map((tenantId) => {
    const mine = found.filter((entry) => entry.tenantId === tenantId);
    const config = mine.find((entry) => entry.year === undefined)!.value as { displayName: string };
    const shardsOf = (year: number) => mine.filter((entry) => entry.year === year).map((entry) => entry.value as Record<string, unknown> | undefined);
    return { tenantId, name: config.displayName, years: new Map(years.map((year) => [year, sumShards(shardsOf(year))])) };
  });
}

/** The training compliance of the last recorded day of the year's last week up to `until` (null: none recorded). */
export async function trainingSnapshot(db: DynamoDBDocumentClient, tenantId: string, until: string): Promise<TrainingSnapshotFigures | undefined> {
  const snapshots = await snapshotsBetween(db, tenantId, addDays(until, -7), until);
  const last = snapshots[snapshots.length - 1];
  return last ? { date: last.date, assigned: last.assigned, completed: last.completed, overdue: last.overdue } : undefined;
}
