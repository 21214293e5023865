import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemTable } from '../../../../functions/core/ddb.ts';
import type { Delivery, StatisticsRecord } from '../../../../functions/services/business/forwarding/model.ts';
import {
  createBatch,
  DeliveryAlreadyDelivered,
  DeliveryChanged,
  dueDeliveries,
  listByStatus,
  markForResend,
  pendingStatisticsRecords,
  putDelivery,
  recordAttempt,
} from '../../../../functions/services/business/forwarding/store.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const NOW = new Date('2026-03-10T10:00:00.000Z');
const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

function delivery(overrides: Partial<Delivery> = {}): Delivery {
  return {
    deliveryId: 'AbCdEfGhIjKlMnOpQrStUv',
    tenantId: 'neuss',
    recipientId: 'ihk',
    recipientName: 'IHK',
    kind: 'notice',
    formKinds: ['GewA1'],
    applicationIds: ['3f2c1b7a-9d4e-4f5a-8b9c-0d1e2f3a4b5c'],
    caseNumbers: ['NE-GEW-2026-000001'],
    matrixVersion: 'v1',
    status: 'pending',
    attempts: 0,
    totalAttempts: 0,
    nextAttemptAt: NOW.toISOString(),
    messageUuid: 'm',
    author: { ags: '05162024', name: 'Stadt Neuss' },
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    createdBy: 'system',
    history: [],
    ...overrides,
  };
}

beforeEach(() => {
  ddb.reset();
});

describe('the delivery store', () => {
  it('keys a delivery by tenant and indexes it by status (due time) and by application', async () => {
    ddb.on(PutCommand).resolves({});
    expect(await putDelivery(systemTable, delivery())).toBe('created');
    const item = ddb.commandCalls(PutCommand)[0]!.args[0].input.Item!;
    expect(item).toMatchObject({
      PK: 'neuss#DELIVERY#AbCdEfGhIjKlMnOpQrStUv',
      SK: 'DELIVERY',
      GSI2PK: 'neuss#DELIVERIES#pending',
      GSI2SK: `${NOW.toISOString()}#AbCdEfGhIjKlMnOpQrStUv`,
      GSI1PK: 'neuss#APPDELIVERIES#3f2c1b7a-9d4e-4f5a-8b9c-0d1e2f3a4b5c',
      GSI1SK: 'ihk#AbCdEfGhIjKlMnOpQrStUv',
    });
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input.ConditionExpression).toBe('attribute_not_exists(PK)');
    ddb.on(PutCommand).rejects(conditionFailed());
    expect(await putDelivery(systemTable, delivery())).toBe('exists');
  });

  it('lists a batch under no application', async () => {
    ddb.on(PutCommand).resolves({});
    await putDelivery(systemTable, delivery({ kind: 'statistics-batch', applicationIds: ['a', 'b'] }));
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input.Item!.GSI1PK).toBeUndefined();
  });

  it('records an attempt only on the state it was read in, and moves the delivery in the status index', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { PK: 'x', ...delivery({ status: 'delivered' }) } });
    const result = await recordAttempt(systemTable, delivery(), { status: 'delivered', now: NOW, transportRef: 'neuss/outbound/ihk/x.xml', payload: '<x/>' });
    expect(result.status).toBe('delivered');
    expect((result as unknown as Record<string, unknown>).PK).toBeUndefined();
    const input = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input.ConditionExpression).toBe('#status = :read AND #totalAttempts = :expected');
    expect(input.ExpressionAttributeValues).toMatchObject({ ':read': 'pending', ':expected': 0, ':status': 'delivered', ':gsi2pk': 'neuss#DELIVERIES#delivered', ':transportRef': 'neuss/outbound/ihk/x.xml', ':payload': '<x/>' });
    expect(input.UpdateExpression).toContain('REMOVE lastError');
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await expect(recordAttempt(systemTable, delivery(), { status: 'failed', now: NOW, error: 'x', nextAttemptAt: NOW.toISOString() })).rejects.toBeInstanceOf(DeliveryChanged);
  });

  it('puts a failed delivery in the status index by its next attempt', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: delivery({ status: 'failed' }) });
    await recordAttempt(systemTable, delivery(), { status: 'failed', now: NOW, error: 'abgelehnt', nextAttemptAt: '2026-03-10T10:05:00.000Z' });
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':gsi2pk': 'neuss#DELIVERIES#failed',
      ':gsi2sk': '2026-03-10T10:05:00.000Z#AbCdEfGhIjKlMnOpQrStUv',
      ':lastError': 'abgelehnt',
    });
  });

  it('resends only failed or dead deliveries; a delivered one is a conflict, a missing one not found', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: delivery({ status: 'pending' }) });
    await markForResend(systemTable, 'neuss', 'AbCdEfGhIjKlMnOpQrStUv', { by: 'cw', now: NOW });
    const input = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input.ConditionExpression).toBe('attribute_exists(PK) AND #status IN (:failed, :dead)');
    expect(input.ExpressionAttributeValues).toMatchObject({ ':zero': 0, ':gsi2pk': 'neuss#DELIVERIES#pending' });
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: delivery({ status: 'delivered' }) });
    await expect(markForResend(systemTable, 'neuss', 'AbCdEfGhIjKlMnOpQrStUv', { by: 'cw', now: NOW })).rejects.toBeInstanceOf(DeliveryAlreadyDelivered);
    ddb.on(GetCommand).resolves({});
    await expect(markForResend(systemTable, 'neuss', 'AbCdEfGhIjKlMnOpQrStUv', { by: 'cw', now: NOW })).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('lists due deliveries first and the dead-letter view newest first, refusing foreign cursors', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await listByStatus(systemTable, 'neuss', 'dead', { limit: 10 });
    await listByStatus(systemTable, 'neuss', 'failed', { limit: 10 });
    const [dead, failed] = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(dead).toMatchObject({ IndexName: 'GSI2', ScanIndexForward: false, ExpressionAttributeValues: { ':pk': 'neuss#DELIVERIES#dead' } });
    expect(failed).toMatchObject({ ScanIndexForward: true });
    await expect(listByStatus(systemTable, 'neuss', 'dead', { limit: 10, cursor: { PK: 'dormagen#DELIVERY#x', SK: 'DELIVERY', GSI2PK: 'dormagen#DELIVERIES#dead', GSI2SK: 'x' } })).rejects.toMatchObject({ kind: 'bad-request' });
  });

  it('finds due deliveries by their next attempt', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ deliveryId: 'a' }, { deliveryId: 'b' }] });
    expect(await dueDeliveries(systemTable, 'neuss', 'failed', NOW)).toEqual(['a', 'b']);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :now',
      ExpressionAttributeValues: { ':pk': 'neuss#DELIVERIES#failed', ':now': `${NOW.toISOString()}#~` },
    });
  });
});

