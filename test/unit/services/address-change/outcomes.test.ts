import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemTable } from '../../../../functions/core/ddb.ts';
import { render } from '../../../../functions/notifications/templates.ts';
import { handler as correctZb1 } from '../../../../functions/services/address-change/correct-zb1.handler.ts';
import type { HandoverMirror, PublishedStatus, VehicleTask } from '../../../../functions/services/address-change/handover.ts';
import { outcomeNotice, rewind, tellOutcomes } from '../../../../functions/services/address-change/news.ts';
import { recordOutcome } from '../../../../functions/services/address-change/store.ts';
import { call, httpEvent, type TestCaller } from '../../../support/events.ts';
import { juechenConfig, moveApplication } from './fixtures.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
const app = moveApplication({ status: 'completed' });
const HANDOVER = 'h000000000000000000001';
const FAILED_AT = '2026-03-11T10:00:00.000Z';
const citizen: TestCaller = { tenantId: 'juechen', roles: ['citizen'], sub: 'citizen-1' };

const mirror = (overrides: Partial<HandoverMirror> = {}): HandoverMirror => ({
  handoverId: HANDOVER,
  applicationId: app.applicationId,
  to: 'rhein-kreis-neuss',
  task: 'vehicle-registration-update',
  plate: 'NE-AB 1234',
  status: 'open',
  createdAt: '2026-03-10T10:00:00.000Z',
  updatedAt: '2026-03-10T10:00:00.000Z',
  ...overrides,
});
const published = (overrides: Partial<PublishedStatus> = {}): PublishedStatus => ({
  handoverId: HANDOVER,
  fromTenantId: 'juechen',
  applicationId: app.applicationId,
  caseNumber: app.caseNumber,
  plate: 'NE-AB 1234',
  status: 'failed',
  updatedAt: FAILED_AT,
  failureReason: 'Die Nummer gehört zu einem anderen Fahrzeug.',
  citizenAction: 'correct-zb1-number',
  ...overrides,
});
const statusItem = (status: PublishedStatus, county = 'rhein-kreis-neuss') => ({
  PK: `${county}#HANDOVER#${status.handoverId}`,
  SK: 'STATUS',
  GSI2PK: 'juechen#HANDOVER-NEWS',
  GSI2SK: `${status.updatedAt}#${status.handoverId}`,
  ...status,
});

beforeEach(() => {
  ddb.reset();
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  ddb.on(UpdateCommand).resolves({});
  ddb.on(PutCommand).resolves({});
});

describe('the e-mail for an outcome of the county', () => {
  it('says the papers are updated, or why not and what the citizen can do, in German', () => {
    const names = { authority: 'Rhein-Kreis Neuss', tenantName: 'Stadt Jüchen' };
    const done = outcomeNotice(published({ status: 'done', failureReason: undefined, citizenAction: undefined }), names);
    expect(render(done.template, done.params).subject).toBe('Fahrzeugpapiere für NE-AB 1234 aktualisiert (JU-UMZ-2026-000001)');
    const asked = outcomeNotice(published(), names);
    const mail = render(asked.template, asked.params);
    expect(mail.subject).toBe('Fahrzeugpapiere für NE-AB 1234: Bitte um Klärung (JU-UMZ-2026-000001)');
    expect(mail.body).toContain('Begründung: Die Nummer gehört zu einem anderen Fahrzeug.');
    expect(mail.body).toContain('senden Sie die richtige Nummer online');
    const plain = outcomeNotice(published({ citizenAction: undefined }), names);
    expect(render(plain.template, plain.params).body).toContain('Die Zulassungsstelle meldet sich bei Ihnen');
    for (const notice of [done, asked, plain]) expect(JSON.stringify(render(notice.template, notice.params))).not.toMatch(/undefined|rhein-kreis-neuss/);
  });

  it('names the town’s Bürgerbüro, not the Zulassungsstelle, for the pilot’s sticker task', () => {
    const names = { authority: 'Stadt Jüchen', tenantName: 'Stadt Jüchen', townOffice: true };
    const applied = outcomeNotice(published({ status: 'done', failureReason: undefined, citizenAction: undefined }), names);
    const done = render(applied.template, applied.params);
    expect(done.body).toContain('das Bürgerbüro (Stadt Jüchen) hat Ihre neue Anschrift');
    const notApplied = outcomeNotice(published({ citizenAction: undefined }), names);
    const failed = render(notApplied.template, notApplied.params);
    expect(failed.body).toContain('das Bürgerbüro (Stadt Jüchen) konnte');
    expect(failed.body).toContain('Das Bürgerbüro meldet sich bei Ihnen');
    expect(`${done.body} ${failed.body}`).not.toContain('Zulassungsstelle (');
  });

  it('reads a little behind its cursor, so a change committed late is not missed', () => {
    expect(rewind('', 120_000)).toBe('');
    expect(rewind(`2026-03-11T10:02:00.000Z#${HANDOVER}`, 120_000)).toBe('2026-03-11T10:00:00.000Z');
  });
});

