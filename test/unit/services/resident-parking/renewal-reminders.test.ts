import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testContext } from '../../../support/events.ts';
import { permit, transactionCancelled } from './fixtures.ts';
// As in AWS: these functions act through tenant-scoped sessions only (no whole-table rights).
vi.mock('#core/ddb', async (original) => (await import('../../../support/tenant-scoped-table.ts')).tenantScopedDdb(await original()));

vi.hoisted(() => {
  process.env.NOTIFICATION_FROM_ADDRESS ??= 'no-reply@openkreis.test';
  process.env.PUBLIC_API_URL ??= 'https://api.openkreis.test/';
});

const { handler } = await import('../../../../functions/services/resident-parking/renewal-reminders.handler.ts');
const { notificationId } = await import('../../../../functions/notifications/outbox.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const expiring = permit({ permitId: 'expiring-0000001', validFrom: '2025-04-10', validTo: '2026-04-09' });
const expiryEntry = { PK: 'neuss#PERMIT#expiring-0000001', SK: 'EXPIRY', GSI1PK: 'neuss#PERMIT-EXPIRY#2026-04', GSI1SK: '2026-04-09#expiring-0000001', permitId: 'expiring-0000001', validTo: '2026-04-09', reminder: 'pending' };
const permitKey = { PK: 'neuss#PERMIT#expiring-0000001', SK: 'PERMIT' };

/** A store that answers like DynamoDB for one expiring permit: the expiry entry leaves the pending list once reminded. */
function storeWithOneExpiringPermit() {
  let reminded = false;
  const notifications = new Map<string, Record<string, unknown>>();
  ddb.on(QueryCommand).callsFake((input) => ({
    Items: input.ExpressionAttributeValues[':pk'] === 'neuss#PERMIT-EXPIRY#2026-04' && !reminded ? [expiryEntry] : [],
  }));
  ddb.on(GetCommand, { Key: permitKey }).resolves({ Item: { ...permitKey, ...expiring } });
  ddb.on(GetCommand, { Key: { SK: 'NOTIFICATION' } }).callsFake((input) => ({ Item: notifications.get(input.Key.PK) }));
  ddb.on(TransactWriteCommand).callsFake((input) => {
    if (reminded) throw transactionCancelled(3, [0, 1, 2]);
    reminded = true;
    const put = input.TransactItems[2].Put;
    notifications.set(put.Item.PK, put.Item);
    return {};
  });
  ddb.on(UpdateCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
}

beforeEach(() => {
  ddb.reset();
  ses.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-10T05:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('renewal reminders', () => {
  it('remind a holder 30 days ahead with a link to the pre-filled renewal, exactly once over two runs', async () => {
    storeWithOneExpiringPermit();
    await expect(handler({ tenants: ['neuss'] }, testContext)).resolves.toEqual({ tenants: 1, sent: 1, skipped: 0 });
    await expect(handler({ tenants: ['neuss'] }, testContext)).resolves.toEqual({ tenants: 1, sent: 0, skipped: 0 });

    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    const mail = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(mail.Destination?.ToAddresses).toEqual(['erika@example.test']);
    expect(mail.Content?.Simple?.Subject?.Data).toBe('Ihr Bewohnerparkausweis für NE-AB 1234 läuft am 09.04.2026 ab');
    // The portal's renewal page (which asks the API for the pre-filled form), not an API answer a browser cannot use.
    expect(mail.Content?.Simple?.Body?.Text?.Data).toContain('https://portal.openkreis.test/verlaengerung/expiring-0000001');

    const [expiry, permitUpdate, notification] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(expiry!.Update).toMatchObject({ Key: { PK: 'neuss#PERMIT#expiring-0000001', SK: 'EXPIRY' }, ConditionExpression: '#reminder = :pending AND #validTo = :validTo' });
    expect(permitUpdate!.Update).toMatchObject({
      Key: permitKey,
      UpdateExpression: 'SET #renewalReminderSentAt = :now',
      ConditionExpression: '#status = :valid AND attribute_not_exists(#renewalReminderSentAt) AND attribute_not_exists(#renewedBy)',
    });
    expect(notification!.Put!.Item).toMatchObject({ notificationId: notificationId('renewal#expiring-0000001#2026-04-09'), template: 'permit-renewal' });
  });

  it('look at every permit expiring within the next 30 days that has no reminder yet, so a missed day is made up', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await handler({ tenants: ['neuss'] }, testContext);
    const queries = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries.map((query) => query.ExpressionAttributeValues![':pk'])).toEqual(['neuss#PERMIT-EXPIRY#2026-03', 'neuss#PERMIT-EXPIRY#2026-04']);
    expect(queries[0]).toMatchObject({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
      FilterExpression: '#reminder = :pending',
      ExpressionAttributeValues: { ':from': '2026-03-10', ':to': '2026-04-09#~', ':pending': 'pending' },
    });
  });

  it('send nothing when another run recorded the reminder first (the conditions fail)', async () => {
    ddb.on(QueryCommand).callsFake((input) => ({ Items: input.ExpressionAttributeValues[':pk'].endsWith('2026-04') ? [expiryEntry] : [] }));
    ddb.on(GetCommand).resolves({ Item: { ...permitKey, ...expiring } });
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(3, [0]));
    await expect(handler({ tenants: ['neuss'] }, testContext)).resolves.toEqual({ tenants: 1, sent: 0, skipped: 1 });
    expect(ses.calls()).toHaveLength(0);
  });

  it('skip revoked and already renewed permits and holders without an address, and remember that', async () => {
    for (const [changes, reason] of [
      [{ status: 'revoked' as const }, 'revoked'],
      [{ renewedBy: 'next-permit-001' }, 'renewed'],
      [{ holderEmail: undefined }, 'no-recipient'],
    ] as const) {
      ddb.reset();
      ddb.on(QueryCommand).callsFake((input) => ({ Items: input.ExpressionAttributeValues[':pk'].endsWith('2026-04') ? [expiryEntry] : [] }));
      ddb.on(GetCommand).resolves({ Item: { ...permitKey, ...expiring, ...changes } });
      ddb.on(UpdateCommand).resolves({});
      await expect(handler({ tenants: ['neuss'] }, testContext)).resolves.toEqual({ tenants: 1, sent: 0, skipped: 1 });
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({
        Key: { PK: 'neuss#PERMIT#expiring-0000001', SK: 'EXPIRY' },
        ConditionExpression: '#reminder = :pending',
        ExpressionAttributeValues: { ':skipped': 'skipped', ':reason': reason },
      });
    }
  });

  it('run for the active tenants of the county registry when the event names none', async () => {
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'rhein-kreis-neuss#TENANTS', ':prefix': 'TENANT#' } }).resolves({
      Items: [
        { tenantId: 'neuss', status: 'active' },
        { tenantId: 'dormagen', status: 'onboarding' },
        { tenantId: 'kaarst', status: 'active' },
      ],
    });
    ddb.on(QueryCommand, { IndexName: 'GSI1' }).resolves({ Items: [] });
    // A scheduled rule's own envelope is accepted.
    await expect(handler({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} }, testContext)).resolves.toEqual({ tenants: 2, sent: 0, skipped: 0 });
    const partitions = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input.ExpressionAttributeValues![':pk']);
    expect(partitions).toEqual(expect.arrayContaining(['neuss#PERMIT-EXPIRY#2026-03', 'kaarst#PERMIT-EXPIRY#2026-04']));
    expect(partitions.some((pk) => String(pk).startsWith('dormagen#'))).toBe(false);
  });

  it('go on with the other tenants when one fails, and then fail the run so that it is retried', async () => {
    ddb.on(QueryCommand).callsFake((input) => {
      if (String(input.ExpressionAttributeValues[':pk']).startsWith('neuss#')) throw new Error('throttled');
      return { Items: [] };
    });
    await expect(handler({ tenants: ['neuss', 'kaarst'] }, testContext)).rejects.toThrow('Renewal reminders failed for: neuss');
    expect(ddb.commandCalls(QueryCommand).some((call) => String(call.args[0].input.ExpressionAttributeValues![':pk']).startsWith('kaarst#'))).toBe(true);
  });
});
