import { DeleteObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemTable } from '../../../functions/core/ddb.ts';
import { applicationClosedPut, anonymisedCounts } from '../../../functions/privacy/retention-store.ts';
import { DEFAULT_SERVICE_RETENTION, expiredBefore, retentionSettingsSchema, serviceRetention } from '../../../functions/privacy/retention.ts';
import { sweepTenant } from '../../../functions/privacy/sweep.ts';
import { APPLICATION_STATUSES, FINAL_STATUSES } from '../../../functions/applications/model.ts';
import { transition } from '../../../functions/applications/store.ts';
import { DESCRIPTORS } from '../../../functions/services/descriptors.ts';
import * as z from '../../../functions/core/zod.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const TENANT = 'neuss';
const NOW = new Date('2030-06-15T03:00:00.000Z');

/** Items by PK/SK, answering the store's queries and writes as DynamoDB would (conditions included). */
class FakeTable {
  items = new Map<string, Record<string, any>>();
  put(item: Record<string, any>) {
    this.items.set(`${item.PK}|${item.SK}`, structuredClone(item));
  }
  get(key: { PK: string; SK: string }) {
    return this.items.get(`${key.PK}|${key.SK}`);
  }
  delete(key: { PK: string; SK: string }) {
    this.items.delete(`${key.PK}|${key.SK}`);
  }
  query(input: { KeyConditionExpression: string; ExpressionAttributeValues: Record<string, any>; Limit?: number }) {
    const values = input.ExpressionAttributeValues;
    const rows = [...this.items.values()]
      .filter((item) => item.PK === values[':pk'] && (values[':before'] === undefined || item.SK < values[':before']))
      .sort((a, b) => (a.SK < b.SK ? -1 : 1));
    return { Items: rows.slice(0, input.Limit ?? rows.length) };
  }
  transact(input: { TransactItems: any[] }) {
    const failed = input.TransactItems.some((op) => {
      if (op.ConditionCheck) return this.get(op.ConditionCheck.Key) !== undefined; // attribute_not_exists(PK)
      if (op.Delete?.ConditionExpression) return this.get(op.Delete.Key)?.status !== op.Delete.ExpressionAttributeValues[':status'];
      return false;
    });
    if (failed) throw Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] });
    for (const op of input.TransactItems) {
      if (op.Delete) this.delete(op.Delete.Key);
      if (op.Put) this.put(op.Put.Item);
      if (op.Update) {
        const existing = this.get(op.Update.Key) ?? { ...op.Update.Key, count: 0 };
        const v = op.Update.ExpressionAttributeValues;
        this.put({ ...existing, serviceId: v[':service'], year: v[':year'], status: v[':status'], count: existing.count + v[':one'] });
      }
    }
  }
}

let table: FakeTable;
let recorded: Array<{ applicationId: string; subjectId?: string }>;
const record = async (erased: { applicationId: string; subjectId?: string }) => void recorded.push(erased);

/** A case as the engine leaves it when it closes: application, timeline, the closing marker; optionally a hold. */
function closedCase(id: string, serviceId: string, closedAt: string, options: { status?: string; held?: boolean; documents?: string[] } = {}) {
  const pk = `${TENANT}#APP#${id}`;
  table.put({
    PK: pk, SK: 'META', applicationId: id, serviceId, applicantId: `citizen-${id}`, status: options.status ?? 'completed',
    createdAt: '2026-01-10T09:00:00.000Z', updatedAt: closedAt,
    documents: (options.documents ?? []).map((key) => ({ documentId: key, key })),
  });
  table.put({ PK: pk, SK: `EVENT#${closedAt}#0`, status: 'completed' });
  table.put({ PK: pk, SK: 'EVENT#2026-01-10T09:00:00.000Z#0', status: 'submitted' });
  table.put(applicationClosedPut(TENANT, { serviceId, applicationId: id, closedAt }).Put.Item);
  if (options.held) table.put({ PK: pk, SK: 'HOLD', reason: 'Klageverfahren', by: 'caseworker-1', at: closedAt });
}
const partitionOf = (id: string) => [...table.items.values()].filter((item) => item.PK === `${TENANT}#APP#${id}`);