describe('telling the citizens of a municipality', () => {
  function given(news: Array<Record<string, unknown>>, storedMirror: HandoverMirror | null = mirror()) {
    ddb.on(QueryCommand, { IndexName: 'GSI2' }).resolves({ Items: news });
    ddb.on(GetCommand, { Key: { PK: 'juechen#HANDOVER-NEWS', SK: 'CURSOR' } }).resolves({});
    ddb.on(GetCommand, { Key: { PK: `juechen#APP#${app.applicationId}`, SK: `HANDOVER#${HANDOVER}` } }).resolves(storedMirror ? { Item: storedMirror } : {});
    ddb.on(GetCommand, { Key: { PK: `juechen#APP#${app.applicationId}`, SK: 'META' } }).resolves({ Item: app });
    ddb.on(GetCommand, { Key: { PK: 'juechen#TENANT', SK: 'CONFIG' } }).resolves({ Item: { version: 1, config: juechenConfig() } });
    ddb.on(GetCommand, { Key: { PK: 'rhein-kreis-neuss#TENANT', SK: 'CONFIG' } }).resolves({ Item: { version: 1, config: juechenConfig({ displayName: 'Rhein-Kreis Neuss' }) } });
  }
  const notifications = () => ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((item) => String(item.PK).includes('#NOTIFICATION#'));

  it('sends one e-mail per outcome, updates its record and moves its cursor', async () => {
    given([statusItem(published())]);
    expect(await tellOutcomes(systemTable, 'juechen', new Date('2026-03-11T10:05:00Z'))).toEqual({ read: 1, notified: 1 });
    expect(notifications()).toEqual([expect.objectContaining({ to: 'erika@example.test', template: 'vehicle-registration-failed', subject: 'Fahrzeugpapiere für NE-AB 1234: Bitte um Klärung (JU-UMZ-2026-000001)' })]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    const updates = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(updates.find((input) => input.Key!.SK === `HANDOVER#${HANDOVER}`)).toMatchObject({ ExpressionAttributeValues: expect.objectContaining({ ':status': 'failed', ':citizenAction': 'correct-zb1-number' }) });
    expect(updates.find((input) => input.Key!.SK === 'CURSOR')).toMatchObject({ ExpressionAttributeValues: { ':position': `${FAILED_AT}#${HANDOVER}` } });
    // From the start: the partition alone (a key condition may not compare with an empty string).
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ IndexName: 'GSI2', KeyConditionExpression: 'GSI2PK = :pk', ExpressionAttributeValues: { ':pk': 'juechen#HANDOVER-NEWS' } });
  });

  it('reads on from its cursor, a little behind it', async () => {
    given([]);
    ddb.on(GetCommand, { Key: { PK: 'juechen#HANDOVER-NEWS', SK: 'CURSOR' } }).resolves({ Item: { position: `${FAILED_AT}#${HANDOVER}` } });
    await tellOutcomes(systemTable, 'juechen', new Date());
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK > :after', ExpressionAttributeValues: { ':after': '2026-03-11T09:58:00.000Z' } });
  });

  it('sends nothing again for an outcome it already told (the outbox refuses the same notification)', async () => {
    given([statusItem(published())]);
    ddb.on(PutCommand).rejects(Object.assign(new Error('exists'), { name: 'ConditionalCheckFailedException' }));
    expect(await tellOutcomes(systemTable, 'juechen', new Date())).toEqual({ read: 1, notified: 0 });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('trusts news only about a handover the municipality made, published by the authority it was made to', async () => {
    // Another tenant writes an item into its own partition with the municipality's news key: no mirror names it.
    given([statusItem(published(), 'rommerskirchen')]);
    expect(await tellOutcomes(systemTable, 'juechen', new Date())).toEqual({ read: 1, notified: 0 });
    given([statusItem(published({ fromTenantId: 'kaarst' }))]);
    expect(await tellOutcomes(systemTable, 'juechen', new Date())).toEqual({ read: 1, notified: 0 });
    given([statusItem(published())], null);
    expect(await tellOutcomes(systemTable, 'juechen', new Date())).toEqual({ read: 1, notified: 0 });
    expect(notifications()).toEqual([]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('brings its record up to date but sends nothing for a task that was (re)opened', async () => {
    given([statusItem(published({ status: 'open', failureReason: undefined, citizenAction: undefined, updatedAt: '2026-03-12T10:00:00.000Z' }))]);
    expect(await tellOutcomes(systemTable, 'juechen', new Date())).toEqual({ read: 1, notified: 0 });
    expect(notifications()).toEqual([]);
  });
});

describe('the county recording an outcome', () => {
  const task: VehicleTask = {
    handoverId: HANDOVER, task: 'vehicle-registration-update', tenantId: 'rhein-kreis-neuss', fromTenantId: 'juechen', fromTenantName: 'Stadt Jüchen',
    caseNumber: app.caseNumber, plate: 'NE-AB 1234', zb1Number: 'AB1234567', newAddress: app.form.newAddress, moveDate: app.form.moveDate,
    status: 'open', createdAt: '2026-03-10T10:00:00.000Z', updatedAt: '2026-03-10T10:00:00.000Z',
  };

  it('publishes it as news for the municipality, with what it asks of the citizen', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await recordOutcome(systemTable, task, 'open', { to: 'failed', by: 'cw-9', now: new Date(FAILED_AT), failureReason: 'passt nicht', citizenAction: 'correct-zb1-number' });
    const [taskUpdate, statusUpdate] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((item) => item.Update!);
    expect(taskUpdate!.ExpressionAttributeValues).toMatchObject({ ':citizenAction': 'correct-zb1-number' });
    expect(statusUpdate).toMatchObject({
      Key: { PK: `rhein-kreis-neuss#HANDOVER#${HANDOVER}`, SK: 'STATUS' },
      ExpressionAttributeValues: { ':news': 'juechen#HANDOVER-NEWS', ':newsAt': `${FAILED_AT}#${HANDOVER}`, ':citizenAction': 'correct-zb1-number', ':failureReason': 'passt nicht' },
    });
  });

  it('reopens with the corrected number, keeping the one it replaced, and drops the failure’s reason and request', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const failed = { ...task, status: 'failed' as const, failureReason: 'passt nicht', citizenAction: 'correct-zb1-number' as const, updatedAt: FAILED_AT };
    const reopened = await recordOutcome(systemTable, failed, 'failed', { to: 'open', by: 'citizen-correction', now: new Date('2026-03-11T12:00:00Z'), zb1Number: 'AB7654321' });
    expect(reopened).toMatchObject({ status: 'open', zb1Number: 'AB7654321', zb1Correction: { previous: 'AB1234567', at: '2026-03-11T12:00:00.000Z' }, reopened: 1 });
    expect(reopened).not.toHaveProperty('citizenAction');
    const [taskUpdate, statusUpdate] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((item) => item.Update!);
    expect(taskUpdate!.UpdateExpression).toMatch(/REMOVE #failureReason, #citizenAction$/);
    expect(statusUpdate!.UpdateExpression).toMatch(/REMOVE #failureReason, #citizenAction$/);
  });
});

describe('POST /address-change/{id}/handovers/{handoverId}/zb1-number', () => {
  const correct = (body: unknown, caller: TestCaller = citizen, handoverId = HANDOVER) =>
    call(correctZb1, httpEvent({ routeKey: 'POST /address-change/{id}/handovers/{handoverId}/zb1-number', caller, pathParameters: { id: app.applicationId, handoverId }, body }));
  function given(current: PublishedStatus | undefined, storedMirror = mirror()) {
    ddb.on(GetCommand, { Key: { PK: `juechen#APP#${app.applicationId}`, SK: 'META' } }).resolves({ Item: app });
    ddb.on(QueryCommand, { IndexName: undefined }).resolves({ Items: [{ PK: `juechen#APP#${app.applicationId}`, SK: `HANDOVER#${HANDOVER}`, ...storedMirror }] });
    ddb.on(QueryCommand, { IndexName: 'GSI1' }).resolves({ Items: current ? [statusItem(current)] : [] });
  }

  it('records the corrected number on the municipality’s record, indexed for the county (202)', async () => {
    given(published());
    const result = await correct({ zb1Number: 'ab 7654321' });
    expect(result.statusCode).toBe(202);
    expect(result.body).toMatchObject({ handoverId: HANDOVER, plate: 'NE-AB 1234', status: 'correction-sent' });
    const write = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input).find((input) => String(input.UpdateExpression).includes('#correction'))!;
    expect(write).toMatchObject({
      Key: { PK: `juechen#APP#${app.applicationId}`, SK: `HANDOVER#${HANDOVER}` },
      ExpressionAttributeValues: expect.objectContaining({ ':pk': 'rhein-kreis-neuss#VREG-CORRECTIONS', ':failureAt': FAILED_AT, ':correction': expect.objectContaining({ zb1Number: 'AB7654321', failureAt: FAILED_AT }) }),
    });
  });

  it('refuses when the county did not ask for it (409), the same number (422), a malformed one (400), and anyone but the applicant (404)', async () => {
    given(published({ citizenAction: undefined }));
    expect((await correct({ zb1Number: 'AB7654321' })).statusCode).toBe(409);
    given(published({ status: 'done', failureReason: undefined, citizenAction: undefined }));
    expect((await correct({ zb1Number: 'AB7654321' })).statusCode).toBe(409);
    given(published());
    const same = await correct({ zb1Number: 'AB1234567' });
    expect(same.statusCode).toBe(422);
    expect(same.body.errors).toEqual([{ field: 'body/zb1Number', message: 'Bitte geben Sie die korrigierte Nummer an.' }]);
    const malformed = await correct({ zb1Number: '123' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body.errors[0].field).toBe('body/zb1Number');
    expect((await correct({ zb1Number: 'AB7654321' }, { tenantId: 'juechen', roles: ['citizen'], sub: 'someone-else' })).statusCode).toBe(404);
    expect((await correct({ zb1Number: 'AB7654321' }, citizen, 'h000000000000000000002')).statusCode).toBe(404);
    expect(ddb.commandCalls(UpdateCommand).filter((c) => String(c.args[0].input.UpdateExpression).includes('#correction'))).toHaveLength(0);
  });
});
