/**
 * An in-memory stand-in for the delivery store with the same conditional semantics (status and attempt count must be
 * as read; a resend only from failed or dead; records leave the pending set when batched). The orchestration tests
 * mock `forwarding/store.ts` with it; `store.test.ts` checks the real store's DynamoDB commands.
 */
import { Conflict, NotFound } from '../../../../../functions/core/problem.ts';
import type { Delivery, StatisticsRecord } from '../../../../../functions/services/business/forwarding/model.ts';
import type { AttemptOutcome } from '../../../../../functions/services/business/forwarding/store.ts';

export class DeliveryAlreadyDelivered extends Conflict {}
export class DeliveryChanged extends Error {
  override readonly name = 'DeliveryChanged';
}

export const MAX_RECORDS_PER_BATCH = 50;

export const memory = {
  deliveries: new Map<string, Delivery>(),
  records: new Map<string, StatisticsRecord>(),
  /** Set to make the next `recordAttempt` fail as if another attempt had won. */
  raceNextRecord: false,
  reset() {
    this.deliveries.clear();
    this.records.clear();
    this.raceNextRecord = false;
  },
};

const key = (tenantId: string, id: string) => `${tenantId}#${id}`;
const copy = <T>(value: T): T => structuredClone(value);

export async function putDelivery(_db: unknown, delivery: Delivery): Promise<'created' | 'exists'> {
  const k = key(delivery.tenantId, delivery.deliveryId);
  if (memory.deliveries.has(k)) return 'exists';
  memory.deliveries.set(k, copy(delivery));
  return 'created';
}

export async function getDelivery(_db: unknown, tenantId: string, deliveryId: string): Promise<Delivery | undefined> {
  const found = memory.deliveries.get(key(tenantId, deliveryId));
  return found ? copy(found) : undefined;
}

export async function recordAttempt(_db: unknown, read: Delivery, outcome: AttemptOutcome): Promise<Delivery> {
  const k = key(read.tenantId, read.deliveryId);
  const current = memory.deliveries.get(k);
  if (memory.raceNextRecord || !current || current.status !== read.status || current.totalAttempts !== read.totalAttempts) {
    memory.raceNextRecord = false;
    throw new DeliveryChanged('changed');
  }
  const at = outcome.now.toISOString();
  const next: Delivery = {
    ...current,
    status: outcome.status,
    attempts: current.attempts + 1,
    totalAttempts: current.totalAttempts + 1,
    lastAttemptAt: at,
    updatedAt: at,
    nextAttemptAt: outcome.nextAttemptAt ?? current.nextAttemptAt,
    history: [...current.history, { at, event: outcome.status, attempt: current.totalAttempts + 1, ...(outcome.error ? { error: outcome.error } : {}) }],
    ...(outcome.error ? { lastError: outcome.error } : {}),
    ...(outcome.status === 'delivered' ? { deliveredAt: at } : {}),
    ...(outcome.transportRef ? { transportRef: outcome.transportRef } : {}),
    ...(outcome.payload ? { payload: outcome.payload } : {}),
  };
  if (outcome.status === 'delivered') delete next.lastError;
  memory.deliveries.set(k, next);
  return copy(next);
}

export async function markForResend(_db: unknown, tenantId: string, deliveryId: string, request: { by: string; now: Date; note?: string }): Promise<Delivery> {
  const k = key(tenantId, deliveryId);
  const current = memory.deliveries.get(k);
  if (!current) throw new NotFound('Die Übermittlung wurde nicht gefunden.');
  if (current.status === 'delivered') throw new DeliveryAlreadyDelivered('Die Übermittlung ist bereits zugestellt; sie wird nicht erneut gesendet.');
  if (current.status === 'pending') return copy(current);
  const at = request.now.toISOString();
  const next: Delivery = {
    ...current,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    updatedAt: at,
    history: [...current.history, { at, event: 'resend', by: request.by, ...(request.note ? { note: request.note } : {}) }],
  };
  memory.deliveries.set(k, next);
  return copy(next);
}

export async function putStatisticsRecord(_db: unknown, record: StatisticsRecord): Promise<'created' | 'exists'> {
  const k = key(record.tenantId, record.applicationId);
  if (memory.records.has(k)) return 'exists';
  memory.records.set(k, copy(record));
  return 'created';
}

export async function pendingStatisticsRecords(_db: unknown, tenantId: string, beforePeriod: string): Promise<StatisticsRecord[]> {
  return [...memory.records.values()]
    .filter((record) => record.tenantId === tenantId && !record.batchId && record.period < beforePeriod)
    .sort((a, b) => `${a.period}#${a.applicationId}`.localeCompare(`${b.period}#${b.applicationId}`))
    .map(copy);
}

export async function createBatch(_db: unknown, delivery: Delivery, records: readonly StatisticsRecord[]): Promise<'created' | 'exists'> {
  const k = key(delivery.tenantId, delivery.deliveryId);
  if (memory.deliveries.has(k) || records.some((record) => memory.records.get(key(record.tenantId, record.applicationId))?.batchId)) return 'exists';
  memory.deliveries.set(k, copy(delivery));
  for (const record of records) memory.records.get(key(record.tenantId, record.applicationId))!.batchId = delivery.deliveryId;
  return 'created';
}

export async function dueDeliveries(_db: unknown, tenantId: string, status: 'pending' | 'failed', now: Date): Promise<string[]> {
  return [...memory.deliveries.values()]
    .filter((delivery) => delivery.tenantId === tenantId && delivery.status === status && delivery.nextAttemptAt <= now.toISOString())
    .map((delivery) => delivery.deliveryId);
}

export async function listByStatus(_db: unknown, tenantId: string, status: string) {
  return { items: [...memory.deliveries.values()].filter((delivery) => delivery.tenantId === tenantId && delivery.status === status).map(copy) };
}

export async function listByApplication(_db: unknown, tenantId: string, applicationId: string) {
  return [...memory.deliveries.values()].filter((delivery) => delivery.tenantId === tenantId && delivery.applicationIds.includes(applicationId)).map(copy);
}
