import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyMoveToPermits, decideOnMove } from '../../../../functions/services/resident-parking/move.ts';
import type { ResidentParkingPermit } from '../../../../functions/services/resident-parking/permit.ts';
import { addressKey } from '../../../../functions/services/resident-parking/zones.ts';
import { textsOf } from '../../../support/pdf.ts';
import { juechenConfig } from './fixtures.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const now = new Date('2026-03-10T10:00:00Z');
const oldAddress = { street: 'Markt', houseNumber: '5', postcode: '41363', city: 'Jüchen' };

function permit(overrides: Partial<ResidentParkingPermit> = {}): ResidentParkingPermit {
  return {
    permitId: 'permit-000000001',
    tenantId: 'juechen',
    applicationId: 'app-1',
    caseNumber: 'JU-BPA-2026-000001',
    holderId: 'citizen-1',
    holderEmail: 'erika@example.test',
    plate: 'NE-AB 1234',
    zoneId: 'JU-1',
    zoneName: 'Innenstadt',
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    validityMonths: 12,
    addressKey: addressKey(oldAddress),
    residence: oldAddress,
    vehicle: { relation: 'keeper' },
    status: 'valid',
    issuedAt: '2026-01-01T10:00:00.000Z',
    ...overrides,
  };
}

const move = (newAddress: { street: string; houseNumber: string; postcode: string; city: string }, config = juechenConfig()) => ({
  tenantId: 'juechen',
  holderId: 'citizen-1',
  oldAddress,
  newAddress,
  plates: ['NE-AB 1234'],
  config,
  caseNumber: 'JU-UMZ-2026-000001',
  now,
});

beforeEach(() => {
  ddb.reset();
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(GetCommand).resolves({});
});

describe('a move and the resident parking permit', () => {
  const inZone2 = { street: 'Bahnhofstraße', houseNumber: '2', postcode: '41363', city: 'Jüchen' };
  const noZone = { street: 'Am Rathaus', houseNumber: '3', postcode: '41363', city: 'Jüchen' };

  it('keeps a permit within its zone, revokes it outside, re-zones it when the tenant says so and a zone fits', () => {
    expect(decideOnMove('JU-1', { street: 'Markt', houseNumber: '9', postcode: '41363' }, juechenConfig())).toEqual({ effect: 'keep' });
    expect(decideOnMove('JU-1', inZone2, juechenConfig())).toEqual({ effect: 'revoke' });
    const rezoning = juechenConfig({ residentParking: { ...juechenConfig().residentParking!, onMoveOut: 'rezone' } });
    expect(decideOnMove('JU-1', inZone2, rezoning)).toEqual({ effect: 'rezone', zoneId: 'JU-2', zoneName: 'Bahnhof' });
    expect(decideOnMove('JU-1', noZone, rezoning)).toEqual({ effect: 'revoke' });
  });

  it('revokes the holder’s permit found at the old address, releases the plate and notifies in one transaction', async () => {
    ddb.on(QueryCommand).resolves({ Items: [permit()] });
    ddb.on(GetCommand).resolves({ Item: { holderId: 'permit-000000001', validFrom: '2026-01-01', validTo: '2026-12-31' } });
    const results = await applyMoveToPermits(ddb as unknown as DynamoDBDocumentClient, move(noZone));
    expect(results).toEqual([{ permitId: 'permit-000000001', plate: 'NE-AB 1234', effect: 'revoked', zoneId: 'JU-1' }]);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Update!.ExpressionAttributeValues![':reason']).toContain('Umzug aus der Zone Innenstadt (JU-1)');
    expect(items[1]!.Update).toMatchObject({ UpdateExpression: 'REMOVE #holderId, #validFrom, #validTo, #previous' });
    expect(items[2]!.Put!.Item).toMatchObject({ to: 'erika@example.test', template: 'permit-revoked' });
    expect(items[2]!.Put!.Item!.body).toContain('Den Bescheid mit der Rechtsbehelfsbelehrung finden Sie auf der Seite Ihres Antrags');
  });

  it('issues the revocation on moving out as a Bescheid (no hearing: § 28 Abs. 2 Nr. 4), stored first and kept with the permit\'s application', async () => {
    ddb.on(QueryCommand).resolves({ Items: [permit()] });
    ddb.on(GetCommand).resolves({});
    await applyMoveToPermits(ddb as unknown as DynamoDBDocumentClient, move(noZone));
    const [put] = s3.commandCalls(PutObjectCommand);
    expect(put!.args[0].input).toMatchObject({ Key: 'juechen/applications/app-1/widerruf-permit-000000001-widerruf-JU-BPA-2026-000001.pdf', ContentType: 'application/pdf' });
    const text = (await textsOf(put!.args[0].input.Body as Uint8Array)).join(' ');
    for (const part of ['Bescheid', 'wird mit Wirkung vom 10.03.2026 widerrufen', '§ 28 Abs. 2 Nr. 4 VwVfG NRW', 'Umzug aus der Zone Innenstadt (JU-1)', '§ 49 Abs. 2 Satz 1 Nr. 3', 'Rechtsbehelfsbelehrung']) expect(text).toContain(part);
    expect(put!.calledBefore(ddb.commandCalls(TransactWriteCommand)[0]!)).toBe(true);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.at(-1)!.Update).toMatchObject({
      Key: { PK: 'juechen#APP#app-1', SK: 'META' },
      ExpressionAttributeValues: { ':doc': [expect.objectContaining({ documentId: 'widerruf-permit-000000001', kind: 'bescheid', direction: 'issued' })] },
    });
  });

  it('leaves other people’s permits and permits that stay in their zone alone', async () => {
    ddb.on(QueryCommand).resolves({ Items: [permit({ holderId: 'someone-else' })] });
    expect(await applyMoveToPermits(ddb as unknown as DynamoDBDocumentClient, move(noZone))).toEqual([]);
    ddb.on(QueryCommand).resolves({ Items: [permit()] });
    expect(await applyMoveToPermits(ddb as unknown as DynamoDBDocumentClient, move({ street: 'Markt', houseNumber: '9', postcode: '41363', city: 'Jüchen' }))).toEqual([]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('re-zones the permit and tells the holder when the tenant re-zones', async () => {
    ddb.on(QueryCommand).resolves({ Items: [permit()] });
    const rezoning = juechenConfig({ residentParking: { ...juechenConfig().residentParking!, onMoveOut: 'rezone' } });
    const results = await applyMoveToPermits(ddb as unknown as DynamoDBDocumentClient, move(inZone2, rezoning));
    expect(results).toEqual([{ permitId: 'permit-000000001', plate: 'NE-AB 1234', effect: 'rezoned', zoneId: 'JU-2' }]);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Update!.ExpressionAttributeValues).toMatchObject({ ':zone': 'JU-2', ':household': `juechen#HOUSEHOLD#${addressKey(inZone2)}` });
    expect(items[1]!.Put!.Item).toMatchObject({ template: 'permit-rezoned' });
    expect(items[1]!.Put!.Item!.subject).toContain('Bahnhof (JU-2)');
  });

  it('is a no-op for a permit that was revoked meanwhile', async () => {
    ddb.on(QueryCommand).resolves({ Items: [permit()] });
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }));
    expect(await applyMoveToPermits(ddb as unknown as DynamoDBDocumentClient, move(noZone))).toEqual([]);
  });
});
