import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemTable } from '../../../functions/core/ddb.ts';
import { handler as flushOutbox } from '../../../functions/notifications/flush-outbox.handler.ts';
import { deliver } from '../../../functions/notifications/deliver.ts';
import {
  MAX_ATTEMPTS,
  duePending,
  enqueue,
  newNotification,
  nextAttempt,
  notificationId,
  notificationPut,
  type Notification,
  type NotificationRequest,
} from '../../../functions/notifications/outbox.ts';
import { TEMPLATES, render } from '../../../functions/notifications/templates.ts';
import { testContext } from '../../support/events.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const NOW = new Date('2026-03-10T10:00:00.000Z');
const request: NotificationRequest = {
  tenantId: 'neuss',
  to: 'erika@example.test',
  template: 'application-received',
  params: { caseNumber: 'NE-SPM-2026-000007', serviceTitle: 'Sperrmüllabholung', tenantName: 'Stadt Neuss' },
  dedupeKey: 'received#app-1',
  now: NOW,
};
const pending = (overrides: Partial<Notification> = {}): Notification => ({ ...newNotification(request), ...overrides });
const ID = notificationId(request.dedupeKey);
const key = (tenantId = 'neuss', id = ID) => ({ PK: `${tenantId}#NOTIFICATION#${id}`, SK: 'NOTIFICATION' });

const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
const sesError = (name: string) => Object.assign(new Error(`${name} from SES`), { name });

function givenStored(notification: Notification | undefined, tenantId = 'neuss') {
  ddb.on(GetCommand, { Key: key(tenantId, notification?.notificationId ?? ID) }).resolves(notification ? { Item: { ...key(tenantId), ...notification } } : {});
}

const updates = () => ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);