beforeEach(() => {
  ddb.reset();
  s3.reset();
  table = new FakeTable();
  recorded = [];
  ddb.on(QueryCommand).callsFake((input) => table.query(input));
  ddb.on(BatchWriteCommand).callsFake((input) => {
    for (const request of Object.values(input.RequestItems as Record<string, any[]>)[0]!) table.delete(request.DeleteRequest.Key);
    return {};
  });
  ddb.on(TransactWriteCommand).callsFake((input) => table.transact(input));
  ddb.on(DeleteCommand).callsFake((input) => table.delete(input.Key));
  s3.on(DeleteObjectsCommand).resolves({});
});

describe('the retention sweep (clock set to 15 June 2030)', () => {
  it('erases exactly the cases whose period ended, with their timeline and documents, and keeps the younger ones', async () => {
    const parking = DEFAULT_SERVICE_RETENTION['resident-parking']!.period; // 3 years after closing
    const cutoff = expiredBefore(NOW, parking).toISOString();
    expect(cutoff).toBe('2027-06-15T03:00:00.000Z');
    closedCase('old', 'resident-parking', '2027-06-15T02:59:59.000Z', { documents: ['neuss/applications/old/permit.pdf'] });
    closedCase('young', 'resident-parking', '2027-06-15T03:00:01.000Z');
    closedCase('address-old', 'address-change', '2029-06-01T00:00:00.000Z'); // 1 year: expired
    closedCase('address-young', 'address-change', '2029-07-01T00:00:00.000Z');

    const totals = await sweepTenant(systemTable, TENANT, undefined, NOW, record);

    expect(totals).toEqual({ erased: 2, held: 0, stale: 0 });
    expect(partitionOf('old')).toEqual([]);
    expect(partitionOf('address-old')).toEqual([]);
    expect(partitionOf('young')).toHaveLength(3);
    expect(partitionOf('address-young')).toHaveLength(3);
    expect(s3.commandCalls(DeleteObjectsCommand).map((call) => call.args[0].input.Delete?.Objects)).toEqual([[{ Key: 'neuss/applications/old/permit.pdf' }]]);
    expect(recorded).toHaveLength(2);
    expect(recorded).toEqual(expect.arrayContaining([{ applicationId: 'address-old', subjectId: 'citizen-address-old' }, { applicationId: 'old', subjectId: 'citizen-old' }]));
  });

  it('keeps a held case with its marker, run after run, and erases it once the hold is released', async () => {
    closedCase('held', 'resident-parking', '2020-01-01T00:00:00.000Z', { held: true });
    closedCase('free', 'resident-parking', '2020-01-02T00:00:00.000Z');

    expect(await sweepTenant(systemTable, TENANT, undefined, NOW, record)).toEqual({ erased: 1, held: 1, stale: 0 });
    expect(await sweepTenant(systemTable, TENANT, undefined, NOW, record)).toEqual({ erased: 0, held: 1, stale: 0 });
    expect(partitionOf('held').map((item) => item.SK).sort()).toEqual(['EVENT#2020-01-01T00:00:00.000Z#0', 'EVENT#2026-01-10T09:00:00.000Z#0', 'HOLD', 'META']);

    table.delete({ PK: `${TENANT}#APP#held`, SK: 'HOLD' });
    expect(await sweepTenant(systemTable, TENANT, undefined, NOW, record)).toEqual({ erased: 1, held: 0, stale: 0 });
    expect(partitionOf('held')).toEqual([]);
  });

  it('leaves an anonymised count per service, year and outcome for every erased case, and nothing else of it', async () => {
    closedCase('a', 'resident-parking', '2020-01-01T00:00:00.000Z');
    closedCase('b', 'resident-parking', '2020-01-02T00:00:00.000Z');
    closedCase('c', 'resident-parking', '2020-01-03T00:00:00.000Z', { status: 'rejected' });
    await sweepTenant(systemTable, TENANT, undefined, NOW, record);

    const counts = await anonymisedCounts(systemTable, TENANT);
    expect(counts.sort((x, y) => x.status.localeCompare(y.status))).toEqual([
      { serviceId: 'resident-parking', year: '2026', status: 'completed', count: 2 },
      { serviceId: 'resident-parking', year: '2026', status: 'rejected', count: 1 },
    ]);
    const left = [...table.items.values()];
    expect(JSON.stringify(left)).not.toMatch(/citizen-|EVENT#/);
  });

  it('drops the marker of a case that was reopened after it closed, and of one that is gone, without erasing anything', async () => {
    closedCase('reopened', 'resident-parking', '2020-01-01T00:00:00.000Z', { status: 'awaiting-payment' });
    table.put(applicationClosedPut(TENANT, { serviceId: 'resident-parking', applicationId: 'gone', closedAt: '2020-01-01T00:00:00.000Z' }).Put.Item);
    expect(await sweepTenant(systemTable, TENANT, undefined, NOW, record)).toEqual({ erased: 0, held: 0, stale: 2 });
    expect(partitionOf('reopened')).toHaveLength(3);
    expect(recorded).toEqual([]);
  });

  it('applies a period the tenant configured to cases closed before the change', async () => {
    closedCase('two-years', 'resident-parking', '2028-05-01T00:00:00.000Z');
    const settings = z.parse(retentionSettingsSchema, { services: { 'resident-parking': { period: { count: 2, unit: 'years' }, basis: 'Aktenplan der Stadt Neuss' } } });
    expect(await sweepTenant(systemTable, TENANT, undefined, NOW, record)).toMatchObject({ erased: 0 });
    expect(await sweepTenant(systemTable, TENANT, settings, NOW, record)).toMatchObject({ erased: 1 });
  });

  it('never erases Gewerbe cases by their closing day: their period starts with the deregistration of the business', async () => {
    for (const serviceId of ['business-registration', 'business-change', 'business-deregistration']) {
      closedCase(serviceId, serviceId, '2010-01-01T00:00:00.000Z');
    }
    expect(await sweepTenant(systemTable, TENANT, undefined, NOW, record)).toEqual({ erased: 0, held: 0, stale: 0 });
  });
});

describe('the retention defaults', () => {
  it('name a period, a start and a basis for every service of the catalogue', () => {
    for (const serviceId of Object.keys(DESCRIPTORS)) {
      const rule = serviceRetention(undefined, serviceId);
      expect(DEFAULT_SERVICE_RETENTION[serviceId], serviceId).toBeDefined();
      expect(rule.basis.length, serviceId).toBeGreaterThan(20);
    }
  });

  it('refuse a tenant setting for an unknown service or record type, naming the field', () => {
    const result = z.safeParse(retentionSettingsSchema, { services: { 'no-such-service': { period: { count: 1, unit: 'years' }, basis: 'x y z' } }, records: { payment: { period: { count: 0, unit: 'years' }, basis: 'Abgabenordnung' } } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('/')).sort()).toEqual(['records/payment/period/count', 'services']);
  });

});

describe('closing an application', () => {
  it('writes the retention marker in the transaction of every final status, and of no other', async () => {
    for (const status of APPLICATION_STATUSES) {
      ddb.reset();
      ddb.on(TransactWriteCommand).resolves({});
      await transition(systemTable, { tenantId: TENANT, applicationId: 'app-1', createdAt: '2026-01-10T09:00:00.000Z', serviceId: 'resident-parking', channel: 'online' }, { from: ['awaiting-decision'], to: status, actor: 'system', now: NOW });
      const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
      const markers = items.filter((item) => item.Put?.Item?.PK === `${TENANT}#RETENTION#APPLICATION#resident-parking`);
      expect(markers.map((item) => item.Put!.Item!.SK), status).toEqual(FINAL_STATUSES.includes(status) ? [`${NOW.toISOString()}#app-1`] : []);
    }
  });
});
