import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { reservationItemKey } from '../../../../functions/applications/reservations.ts';
import { plateReservation } from '../../../../functions/services/resident-parking/permit.ts';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, httpEvent } from '../../../support/events.ts';
import { textsOf } from '../../../support/pdf.ts';
import { neussConfig, permit, transactionCancelled } from './fixtures.ts';

vi.hoisted(() => {
  process.env.NOTIFICATION_FROM_ADDRESS ??= 'no-reply@openkreis.test';
});

const { handler: checkPlate } = await import('../../../../functions/services/resident-parking/check-plate.handler.ts');
const { handler: revoke } = await import('../../../../functions/services/resident-parking/revoke-permit.handler.ts');
const { handler: renewalForm } = await import('../../../../functions/services/resident-parking/renewal-form.handler.ts');
const { permitVerification } = await import('../../../../functions/services/resident-parking/verification.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
const s3 = mockClient(S3Client);

const enforcement = { tenantId: 'neuss', roles: ['enforcement' as const], sub: 'officer-1' };
const caseworker = { tenantId: 'neuss', roles: ['caseworker' as const], sub: 'caseworker-1' };
const holder = { tenantId: 'neuss', roles: ['citizen' as const], sub: 'citizen-1' };

const permitKey = (id: string) => ({ PK: `neuss#PERMIT#${id}`, SK: 'PERMIT' });
/** The plate lock is the plate's reservation item (functions/applications/reservations.ts). */
const lockKey = reservationItemKey('neuss', plateReservation('NE-AB 1234'));
const item = (value: ReturnType<typeof permit>) => ({ ...permitKey(value.permitId), GSI1PK: `neuss#PLATE#${value.plate}`, GSI1SK: `${value.validTo}#${value.permitId}`, ...value });

beforeEach(() => {
  ddb.reset();
  ses.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-10T10:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('GET /permits/check', () => {
  const check = (query: Record<string, string>, caller: { tenantId: string; roles: Array<'enforcement' | 'caseworker' | 'citizen'>; sub?: string } = enforcement) =>
    call(checkPlate, httpEvent({ routeKey: 'GET /permits/check', caller, query }));
  const configKey = { PK: 'neuss#TENANT', SK: 'CONFIG' };
  beforeEach(() => {
    ddb.on(GetCommand, { Key: configKey }).resolves({ Item: { ...configKey, version: 1, config: neussConfig() } });
  });

  it('answers the facts printed on the permit and nothing about its holder', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(permit({ validTo: '2026-12-31' }))] });
    const result = await check({ plate: 'ne ab 1234', zone: 'NE-1' });
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({ status: 'valid', plate: 'NE-AB 1234', zone: 'NE-1', zoneName: 'Innenstadt', validFrom: '2025-04-01', validTo: '2026-12-31' });
    expect(JSON.stringify(result.body)).not.toMatch(/citizen-1|erika|Oberstraße|holder|permitId|applicationId/i);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      IndexName: 'GSI1',
      ScanIndexForward: false,
      ExpressionAttributeValues: { ':pk': 'neuss#PLATE#NE-AB 1234' },
    });
  });

  it('answers { status: none } for a plate without a permit, or without one for the named zone', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    expect((await check({ plate: 'NE-XY 1' })).body).toEqual({ status: 'none' });
    ddb.on(QueryCommand).resolves({ Items: [item(permit({ validTo: '2026-12-31' }))] });
    expect((await check({ plate: 'NE-AB 1234', zone: 'NE-2' })).body).toEqual({ status: 'none' });
  });

  it('answers 422 naming query/zone for a zone the tenant does not have, instead of "none"', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(permit({ validTo: '2026-12-31' }))] });
    const typo = await check({ plate: 'NE-AB 1234', zone: 'NE-7' });
    expect(typo.statusCode).toBe(422);
    expect(typo.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(typo.body.detail).toBe('Die Parkzone „NE-7“ gibt es bei Stadt Neuss nicht.');
    expect(typo.body.errors).toEqual([{ field: 'query/zone', message: 'Unbekannte Parkzone. Zonen: NE-1, NE-2.' }]);
  });

  it('reads the zone in any case, so `ne-1` finds the permit of `NE-1`', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(permit({ validTo: '2026-12-31' }))] });
    expect((await check({ plate: 'NE-AB 1234', zone: 'ne-1' })).body).toMatchObject({ status: 'valid', zone: 'NE-1' });
  });

  it('prefers the permit in force over a revoked or expired one, and reports a revoked one as revoked', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [item(permit({ permitId: 'revoked-0000001', status: 'revoked', validTo: '2027-01-31' })), item(permit({ permitId: 'current-0000001', validTo: '2026-12-31' }))],
    });
    expect((await check({ plate: 'NE-AB 1234' })).body.status).toBe('valid');
    ddb.on(QueryCommand).resolves({ Items: [item(permit({ status: 'revoked', validTo: '2026-12-31' }))] });
    expect((await check({ plate: 'NE-AB 1234' })).body.status).toBe('revoked');
    ddb.on(QueryCommand).resolves({ Items: [item(permit({ validTo: '2026-03-09' }))] });
    expect((await check({ plate: 'NE-AB 1234' })).body.status).toBe('expired');
  });

  it('refuses a malformed plate with a German field error, and citizens altogether', async () => {
    const malformed = await check({ plate: 'NE-AB 12345' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'query/plate', message: expect.stringContaining('höchstens 8 Buchstaben und Ziffern') }]);
    expect((await check({ plate: 'NE-AB 1234' }, holder)).statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('lets caseworkers check too', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    expect((await check({ plate: 'NE-AB 1234' }, caseworker)).statusCode).toBe(200);
  });
});