beforeEach(() => {
  ddb.reset();
  ses.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('notification ids', () => {
  it('are the same for the same dedupe key and differ between keys', () => {
    expect(notificationId('received#app-1')).toBe(notificationId('received#app-1'));
    expect(notificationId('received#app-1')).not.toBe(notificationId('received#app-2'));
    expect(notificationId('renewal#permit-1#2026-12-31')).not.toBe(notificationId('renewal#permit-1#2027-12-31'));
  });

  it('are short and safe in keys and URLs', () => {
    expect(notificationId('received#app-1')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('a new notification', () => {
  it('is rendered from its German template, pending and due at once', () => {
    expect(newNotification(request)).toEqual({
      notificationId: ID,
      tenantId: 'neuss',
      to: 'erika@example.test',
      template: 'application-received',
      subject: 'Ihr Antrag NE-SPM-2026-000007 ist eingegangen',
      body: expect.stringContaining('„Sperrmüllabholung“ ist bei Stadt Neuss eingegangen'),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: NOW.toISOString(),
      createdAt: NOW.toISOString(),
    });
  });

  it('is written only if it does not exist yet, and indexed as pending by due time', () => {
    expect(notificationPut(pending()).Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: { ...key(), GSI2PK: 'neuss#OUTBOX#pending', GSI2SK: `${NOW.toISOString()}#${ID}`, status: 'pending' },
    });
  });

  it('is enqueued once: the same dedupe key again is a no-op', async () => {
    ddb.on(PutCommand).resolvesOnce({}).rejects(conditionFailed());
    expect(await enqueue(systemTable, request)).toMatchObject({ notificationId: ID });
    expect(await enqueue(systemTable, request)).toBeUndefined();
    expect(ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item!.PK)).toEqual([key().PK, key().PK]);
  });

  it('fails loudly when enqueueing fails for another reason', async () => {
    ddb.on(PutCommand).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
    await expect(enqueue(systemTable, request)).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
  });
});

describe('templates', () => {
  /** What the application engine fills in (submit, await-decision, the transition step, the procedure steps and their deadlines; the outcome from the descriptor). */
  const ENGINE_PARAMS = ['caseNumber', 'serviceTitle', 'tenantName', 'amount', 'checkoutUrl', 'expiresAt', 'reason', 'outcomeSubject', 'outcomeText', 'statusUrl', 'payAgainUntil', 'deadline', 'stepTitle'];
  const engineTemplates = (Object.keys(TEMPLATES) as Array<keyof typeof TEMPLATES>).filter((name) => !name.startsWith('permit-') && !name.startsWith('training-') && !name.startsWith('vehicle-') && !name.startsWith('privacy-'));

  it.each(engineTemplates)('%s uses only parameters the engine fills in, and greets in German', (name) => {
    const used = new Set<string>();
    const params = new Proxy({} as Record<string, string>, {
      get: (_target, param) => {
        used.add(String(param));
        return `<${String(param)}>`;
      },
    });
    const { subject, body } = render(name, params);
    expect([...used].filter((param) => !ENGINE_PARAMS.includes(param))).toEqual([]);
    expect(subject).toContain('<caseNumber>');
    expect(body).toMatch(/^Guten Tag,/);
  });

  it.each(engineTemplates)('%s links to the status page of the application', (name) => {
    const { body } = render(name, new Proxy({} as Record<string, string>, { get: (_target, param) => `<${String(param)}>` }));
    expect(body).toContain('<statusUrl>');
  });

  it.each(['payment-failed', 'application-expired'] as const)('%s offers to pay again until the date while possible, else a new application', (name) => {
    const params = { caseNumber: 'NE-BPA-2026-000001', statusUrl: 'https://portal.example/antraege/a1', payAgainUntil: '24.03.2026' };
    expect(render(name, params).body).toContain('bis zum 24.03.2026 erneut bezahlen, ohne etwas neu einzugeben – Ihre Angaben bleiben erhalten: https://portal.example/antraege/a1');
    const over = render(name, { ...params, payAgainUntil: '' }).body;
    expect(over).toContain('einen neuen Antrag stellen');
    expect(over).not.toContain('erneut bezahlen');
  });
});

describe('the data protection notices', () => {
  it.each(['privacy-export-ready', 'privacy-request-answered'] as const)('%s links to "Meine Daten" and carries nothing but the authority\'s name', (name) => {
    const used = new Set<string>();
    const { subject, body } = render(name, new Proxy({} as Record<string, string>, { get: (_target, param) => (used.add(String(param)), `<${String(param)}>`) }));
    expect([...used].sort()).toEqual(['myDataUrl', 'tenantName']);
    expect(body).toMatch(/^Guten Tag,/);
    expect(body).toContain('<myDataUrl>');
    expect(subject).not.toContain('<');
  });
});

describe('delivering a notification', () => {
  it('sends it from the configured address and marks it sent, leaving the pending index (only if still pending)', async () => {
    givenStored(pending());
    expect(await deliver(systemTable, 'neuss', ID, NOW)).toBe('sent');

    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).toEqual({
      FromEmailAddress: process.env.NOTIFICATION_FROM_ADDRESS,
      Destination: { ToAddresses: ['erika@example.test'] },
      Content: {
        Simple: {
          Subject: { Data: 'Ihr Antrag NE-SPM-2026-000007 ist eingegangen', Charset: 'UTF-8' },
          Body: { Text: { Data: pending().body, Charset: 'UTF-8' } },
        },
      },
    });
    expect(updates()).toEqual([
      expect.objectContaining({
        Key: key(),
        UpdateExpression: 'SET #status = :sent, sentAt = :now, attempts = attempts + :one REMOVE GSI2PK, GSI2SK',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeValues: { ':sent': 'sent', ':pending': 'pending', ':now': NOW.toISOString(), ':one': 1 },
      }),
    ]);
  });

  it.each([
    ['missing', undefined],
    ['already sent', pending({ status: 'sent' })],
    ['dead', pending({ status: 'dead' })],
  ])('skips a notification that is %s, without sending anything', async (_case, stored) => {
    givenStored(stored);
    expect(await deliver(systemTable, 'neuss', ID, NOW)).toBe('skipped');
    expect(ses.calls()).toHaveLength(0);
    expect(updates()).toEqual([]);
  });

  it('counts a failed attempt, backs off and keeps it pending', async () => {
    givenStored(pending({ attempts: 2 }));
    ses.on(SendEmailCommand).rejects(sesError('TooManyRequestsException'));
    expect(await deliver(systemTable, 'neuss', ID, NOW)).toBe('retry');

    const due = new Date(NOW.getTime() + 8 * 60_000).toISOString(); // 2^3 minutes after the third attempt
    expect(updates()).toEqual([
      {
        TableName: process.env.TABLE_NAME,
        Key: key(),
        UpdateExpression: 'SET attempts = :attempts, lastError = :error, nextAttemptAt = :at, GSI2SK = :sk',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending', ':attempts': 3, ':error': 'TooManyRequestsException', ':at': due, ':sk': `${due}#${ID}` },
      },
    ]);
  });

  it('records only the error name, never the message of the failure', async () => {
    givenStored(pending());
    ses.on(SendEmailCommand).rejects(sesError('MessageRejected'));
    await deliver(systemTable, 'neuss', ID, NOW);
    expect(JSON.stringify(updates()[0]!.ExpressionAttributeValues)).not.toContain('from SES');
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts: dead, out of the pending index, still stored`, async () => {
    givenStored(pending({ attempts: MAX_ATTEMPTS - 1 }));
    ses.on(SendEmailCommand).rejects(sesError('MessageRejected'));
    expect(await deliver(systemTable, 'neuss', ID, NOW)).toBe('dead');

    const [update] = updates();
    expect(update).toMatchObject({
      UpdateExpression: 'SET #status = :dead, attempts = :attempts, lastError = :error REMOVE GSI2PK, GSI2SK',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeValues: { ':dead': 'dead', ':attempts': MAX_ATTEMPTS, ':error': 'MessageRejected' },
    });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('accepts that a concurrent delivery recorded the outcome first', async () => {
    givenStored(pending());
    ddb.on(UpdateCommand).rejects(conditionFailed());
    expect(await deliver(systemTable, 'neuss', ID, NOW)).toBe('sent');
    ses.on(SendEmailCommand).rejects(sesError('TooManyRequestsException'));
    expect(await deliver(systemTable, 'neuss', ID, NOW)).toBe('retry');
  });

  it('backs off 2, 4, 8 … minutes, never more than six hours', () => {
    const minutes = (attempts: number) => (nextAttempt(attempts, NOW).getTime() - NOW.getTime()) / 60_000;
    expect([1, 2, 3, 7].map(minutes)).toEqual([2, 4, 8, 128]);
    expect(minutes(9)).toBe(360);
    expect(minutes(30)).toBe(360);
  });
});

describe('due notifications', () => {
  it("are read from the tenant's pending index up to now, oldest first", async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ notificationId: 'a' }, { notificationId: 'b' }] });
    expect(await duePending(systemTable, 'neuss', NOW)).toEqual(['a', 'b']);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toEqual({
      TableName: process.env.TABLE_NAME,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :now',
      ExpressionAttributeValues: { ':pk': 'neuss#OUTBOX#pending', ':now': `${NOW.toISOString()}#~` },
      Limit: 50,
    });
  });
});

describe('the scheduled outbox flush', () => {
  const registry = [
    { tenantId: 'neuss', status: 'active' },
    { tenantId: 'juechen', status: 'deactivated' },
    { tenantId: 'kaarst', status: 'onboarding' },
  ];

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'rhein-kreis-neuss#TENANTS' } }).resolves({
      Items: registry.map((record) => ({ PK: 'rhein-kreis-neuss#TENANTS', SK: `TENANT#${record.tenantId}`, ...record })),
    });
    ddb.on(QueryCommand, { IndexName: 'GSI2', ExpressionAttributeValues: { ':pk': 'neuss#OUTBOX#pending' } }).resolves({
      Items: [{ notificationId: 'n-sent' }, { notificationId: 'n-retry' }],
    });
    ddb.on(QueryCommand, { IndexName: 'GSI2', ExpressionAttributeValues: { ':pk': 'juechen#OUTBOX#pending' } }).resolves({ Items: [{ notificationId: 'j-dead' }] });
    givenStored(pending({ notificationId: 'n-sent', to: 'sent@example.test' }), 'neuss');
    givenStored(pending({ notificationId: 'n-retry', to: 'retry@example.test' }), 'neuss');
    givenStored(pending({ notificationId: 'j-dead', to: 'dead@example.test', attempts: MAX_ATTEMPTS - 1 }), 'juechen');
    ses.on(SendEmailCommand, { Destination: { ToAddresses: ['retry@example.test'] } }).rejects(sesError('TooManyRequestsException'));
    ses.on(SendEmailCommand, { Destination: { ToAddresses: ['dead@example.test'] } }).rejects(sesError('MessageRejected'));
  });

  it('delivers the due notifications tenant by tenant, offboarded tenants included, and counts the outcomes', async () => {
    expect(await flushOutbox({}, testContext)).toEqual({ sent: 1, retry: 1, dead: 1 });

    const queried = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.ExpressionAttributeValues![':pk']);
    expect(queried).toEqual(['rhein-kreis-neuss#TENANTS', 'neuss#OUTBOX#pending', 'juechen#OUTBOX#pending']);
    const reads = ddb.commandCalls(GetCommand).map((c) => c.args[0].input.Key!.PK);
    expect(reads).toEqual(['neuss#NOTIFICATION#n-sent', 'neuss#NOTIFICATION#n-retry', 'juechen#NOTIFICATION#j-dead']);
    // Each tenant's notifications are read and updated under that tenant's keys only.
    expect(updates().map((update) => update.Key!.PK)).toEqual(['neuss#NOTIFICATION#n-sent', 'neuss#NOTIFICATION#n-retry', 'juechen#NOTIFICATION#j-dead']);
  });

  it('looks only at notifications due now', async () => {
    await flushOutbox({}, testContext);
    const neussQuery = ddb.commandCalls(QueryCommand).find((c) => c.args[0].input.IndexName === 'GSI2')!.args[0].input;
    expect(neussQuery.ExpressionAttributeValues![':now']).toBe(`${NOW.toISOString()}#~`);
  });
});
