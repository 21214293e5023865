import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { recountApplication, submissionEvents, transitionEvents } from '../../../functions/reports/application-counters.ts';
import { counterUpdates, isCounterConflictOnly, sendWithCounters } from '../../../functions/reports/counters.ts';
import { DAY_BUCKETS, dayBucket, quantileOf, sumShards, tallyEvents, type CounterEvent } from '../../../functions/reports/counter-values.ts';
import { transition, createApplication } from '../../../functions/applications/store.ts';
import type { ApplicationStatus, TimelineEntry } from '../../../functions/applications/model.ts';
import { counterItems, storedApplication, TENANT } from '../applications/support.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const db = ddb as unknown as DynamoDBDocumentClient;

beforeEach(() => {
  ddb.reset();
  ddb.on(TransactWriteCommand).resolves({});
});

const flat = (events: readonly CounterEvent[]) => Object.fromEntries([...(tallyEvents(events).values())].flatMap((names) => [...names]).sort());

/**
 * A fake store of one application: the timeline the engine writes and the counter events of each write, side by side —
 * what `store.ts` does in one transaction. The recount of the timeline must give the same counters.
 */
function lifecycle(channel: 'online' | 'counter', steps: ReadonlyArray<{ from: ApplicationStatus[]; to: ApplicationStatus; through?: ApplicationStatus[]; at: string; set?: Record<string, unknown>; note?: string }>) {
  const app = { serviceId: 'resident-parking', channel, createdAt: '2026-03-30T21:30:00.000Z', fee: { feeKey: 'annual', amountCents: 12000, currency: 'EUR' as const, legalBasis: 'x', scheduleValidFrom: '2026-01-01' } };
  const timeline: TimelineEntry[] = [
    { at: app.createdAt, status: 'submitted', actor: 'x' },
    { at: app.createdAt, status: 'fee-computed', actor: 'x' },
  ];
  const events = submissionEvents(app, timeline);
  let decision: { automatic: boolean } | undefined;
  let status: ApplicationStatus = 'fee-computed';
  for (const step of steps) {
    events.push(...transitionEvents(app, { from: step.from, to: step.to, ...(step.through ? { through: step.through.map((s) => ({ status: s })) } : {}), now: new Date(step.at), ...(step.set ? { set: step.set } : {}) }));
    for (const s of [...(step.through ?? []), step.to]) timeline.push({ at: step.at, status: s, actor: 'x', ...(step.note && s === step.to ? { note: step.note } : {}) });
    if (step.set?.decision) decision = step.set.decision as { automatic: boolean };
    status = step.to;
  }
  return { events, recount: recountApplication({ ...app, status, decision: decision as never }, timeline) };
}