describe('POST /permits/{id}/revoke', () => {
  const configKey = { PK: 'neuss#TENANT', SK: 'CONFIG' };
  beforeEach(() => {
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
    ddb.on(GetCommand, { Key: configKey }).resolves({ Item: { ...configKey, version: 1, config: neussConfig() } });
    // The permit's application has no procedure steps (no revocation procedure) unless a test says otherwise.
    ddb.on(QueryCommand).resolves({ Items: [] });
  });

  const revokeRequest = (id: string, body: unknown = { reason: 'Umzug aus der Zone', hearingDispensation: 'Die Inhaberin hat den Umzug selbst mitgeteilt; von ihren Angaben wird nicht abgewichen (§ 28 Abs. 2 Nr. 3 VwVfG NRW).' }) =>
    call(revoke, httpEvent({ routeKey: 'POST /permits/{id}/revoke', caller: caseworker, pathParameters: { id }, body }));

  it('records who, when and why, releases the plate lock and sends the holder a notice in the same transaction', async () => {
    const current = permit();
    ddb.on(GetCommand, { Key: permitKey(current.permitId) }).resolves({ Item: item(current) });
    ddb.on(GetCommand, { Key: lockKey }).resolves({ Item: { ...lockKey, holderId: current.permitId, validFrom: current.validFrom, validTo: current.validTo } });
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(GetCommand, { Key: { SK: 'NOTIFICATION' } }).callsFake((input) => {
      const put = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![2]!.Put!;
      return { Item: input.Key.PK === put.Item!.PK ? put.Item : undefined };
    });
    ddb.on(UpdateCommand).resolves({});
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });

    const result = await revokeRequest(current.permitId);
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({ permitId: current.permitId, status: 'revoked', revokedAt: '2026-03-10T10:00:00.000Z', revokedBy: 'caseworker-1' });

    const [update, lock, notification] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(update!.Update).toMatchObject({
      Key: permitKey(current.permitId),
      ConditionExpression: '#status = :valid',
      ExpressionAttributeValues: { ':revoked': 'revoked', ':reason': 'Umzug aus der Zone', ':by': 'caseworker-1', ':at': '2026-03-10T10:00:00.000Z' },
    });
    // The permit leaves the lock; the item stays, so that an application running for the plate keeps its hold.
    expect(lock!.Update).toMatchObject({ Key: lockKey, UpdateExpression: 'REMOVE #holderId, #validFrom, #validTo, #previous', ConditionExpression: '#holderId = :me' });
    expect(notification!.Put).toMatchObject({
      Item: { template: 'permit-revoked', to: 'erika@example.test', status: 'pending', subject: 'Ihr Bewohnerparkausweis für NE-AB 1234 wurde widerrufen' },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(notification!.Put!.Item!.body).toContain('Begründung: Umzug aus der Zone');
    expect(notification!.Put!.Item!.body).toContain(`Den Bescheid mit der Rechtsbehelfsbelehrung finden Sie auf der Seite Ihres Antrags`);
    const sent = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(sent.Destination?.ToAddresses).toEqual(['erika@example.test']);
  });

  it('issues the revocation as a Bescheid: stored first, then kept with the permit\'s application in the same transaction', async () => {
    const current = permit();
    ddb.on(GetCommand, { Key: permitKey(current.permitId) }).resolves({ Item: item(current) });
    ddb.on(GetCommand, { Key: lockKey }).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(GetCommand, { Key: { SK: 'NOTIFICATION' } }).resolves({});
    expect((await revokeRequest(current.permitId)).statusCode).toBe(200);

    const [put] = s3.commandCalls(PutObjectCommand);
    expect(put!.args[0].input).toMatchObject({ Key: `neuss/applications/${current.applicationId}/widerruf-${current.permitId}-widerruf-${current.caseNumber}.pdf`, ContentType: 'application/pdf' });
    const text = (await textsOf(put!.args[0].input.Body as Uint8Array)).join(' ');
    for (const part of ['Bescheid', 'wird mit Wirkung vom 10.03.2026 widerrufen', 'Von einer Anhörung wurde abgesehen (§ 28 Abs. 2 VwVfG NRW): Die Inhaberin hat den Umzug selbst mitgeteilt', '§ 49 Abs. 2 Satz 1 Nr. 3', 'Rechtsbehelfsbelehrung']) expect(text).toContain(part);
    expect(put!.calledBefore(ddb.commandCalls(TransactWriteCommand)[0]!)).toBe(true);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.at(-1)!.Update).toMatchObject({
      Key: { PK: `neuss#APP#${current.applicationId}`, SK: 'META' },
      UpdateExpression: 'SET documents = list_append(if_not_exists(documents, :none), :doc)',
      ExpressionAttributeValues: { ':doc': [expect.objectContaining({ documentId: `widerruf-${current.permitId}`, kind: 'bescheid', direction: 'issued' })] },
    });
  });

  it('refuses a revocation without a hearing or the reason why none is needed (422 at the field, § 28 VwVfG NRW), writing nothing', async () => {
    const current = permit();
    ddb.on(GetCommand, { Key: permitKey(current.permitId) }).resolves({ Item: item(current) });
    const result = await revokeRequest(current.permitId, { reason: 'Umzug aus der Zone' });
    expect(result.statusCode).toBe(422);
    expect(result.body.errors.map((error: { field: string }) => error.field)).toEqual(['body/hearingDispensation']);
    expect(result.body.errors[0].message).toContain('§ 28 Abs. 1 VwVfG NRW');
    const tooShort = await revokeRequest(current.permitId, { reason: 'Umzug aus der Zone', hearingDispensation: 'keine' });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.body.errors[0].message).toContain('entbehrlich');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
  });

  it('answers 409 when the permit is already revoked, however often it is asked', async () => {
    const revoked = permit({ status: 'revoked', revokedAt: '2026-03-01T08:00:00.000Z', revokedBy: 'caseworker-2', revokedReason: 'Umzug' });
    ddb.on(GetCommand, { Key: permitKey(revoked.permitId) }).resolves({ Item: item(revoked) });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const result = await revokeRequest(revoked.permitId);
      expect(result.statusCode).toBe(409);
      expect(result.body.detail).toBe('Der Bewohnerparkausweis ist bereits widerrufen.');
    }
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
  });

  it('answers 409 when a concurrent revocation commits first', async () => {
    const current = permit();
    ddb.on(GetCommand, { Key: permitKey(current.permitId) }).resolves({ Item: item(current) });
    ddb.on(GetCommand, { Key: lockKey }).resolves({});
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(3, [0]));
    const result = await revokeRequest(current.permitId);
    expect(result.statusCode).toBe(409);
    expect(ses.calls()).toHaveLength(0);
  });

  it('reads again and retries when the plate lock changed meanwhile', async () => {
    const current = permit();
    ddb.on(GetCommand, { Key: permitKey(current.permitId) }).resolves({ Item: item(current) });
    ddb.on(GetCommand, { Key: lockKey }).resolves({});
    ddb.on(TransactWriteCommand).rejectsOnce(transactionCancelled(3, [1])).resolves({});
    ddb.on(GetCommand, { Key: { SK: 'NOTIFICATION' } }).resolves({});
    const result = await revokeRequest(current.permitId);
    expect(result.statusCode).toBe(200);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
    // A permit that does not hold the lock asserts that with a condition check.
    expect(ddb.commandCalls(TransactWriteCommand)[1]!.args[0].input.TransactItems![1]!.ConditionCheck).toMatchObject({
      Key: lockKey,
      ConditionExpression: 'attribute_not_exists(#holderId) OR (#holderId <> :me AND (attribute_not_exists(#previous) OR #previous.#holderId <> :me))',
    });
  });

  it('hands the lock back to the permit a revoked renewal continued', async () => {
    const renewal = permit({ permitId: 'renewal-0000001', validFrom: '2026-04-01', validTo: '2027-03-31', renewalOf: 'permit-000000000001' });
    ddb.on(GetCommand, { Key: permitKey(renewal.permitId) }).resolves({ Item: item(renewal) });
    ddb.on(GetCommand, { Key: lockKey }).resolves({
      Item: { ...lockKey, holderId: renewal.permitId, validFrom: '2026-04-01', validTo: '2027-03-31', previous: { holderId: 'permit-000000000001', validFrom: '2025-04-01', validTo: '2026-03-31' } },
    });
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(GetCommand, { Key: { SK: 'NOTIFICATION' } }).resolves({});
    expect((await revokeRequest(renewal.permitId)).statusCode).toBe(200);
    const lock = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![1]!.Update!;
    expect(lock).toMatchObject({
      Key: lockKey,
      ConditionExpression: '#holderId = :me AND #previous.#holderId = :previous',
      ExpressionAttributeValues: { ':me': 'renewal-0000001', ':previous': 'permit-000000000001', ':from': '2025-04-01', ':to': '2026-03-31' },
    });
  });

  it('answers 404 for an unknown permit and 400 without a reason', async () => {
    ddb.on(GetCommand).resolves({});
    expect((await revokeRequest('unknown-permit-1')).statusCode).toBe(404);
    const missingReason = await revokeRequest('unknown-permit-1', { reason: 'x' });
    expect(missingReason.statusCode).toBe(400);
    expect(missingReason.body.errors[0].field).toBe('body/reason');
  });
});