describe('the statistics records', () => {
  const record = (applicationId: string): StatisticsRecord => ({
    tenantId: 'neuss',
    applicationId,
    caseNumber: 'NE-GEW-2026-000001',
    period: '2026-02',
    record: { kind: 'GewA1', data: {}, meta: { satzUuid: 's', businessId: 'b', caseNumber: 'c', ags: '05162024', receivedAt: NOW.toISOString(), acceptedAt: NOW.toISOString() } },
    author: { ags: '05162024', name: 'Stadt Neuss' },
    matrixVersion: 'v1',
    createdAt: NOW.toISOString(),
  });

  it('reads the records of closed months only', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ PK: 'x', GSI2PK: 'y', ...record('a') }] });
    const records = await pendingStatisticsRecords(systemTable, 'neuss', '2026-03');
    expect(records).toEqual([record('a')]);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :before',
      ExpressionAttributeValues: { ':pk': 'neuss#STATPENDING', ':before': '2026-03' },
    });
  });

  it('creates a batch and takes its records out of the pending index in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    expect(await createBatch(systemTable, delivery({ kind: 'statistics-batch', deliveryId: 'BATCH-batch-batch-batc' }), [record('a'), record('b')])).toBe('created');
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(3);
    expect(items[1]!.Update).toMatchObject({
      Key: { PK: 'neuss#STATRECORD#a', SK: 'STATRECORD' },
      UpdateExpression: 'SET batchId = :batch REMOVE GSI2PK, GSI2SK',
      ConditionExpression: 'attribute_exists(GSI2PK)',
    });
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }] }));
    expect(await createBatch(systemTable, delivery({ kind: 'statistics-batch' }), [record('a')])).toBe('exists');
  });
});