describe('application counters', () => {
  const scenarios = {
    'paid and approved automatically': lifecycle('online', [
      { from: ['fee-computed'], to: 'awaiting-payment', at: '2026-03-30T21:31:00.000Z' },
      { from: ['awaiting-payment', 'paid', 'fee-computed'], through: ['paid', 'checks-passed'], to: 'approved', at: '2026-04-01T08:00:00.000Z', set: { decision: { automatic: true } } },
      { from: ['approved'], to: 'documents-issued', at: '2026-04-01T08:00:01.000Z' },
      { from: ['documents-issued'], to: 'completed', at: '2026-04-01T08:00:02.000Z' },
    ]),
    'rejected by a caseworker and refunded': lifecycle('counter', [
      { from: ['fee-computed'], to: 'awaiting-payment', at: '2026-03-31T08:00:00.000Z' },
      { from: ['awaiting-payment', 'paid', 'fee-computed'], through: ['paid'], to: 'checks-passed', at: '2026-03-31T09:00:00.000Z' },
      { from: ['checks-passed'], to: 'awaiting-decision', at: '2026-03-31T09:00:01.000Z' },
      { from: ['awaiting-decision'], to: 'rejected', at: '2026-04-20T09:00:00.000Z', set: { decision: { automatic: false } } },
      { from: ['rejected'], to: 'rejected', at: '2026-04-20T09:00:05.000Z', set: { payment: { refund: { status: 'REFUNDED' } } }, note: 'Gebühr erstattet (R-1)' },
    ]),
    'payment failed, paid again, withdrawn': lifecycle('online', [
      { from: ['fee-computed'], to: 'awaiting-payment', at: '2026-03-30T21:31:00.000Z' },
      { from: ['awaiting-payment'], to: 'payment-failed', at: '2026-03-30T21:40:00.000Z' },
      { from: ['payment-failed', 'expired'], to: 'fee-computed', at: '2026-04-02T10:00:00.000Z' },
      { from: ['fee-computed'], to: 'awaiting-payment', at: '2026-04-02T10:00:01.000Z' },
      { from: ['awaiting-payment'], to: 'withdrawn', at: '2026-04-03T10:00:00.000Z' },
    ]),
    'still waiting for the caseworker': lifecycle('online', [
      { from: ['fee-computed'], to: 'awaiting-payment', at: '2026-03-30T21:31:00.000Z' },
      { from: ['awaiting-payment', 'paid', 'fee-computed'], through: ['paid'], to: 'checks-passed', at: '2026-03-31T09:00:00.000Z' },
      { from: ['checks-passed'], to: 'awaiting-decision', at: '2026-03-31T09:00:01.000Z' },
    ]),
  };

  it.each(Object.entries(scenarios))('equal a recount of the timeline: %s', (_name, { events, recount }) => {
    expect(flat(events)).toEqual(flat(recount));
  });

  it('count in the German month, time the decision in days, and keep the open gauge by the month of submission', () => {
    const counters = flat(Object.values(scenarios).flatMap((scenario) => scenario.events));
    // Submitted 30 March 21:30 UTC = 23:30 in Germany: March. Open now: only the one still waiting (submitted in March).
    expect(counters['app|resident-parking|online|submitted|03']).toBe(3);
    expect(counters['app|resident-parking|counter|submitted|03']).toBe(1);
    expect(counters['appOpen|resident-parking|03']).toBe(1);
    expect(counters['appAuto|resident-parking|04']).toBe(1);
    expect(counters['appDecideDays|resident-parking|d2|04']).toBe(1);
    expect(counters['appDecideDays|resident-parking|d21|04']).toBe(1);
    expect(counters['pay|resident-parking|booked|04']).toBe(1);
    expect(counters['pay|resident-parking|booked|03']).toBe(2);
    expect(counters['pay|resident-parking|bookedCents|03']).toBe(24000);
    expect(counters['pay|resident-parking|refunded|04']).toBe(1);
    // Recording the refund on the rejection did not count a second rejection.
    expect(counters['app|resident-parking|counter|rejected|04']).toBe(1);
    expect(counters['app|resident-parking|online|awaiting-payment|04']).toBe(1);
  });
});

describe('the application store', () => {
  it('adds the counters to the same transaction as the status change, last', async () => {
    const app = storedApplication({ status: 'awaiting-decision' });
    await transition(db, app, { from: ['awaiting-decision'], to: 'approved', actor: 'cw', now: new Date('2026-04-01T10:00:00Z'), set: { decision: { automatic: false } } });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(counterItems(ddb)).toHaveLength(1);
    expect(items.at(-1)).toBe(counterItems(ddb)[0]);
    const update = counterItems(ddb)[0]!.Update!;
    expect(update.Key).toEqual({ PK: `${TENANT}#KPI#2026`, SK: expect.stringMatching(/^SHARD#[0-7]$/) });
    expect(Object.values(update.ExpressionAttributeNames!)).toContain(`app|${app.serviceId}|${app.channel}|approved|04`);
  });

  it('adds the submission to the counters in the transaction that stores the application', async () => {
    const app = storedApplication({ status: 'fee-computed', createdAt: '2026-05-05T10:00:00.000Z' });
    await createApplication(db, app, { key: 'k' }, [{ at: app.createdAt, status: 'submitted', actor: 'x' }]);
    expect(Object.values(counterItems(ddb)[0]!.Update!.ExpressionAttributeNames!)).toEqual(expect.arrayContaining([`app|${app.serviceId}|${app.channel}|submitted|05`, `appOpen|${app.serviceId}|05`]));
  });

  it('sends the transaction again when only a counter item was busy, and never when something else refused', async () => {
    const busy = Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] });
    const refused = Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'TransactionConflict' }] });
    expect(isCounterConflictOnly(busy, 1)).toBe(true);
    expect(isCounterConflictOnly(busy, 2)).toBe(false);
    expect(isCounterConflictOnly(refused, 1)).toBe(false);
    let calls = 0;
    await expect(sendWithCounters(async () => (++calls === 1 ? Promise.reject(busy) : 'sent'), 1)).resolves.toBe('sent');
    expect(calls).toBe(2);
    calls = 0;
    await expect(sendWithCounters(async () => (++calls, Promise.reject(refused)), 1)).rejects.toBe(refused);
    expect(calls).toBe(1);
  });
});