describe('GET /permits/{id}/renewal', () => {
  const renewal = (id: string, caller = holder) => call(renewalForm, httpEvent({ routeKey: 'GET /permits/{id}/renewal', caller, pathParameters: { id } }));

  it('gives the holder a pre-filled application that renews the permit', async () => {
    const current = permit();
    ddb.on(GetCommand).resolves({ Item: item(current) });
    const result = await renewal(current.permitId);
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({
      serviceId: 'resident-parking',
      renewalOf: current.permitId,
      currentValidTo: '2026-03-31',
      form: {
        applicant: { email: 'erika@example.test' },
        residence: { street: 'Oberstraße', houseNumber: '12a', postcode: '41460', city: 'Neuss' },
        plate: 'NE-AB 1234',
        vehicle: { relation: 'keeper', weightKg: 1800 },
        zoneId: 'NE-1',
        validityMonths: 12,
        renewalOf: current.permitId,
      },
    });
  });

  it('answers 404 to anybody but the holder, so permit ids reveal nothing', async () => {
    ddb.on(GetCommand).resolves({ Item: item(permit({ holderId: 'someone-else' })) });
    expect((await renewal('permit-000000000001')).statusCode).toBe(404);
    ddb.on(GetCommand).resolves({});
    expect((await renewal('permit-000000000001')).statusCode).toBe(404);
  });

  it('refuses to renew a revoked permit or one renewed already', async () => {
    ddb.on(GetCommand).resolves({ Item: item(permit({ status: 'revoked' })) });
    expect((await renewal('permit-000000000001')).statusCode).toBe(409);
    ddb.on(GetCommand).resolves({ Item: item(permit({ renewedBy: 'next-permit-01' })) });
    expect((await renewal('permit-000000000001')).statusCode).toBe(409);
  });
});

