import { DynamoDBDocumentClient, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler as getApplication } from '../../../functions/applications/get-application.handler.ts';
import { handler as inbox } from '../../../functions/applications/inbox.handler.ts';
import { handler as listMine } from '../../../functions/applications/list-mine.handler.ts';
import { caseworkerInboxSchema } from '../../../functions/applications/views.ts';
import { encodeCursor } from '../../../functions/core/pagination.ts';
import * as z from '../../../functions/core/zod.ts';
import { call, httpEvent, type TestCaller } from '../../support/events.ts';
import { APP_ID, OTHER_APP_ID, TENANT, appKey, caseworker, citizen, givenApplication, otherCitizen, storedApplication } from './support.ts';

/** The timeline query gets the events; the query of the application's procedure steps (hearings, requests) none. */
const withoutSteps = (input: QueryCommandInput, events: unknown[]) => (input.ExpressionAttributeValues?.[':steps'] ? [] : events);

const ddb = mockClient(DynamoDBDocumentClient);

const timeline = [
  { at: '2026-03-01T09:00:00.000Z', status: 'submitted', actor: 'citizen-1', note: 'Online eingereicht' },
  { at: '2026-03-01T09:00:02.000Z', status: 'fee-computed', actor: 'system' },
];

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
});

describe('GET /applications/{id}', () => {
  const get = (caller: TestCaller, id = APP_ID) => call(getApplication, httpEvent({ routeKey: 'GET /applications/{id}', caller, pathParameters: { id } }));

  it('shows the applicant the application with its labelled timeline and nothing internal', async () => {
    givenApplication(ddb, storedApplication({ status: 'fee-computed', decisionTaskToken: 'token', decisionDelivered: false }));
    ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => ({ Items: withoutSteps(input, timeline) }));
    const result = await get(citizen);

    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ applicationId: APP_ID, statusLabel: 'Gebühr berechnet' });
    expect(result.body.timeline.map((entry: { statusLabel: string }) => entry.statusLabel)).toEqual(['Eingegangen', 'Gebühr berechnet']);
    for (const field of ['PK', 'SK', 'GSI1PK', 'GSI2PK', 'decisionTaskToken', 'decisionDelivered']) expect(result.body).not.toHaveProperty(field);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({ Key: appKey(), ConsistentRead: true });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :events)',
      ExpressionAttributeValues: { ':pk': `${TENANT}#APP#${APP_ID}`, ':events': 'EVENT#' },
    });
  });

  it("answers another user's application exactly like a missing one (404), without reading its timeline", async () => {
    givenApplication(ddb, storedApplication());
    const foreign = await get(otherCitizen);
    const missing = await get(otherCitizen, OTHER_APP_ID);

    expect(foreign.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(foreign.body.detail).toBe(missing.body.detail);
    expect(foreign.body.title).toBe(missing.body.title);
    expect(JSON.stringify(foreign.body)).not.toMatch(/NE-SPM|citizen-1|erika/);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('shows the application to a caseworker of the tenant', async () => {
    givenApplication(ddb, storedApplication());
    const result = await get(caseworker);
    expect(result.statusCode).toBe(200);
    expect(result.body.applicationId).toBe(APP_ID);
  });

  it('shows a counter application to the caseworker who filed it', async () => {
    givenApplication(ddb, storedApplication({ channel: 'counter', applicantId: 'counter:caseworker-1:7', filedBy: 'caseworker-1' }));
    const result = await get(caseworker);
    expect(result.statusCode).toBe(200);
  });

  it("looks only in the caller's own tenant, so a caseworker of another tenant finds nothing (404)", async () => {
    givenApplication(ddb, storedApplication());
    const result = await get({ tenantId: 'juechen', roles: ['caseworker'], sub: 'caseworker-j' });
    expect(result.statusCode).toBe(404);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({ PK: `juechen#APP#${APP_ID}`, SK: 'META' });
  });

  it('refuses an id that is not a UUID (400) without reading', async () => {
    const result = await get(citizen, 'APP#1');
    expect(result.statusCode).toBe(400);
    expect(result.body.errors[0].field).toBe('path/id');
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('GET /applications (my applications)', () => {
  const list = (query?: Record<string, string>, caller: TestCaller = citizen) => call(listMine, httpEvent({ routeKey: 'GET /applications', caller, ...(query ? { query } : {}) }));
  const myPartition = `${TENANT}#APPLICANT#citizen-1`;

  it("queries the caller's partition of GSI1, newest first, and hands out an opaque cursor", async () => {
    const lastKey = { PK: `${TENANT}#APP#${APP_ID}`, SK: 'META', GSI1PK: myPartition, GSI1SK: `2026-03-01T09:00:00.000Z#${APP_ID}` };
    ddb.on(QueryCommand).resolves({ Items: [storedApplication()], LastEvaluatedKey: lastKey });
    const result = await list({ limit: '1' });

    expect(result.statusCode).toBe(200);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': myPartition },
      ScanIndexForward: false,
      Limit: 1,
    });
    expect(result.body.items).toHaveLength(1);
    expect(result.body.items[0]).not.toHaveProperty('GSI1PK');
    expect(result.body.nextCursor).toBe(encodeCursor(lastKey));

    await list({ cursor: result.body.nextCursor });
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual(lastKey);
  });

  it("refuses a cursor into another applicant's partition (400) without querying", async () => {
    const cursor = encodeCursor({ PK: `${TENANT}#APP#${APP_ID}`, SK: 'META', GSI1PK: `${TENANT}#APPLICANT#citizen-2`, GSI1SK: 'x' });
    const result = await list({ cursor: cursor! });
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual([{ field: 'query/cursor', message: 'Ungültiger Cursor.' }]);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('refuses a cursor that is not one of ours (400)', async () => {
    const result = await list({ cursor: 'not-base64-json' });
    expect(result.statusCode).toBe(400);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('GET /caseworker/applications (the inbox)', () => {
  const open = (query?: Record<string, string>, caller: TestCaller = caseworker) =>
    call(inbox, httpEvent({ routeKey: 'GET /caseworker/applications', caller, ...(query ? { query } : {}) }));
  const inboxPartition = (status: string, tenant = TENANT) => `${tenant}#INBOX#${status}`;

  it('lists the applications awaiting a decision by default, newest first, from GSI2', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedApplication({ decisionTaskToken: 'token' })] });
    const result = await open();

    expect(result.statusCode).toBe(200);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toEqual({
      TableName: process.env.TABLE_NAME,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': inboxPartition('awaiting-decision') },
      ScanIndexForward: false,
      Limit: 25,
    });
    expect(result.body).toMatchObject({ items: [{ applicationId: APP_ID, statusLabel: 'In Prüfung durch die Verwaltung' }], nextCursor: null });
    expect(result.body.items[0]).not.toHaveProperty('decisionTaskToken');
  });

  it('lists another status and filters by service', async () => {
    await open({ status: 'awaiting-payment', service: 'bulky-waste' });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      IndexName: 'GSI2',
      ExpressionAttributeValues: { ':pk': inboxPartition('awaiting-payment'), ':service': 'bulky-waste' },
      FilterExpression: 'serviceId = :service',
    });
  });

  it('keeps only applications submitted more than N days ago, as a key condition on the sort key (no filtered reads)', async () => {
    const before = Date.now();
    const result = await open({ olderThanDays: '14' });
    expect(result.statusCode).toBe(200);
    const input = ddb.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ IndexName: 'GSI2', KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :before', ScanIndexForward: false });
    expect(input.FilterExpression).toBeUndefined();
    const cutoff = Date.parse(input.ExpressionAttributeValues![':before'] as string);
    expect(cutoff).toBeGreaterThanOrEqual(before - 14 * 86_400_000);
    expect(cutoff).toBeLessThanOrEqual(Date.now() - 14 * 86_400_000);
  });

  it('combines the age with the service filter and a cursor of the same aged list', async () => {
    const key = { PK: `${TENANT}#APP#${APP_ID}`, SK: 'META', GSI2PK: inboxPartition('awaiting-decision'), GSI2SK: `2020-03-01T09:00:00.000Z#${APP_ID}` };
    const result = await open({ olderThanDays: '30', service: 'resident-parking', cursor: encodeCursor(key)! });
    expect(result.statusCode).toBe(200);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :before',
      FilterExpression: 'serviceId = :service',
      ExpressionAttributeValues: { ':pk': inboxPartition('awaiting-decision'), ':service': 'resident-parking' },
      ExclusiveStartKey: key,
    });
  });

  it('refuses a cursor that lies after the age cutoff (a page of another list) with 400, without querying', async () => {
    const recent = { PK: `${TENANT}#APP#${APP_ID}`, SK: 'META', GSI2PK: inboxPartition('awaiting-decision'), GSI2SK: `${new Date().toISOString()}#${APP_ID}` };
    const result = await open({ olderThanDays: '7', cursor: encodeCursor(recent)! });
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual([{ field: 'query/cursor', message: 'Ungültiger Cursor.' }]);
    expect(ddb.calls()).toHaveLength(0);
  });

  it.each(['0', '-3', '2.5', 'viele', '3651'])('refuses the age %s with a German message at query/olderThanDays (400), without querying', async (value) => {
    const result = await open({ olderThanDays: value });
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual([{ field: 'query/olderThanDays', message: 'Bitte eine ganze Zahl von Tagen angeben (1 bis 3650).' }]);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers in the shape its declared response schema names', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedApplication({ decisionTaskToken: 'token' })] });
    const result = await open();
    expect(z.safeParse(caseworkerInboxSchema, result.body).success).toBe(true);
  });

  it('refuses an unknown status (400)', async () => {
    const result = await open({ status: 'secret' });
    expect(result.statusCode).toBe(400);
    expect(result.body.errors[0].field).toBe('query/status');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('continues from a cursor of the same list', async () => {
    const key = { PK: `${TENANT}#APP#${APP_ID}`, SK: 'META', GSI2PK: inboxPartition('awaiting-decision'), GSI2SK: `2026-03-01T09:00:00.000Z#${APP_ID}` };
    const result = await open({ cursor: encodeCursor(key)! });
    expect(result.statusCode).toBe(200);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.ExclusiveStartKey).toEqual(key);
  });

  it.each([
    ['another tenant', { PK: `juechen#APP#${APP_ID}`, SK: 'META', GSI2PK: inboxPartition('awaiting-decision', 'juechen'), GSI2SK: 'x' }],
    ['another status', { PK: `${TENANT}#APP#${APP_ID}`, SK: 'META', GSI2PK: inboxPartition('approved'), GSI2SK: 'x' }],
    ["the right list but another tenant's item", { PK: `juechen#APP#${APP_ID}`, SK: 'META', GSI2PK: inboxPartition('awaiting-decision'), GSI2SK: 'x' }],
  ])('refuses a cursor of %s (400) without querying', async (_case, key) => {
    const result = await open({ cursor: encodeCursor(key)! });
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual([{ field: 'query/cursor', message: 'Ungültiger Cursor.' }]);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('is closed to citizens (403)', async () => {
    const result = await open(undefined, citizen);
    expect(result.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});