describe('counters', () => {
  it('spread over shards and add up again: one Update per year, with negative deltas kept and zero sums dropped', () => {
    const updates = counterUpdates(TENANT, [
      { name: ['a'], at: '2026-12-31T23:30:00.000Z' }, // 00:30 on 1 January 2027 in Germany
      { name: ['a'], at: '2026-06-01T10:00:00.000Z', by: 2 },
      { name: ['b'], at: '2026-06-01T10:00:00.000Z', by: -1 },
      { name: ['c'], at: '2026-06-01T10:00:00.000Z', by: 1 },
      { name: ['c'], at: '2026-06-02T10:00:00.000Z', by: -1 },
    ], 3);
    expect(updates.map((update) => update.Update.Key)).toEqual([{ PK: `${TENANT}#KPI#2027`, SK: 'SHARD#3' }, { PK: `${TENANT}#KPI#2026`, SK: 'SHARD#3' }]);
    expect(updates[1]!.Update.ExpressionAttributeValues).toEqual({ ':k0': 2, ':k1': -1 });
    expect(sumShards([{ PK: 'x', SK: 'SHARD#0', 'a|06': 2 }, { PK: 'x', SK: 'SHARD#5', 'a|06': 3, 'b|06': 1 }, undefined])).toEqual(new Map([['a|06', 5], ['b|06', 1]]));
  });

  it('read a median and 90th percentile as the upper bound of their histogram bucket, for every bucket', () => {
    for (const bound of DAY_BUCKETS) {
      expect(dayBucket(bound - 0.01)).toBe(`d${bound}`);
      expect(quantileOf(new Map([[`d${bound}`, 5]]), 0.5)).toBe(bound);
    }
    expect(dayBucket(1000)).toBe('d366');
    const histogram = new Map([['d1', 5], ['d3', 4], ['d30', 1]]);
    expect(quantileOf(histogram, 0.5)).toBe(1);
    expect(quantileOf(histogram, 0.9)).toBe(3);
    expect(quantileOf(histogram, 1)).toBe(30);
    expect(quantileOf(new Map(), 0.5)).toBeNull();
  });
});

describe('vehicle task counters', () => {
  it('add up to the recount of the stored task: received, failed, reopened, done and the turnaround', async () => {
    const { vehicleTaskCreated, vehicleTaskMoved } = await import('../../../functions/reports/service-counters.ts');
    const { recount } = await import('../../../functions/reports/recount.ts');
    const task = { fromTenantId: 'juechen', createdAt: '2026-05-04T08:00:00.000Z' };
    const written = [
      ...vehicleTaskCreated(task),
      ...vehicleTaskMoved(task, 'open', 'failed', '2026-05-05T08:00:00.000Z'),
      ...vehicleTaskMoved(task, 'failed', 'open', '2026-05-06T08:00:00.000Z'),
      ...vehicleTaskMoved(task, 'done', 'done', '2026-05-06T09:00:00.000Z'),
      ...vehicleTaskMoved(task, 'open', 'done', '2026-05-08T08:00:00.000Z'),
    ];
    const stored = { PK: 'rhein-kreis-neuss#HANDOVER#h1', SK: 'TASK', ...task, status: 'done', reopened: 1, updatedAt: '2026-05-08T08:00:00.000Z' };
    const recounted = recount([stored]).get('rhein-kreis-neuss')!.get(2026)!;
    expect(Object.fromEntries(recounted)).toEqual(flat(written));
    expect(flat(written)).toMatchObject({ 'vehicle|juechen|created|05': 1, 'vehicle|juechen|failed|05': 1, 'vehicle|juechen|reopened|05': 1, 'vehicle|juechen|done|05': 1, 'vehicleDays|juechen|d5|05': 1 });
  });
});