describe('permitVerification (the QR code)', () => {
  it('tells the status and the printed facts, no personal data', async () => {
    ddb.on(GetCommand).resolves({ Item: item(permit({ validTo: '2026-12-31' })) });
    const answer = await permitVerification('neuss', 'permit-000000000001', new Date('2026-03-10T10:00:00Z'));
    expect(answer).toEqual({ status: 'valid', plate: 'NE-AB 1234', zone: 'NE-1', zoneName: 'Innenstadt', validFrom: '2025-04-01', validTo: '2026-12-31' });
  });

  it('says expired after the last day in Germany, revoked when revoked, and undefined for an unknown permit', async () => {
    ddb.on(GetCommand).resolves({ Item: item(permit({ validTo: '2026-03-31' })) });
    expect((await permitVerification('neuss', 'p', new Date('2026-03-31T21:59:00Z')))!.status).toBe('valid');
    expect((await permitVerification('neuss', 'p', new Date('2026-03-31T22:00:00Z')))!.status).toBe('expired');
    ddb.on(GetCommand).resolves({ Item: item(permit({ status: 'revoked', validTo: '2026-12-31' })) });
    expect((await permitVerification('neuss', 'p', new Date('2026-03-10T10:00:00Z')))!.status).toBe('revoked');
    ddb.on(GetCommand).resolves({});
    expect(await permitVerification('neuss', 'p', new Date())).toBeUndefined();
  });

  it('answers an early renewal as valid with its first day (its predecessor covers the plate until then)', async () => {
    ddb.on(GetCommand).resolves({ Item: item(permit({ validFrom: '2026-04-01', validTo: '2027-03-31' })) });
    expect(await permitVerification('neuss', 'p', new Date('2026-03-10T10:00:00Z'))).toMatchObject({ status: 'valid', validFrom: '2026-04-01' });
  });
});
