import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { enqueueForwarding } from '../../../../functions/services/business/forwarding/deliver.ts';
import { DIRECTORY_V1 } from '../../../../functions/services/business/forwarding/directory.v1.ts';
import { MATRIX_V1 } from '../../../../functions/services/business/forwarding/matrix.v1.ts';
import { newNoticeDelivery, type NoticeContext } from '../../../../functions/services/business/forwarding/plan.ts';
import { handler as retry } from '../../../../functions/services/business/forwarding/retry-deliveries.handler.ts';
import { handler as statistics } from '../../../../functions/services/business/forwarding/statistics-batch.handler.ts';
import { sandboxObjectKey, sandboxTransport } from '../../../../functions/services/business/forwarding/transport.ts';
import { testContext } from '../../../support/events.ts';
import { APP_ID, registrationForm, TENANT } from './fixtures.ts';
import { memory } from './support/memory-store.ts';
// As in AWS: these functions act through tenant-scoped sessions only (no whole-table rights).
vi.mock('#core/ddb', async (original) => (await import('../../../support/tenant-scoped-table.ts')).tenantScopedDdb(await original()));

vi.mock('../../../../functions/services/business/forwarding/store.ts', () => import('./support/memory-store.ts'));
const tenants = vi.hoisted(() => ({ tenantIds: vi.fn(async () => ['neuss', 'dormagen']) }));
vi.mock('#functions/tenants/config', () => ({ tenantIds: tenants.tenantIds }));

const s3 = mockClient(S3Client);
const db = {} as never;

function notice(now: Date, acceptedAt = now.toISOString()): NoticeContext {
  return {
    tenantId: TENANT,
    applicationId: APP_ID,
    caseNumber: 'NE-GEW-2026-000001',
    kind: 'GewA1',
    form: registrationForm(),
    businessId: '0c9003a6-5b4f-4a99-98ae-b2b915708c1d',
    satzUuid: '5687cf4a-5c7b-43f1-933e-e5a7f69f7967',
    receivedAt: acceptedAt,
    acceptedAt,
    author: { ags: '05162024', name: 'Stadt Neuss' },
    now,
  };
}

beforeEach(() => {
  memory.reset();
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
  tenants.tenantIds.mockClear();
});

describe('the sandbox transport', () => {
  const endpoint = DIRECTORY_V1.defaults.find((entry) => entry.recipientId === 'zoll')!;
  const message = { tenantId: 'neuss', deliveryId: 'AbCdEfGhIjKlMnOpQrStUv', recipientId: 'zoll', previousAttempts: 0, xml: '<x/>', createdAt: '2026-03-10T10:00:00.000Z' };

  it('writes the message below the tenant’s outbound prefix, by recipient and month', async () => {
    const receipt = await sandboxTransport.send({ ...message, previousAttempts: 5 }, endpoint);
    expect(receipt.reference).toBe('neuss/outbound/zoll/2026-03/AbCdEfGhIjKlMnOpQrStUv.xml');
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({ Key: receipt.reference, ContentType: 'application/xml; charset=utf-8' });
  });

  it('fails the first attempts of an endpoint flagged for it (test seam), and refuses keys outside the tenant', async () => {
    await expect(sandboxTransport.send(message, endpoint)).rejects.toMatchObject({ name: 'DeliveryRefused', message: expect.stringContaining('Versuch 1 von 5') });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(() => sandboxObjectKey({ ...message, recipientId: '../x' })).toThrow();
    expect(() => sandboxObjectKey({ ...message, tenantId: 'Neuss/..' })).toThrow();
  });
});

describe('the retry schedule', () => {
  it('attempts the due deliveries of every tenant and leaves the others', async () => {
    const now = new Date();
    const stale = { ...newNoticeDelivery(MATRIX_V1, MATRIX_V1.recipients.find((rule) => rule.id === 'ihk')!, notice(now), DIRECTORY_V1.defaults[0], { createdBy: 'system' }), nextAttemptAt: new Date(now.getTime() - 120_000).toISOString() };
    const fresh = newNoticeDelivery(MATRIX_V1, MATRIX_V1.recipients.find((rule) => rule.id === 'dguv')!, notice(now), DIRECTORY_V1.defaults[6], { createdBy: 'system' });
    const due = stale;
    const later = { ...newNoticeDelivery(MATRIX_V1, MATRIX_V1.recipients.find((rule) => rule.id === 'hwk')!, notice(now), DIRECTORY_V1.defaults[1], { createdBy: 'system' }), status: 'failed' as const, nextAttemptAt: new Date(now.getTime() + 3_600_000).toISOString() };
    await enqueueForwarding(db, { deliveries: [due, later, fresh], statistics: [], skipped: [] });
    const result = await retry({}, testContext);
    expect(result).toEqual({ tenants: 2, delivered: 1, failed: 0, dead: 0, skipped: 0, error: 0 });
    expect(memory.deliveries.get(`neuss#${later.deliveryId}`)!.status).toBe('failed');
    // A delivery stored a moment ago is being attempted by whoever stored it.
    expect(memory.deliveries.get(`neuss#${fresh.deliveryId}`)!.status).toBe('pending');
    expect(await retry({ tenants: ['neuss'] }, testContext)).toMatchObject({ tenants: 1, delivered: 0 });
  });

  it('runs the statistics batch daily and sends only closed months', async () => {
    const lastMonth = new Date();
    lastMonth.setUTCDate(1);
    lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
    lastMonth.setUTCDate(10);
    const { planForwarding } = await import('../../../../functions/services/business/forwarding/plan.ts');
    await enqueueForwarding(db, { ...planForwarding(MATRIX_V1, DIRECTORY_V1, notice(lastMonth)), deliveries: [] });
    expect(await statistics({ tenants: ['neuss'] }, testContext)).toEqual({ tenants: 1, batches: 1, records: 1, notConfigured: 0 });
    expect(await statistics({ tenants: ['neuss'] }, testContext)).toEqual({ tenants: 1, batches: 0, records: 0, notConfigured: 0 });
    expect(s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key)).toEqual([expect.stringMatching(/^neuss\/outbound\/statistik\//)]);
  });

  it('refuses an event it does not understand', async () => {
    await expect(retry({ tenants: ['NOT A TENANT'] }, testContext)).rejects.toMatchObject({ name: 'InvalidTaskInput' });
  });
});
