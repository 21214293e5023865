import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../functions/core/roles.ts';
import {
  acceptanceProblems,
  declarationProblems,
  handoverTask,
  isAccepted,
  mayManageAgreements,
  type HandoverAcceptance,
} from '../../../functions/tenants/handover-agreements/domain.ts';
import { handler as accept } from '../../../functions/tenants/handover-agreements/accept.handler.ts';
import { handler as list } from '../../../functions/tenants/handover-agreements/list.handler.ts';
import { handler as withdraw } from '../../../functions/tenants/handover-agreements/withdraw.handler.ts';
import { handler as updateConfig } from '../../../functions/tenants/update-config.handler.ts';
import { call, httpEvent, type TestCaller } from '../../support/events.ts';
import { sessionCalls } from '../../support/tenant-scoped-table.ts';

// As in AWS: every handler here acts through a session of the caller's tenant (dynamodb:LeadingKeys).
vi.mock('#core/ddb', async (original) => (await import('../../support/tenant-scoped-table.ts')).tenantScopedDdb(await original()));

const COUNTY = 'rhein-kreis-neuss';
const TENANTS = [COUNTY, 'dormagen', 'grevenbroich', 'juechen', 'kaarst', 'korschenbroich', 'meerbusch', 'neuss', 'rommerskirchen'];
const VEHICLE = { service: 'address-change', task: 'vehicle-registration-update' };
const ACCEPT_ROUTE = 'PUT /tenants/{id}/handover-agreements/{service}/{task}/{from}';
const WITHDRAW_ROUTE = 'DELETE /tenants/{id}/handover-agreements/{service}/{task}/{from}';

const ddb = mockClient(DynamoDBDocumentClient);

function acceptance(receiver: string, from: string, overrides: Partial<HandoverAcceptance> = {}): HandoverAcceptance {
  return { receiver, from, ...VEHICLE, agreedAt: '2026-01-01T00:00:00.000Z', agreedBy: 'admin', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'admin', ...overrides };
}

/** An acceptance as stored: in the receiver's partition, indexed under the sender's id. */
function stored(receiver: string, from: string, overrides: Partial<HandoverAcceptance> = {}) {
  return {
    PK: `${receiver}#HANDOVER-AGREEMENTS`,
    SK: `ACCEPTS#${VEHICLE.service}#${VEHICLE.task}#${from}`,
    GSI1PK: `${from}#HANDOVER-ACCEPTED`,
    GSI1SK: `${VEHICLE.service}#${VEHICLE.task}#${receiver}`,
    ...acceptance(receiver, from, overrides),
  };
}

const admin = (tenantId: string, role: Role = 'tenant-admin'): TestCaller => ({ tenantId, roles: [role], sub: `${role}-${tenantId}` });

function configItem(tenantId: string, handovers?: unknown) {
  return {
    PK: `${tenantId}#TENANT`,
    SK: 'CONFIG',
    version: 3,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'someone',
    config: {
      displayName: `Stadt ${tenantId}`,
      ags: '05162016',
      caseNumberPrefix: 'KA',
      contact: { email: `info@${tenantId}.example` },
      urls: { imprint: 'https://example.de/i', privacy: 'https://example.de/p', accessibility: 'https://example.de/a' },
      enabledServices: ['address-change'],
      feeSchedules: {},
      parkingZones: [],
      ...(handovers ? { handovers } : {}),
    },
  };
}

const patchHandovers = (tenantId: string, handovers: unknown, caller = admin(tenantId)) =>
  call(updateConfig, httpEvent({ routeKey: 'PATCH /tenants/{id}/config', caller, pathParameters: { id: tenantId }, body: { handovers } }));

const acceptVia = (caller: TestCaller, path: { id: string; service?: string; task?: string; from: string }, body?: unknown) =>
  call(accept, httpEvent({ routeKey: ACCEPT_ROUTE, caller, pathParameters: { ...VEHICLE, ...path }, ...(body !== undefined ? { body } : {}) }));

beforeEach(() => {
  ddb.reset();
  sessionCalls.length = 0;
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
});

describe('handover agreements (domain)', () => {
  const vehicleKind = handoverTask('address-change', 'vehicle-registration-update');

  it('knows the vehicle registration update as a task of the change of address that only the county may accept', () => {
    expect(vehicleKind).toMatchObject({ task: 'vehicle-registration-update', receiver: 'county' });
    expect(handoverTask('address-change', 'something-else')).toBeUndefined();
    expect(handoverTask('resident-parking', 'vehicle-registration-update')).toBeUndefined();
    expect(handoverTask('constructor', 'vehicle-registration-update')).toBeUndefined();
  });

  it('lets the county accept from any other tenant, and nobody from itself', () => {
    for (const from of TENANTS.filter((id) => id !== COUNTY)) {
      expect(acceptanceProblems({ receiver: COUNTY, from, ...VEHICLE, county: COUNTY, kind: vehicleKind })).toEqual([]);
    }
    expect(acceptanceProblems({ receiver: COUNTY, from: COUNTY, ...VEHICLE, county: COUNTY, kind: vehicleKind })).toEqual([
      expect.objectContaining({ field: 'path/from' }),
    ]);
  });

  it('refuses a municipality accepting a task that the law gives to the county, and an unknown task', () => {
    for (const receiver of TENANTS.filter((id) => id !== COUNTY)) {
      const problems = acceptanceProblems({ receiver, from: 'juechen' === receiver ? 'kaarst' : 'juechen', ...VEHICLE, county: COUNTY, kind: vehicleKind });
      expect(problems).toEqual([expect.objectContaining({ field: 'path/task', message: expect.stringContaining('nur die Kreisverwaltung') })]);
    }
    expect(acceptanceProblems({ receiver: COUNTY, from: 'juechen', service: 'address-change', task: 'x', county: COUNTY, kind: undefined })).toEqual([
      expect.objectContaining({ field: 'path/task', message: expect.stringContaining('„address-change“ → „vehicle-registration-update“') }),
    ]);
  });

  it('fits an agreement between two municipalities, e.g. Jüchen keeping the Baulastenverzeichnis for Rommerskirchen', () => {
    // No Baulasten handover is built; the model only has to carry it: a task any authority may accept.
    const baulasten = { service: 'building-encumbrance-extract', task: 'register-extract' };
    const kind = { task: 'register-extract', title: 'Auskunft aus dem Baulastenverzeichnis', receiver: 'any' as const };
    expect(acceptanceProblems({ receiver: 'juechen', from: 'rommerskirchen', ...baulasten, county: COUNTY, kind })).toEqual([]);
    const juechenAccepts = { receiver: 'juechen', from: 'rommerskirchen', ...baulasten } as HandoverAcceptance;
    const declaration = { ...baulasten, to: 'juechen' };
    expect(isAccepted([juechenAccepts], 'rommerskirchen', declaration)).toBe(true);
    expect(declarationProblems([declaration], 'rommerskirchen', [juechenAccepts], () => kind)).toEqual([]);
    // Jüchen accepting Rommerskirchen's is not an acceptance of Kaarst's, nor one of the county.
    expect(isAccepted([juechenAccepts], 'kaarst', { ...declaration })).toBe(false);
    expect(isAccepted([juechenAccepts], 'rommerskirchen', { ...declaration, to: COUNTY })).toBe(false);
  });

  it('refuses a declaration to every tenant that has not accepted it, to itself, twice for one task, or of an unknown task', () => {
    for (const to of [...TENANTS, 'gibt-es-nicht']) {
      const problems = declarationProblems([{ ...VEHICLE, to }], 'kaarst', []);
      expect(problems, to).toEqual([expect.objectContaining({ field: 'body/handovers/0/to' })]);
    }
    expect(declarationProblems([{ ...VEHICLE, to: 'kaarst' }], 'kaarst', [acceptance('kaarst', 'kaarst')])[0]!.message).toContain('eigenen Mandanten');
    const accepted = [acceptance(COUNTY, 'kaarst')];
    expect(declarationProblems([{ ...VEHICLE, to: COUNTY }], 'kaarst', accepted)).toEqual([]);
    expect(declarationProblems([{ ...VEHICLE, to: COUNTY }, { ...VEHICLE, to: COUNTY }], 'kaarst', accepted)).toEqual([expect.objectContaining({ field: 'body/handovers/1/task' })]);
    expect(declarationProblems([{ service: 'address-change', task: 'anything', to: COUNTY }], 'kaarst', accepted)).toEqual([
      expect.objectContaining({ field: 'body/handovers/0/task' }),
    ]);
    // The county's acceptance of Jüchen's handovers is no acceptance of Kaarst's.
    expect(declarationProblems([{ ...VEHICLE, to: COUNTY }], 'kaarst', [acceptance(COUNTY, 'juechen')])).toHaveLength(1);
  });

  it('lets only the tenant’s own admins manage its agreements (county admins only the county’s)', () => {
    expect(mayManageAgreements(admin(COUNTY), COUNTY, COUNTY)).toBe(true);
    expect(mayManageAgreements(admin(COUNTY, 'county-admin'), COUNTY, COUNTY)).toBe(true);
    expect(mayManageAgreements(admin('juechen'), 'juechen', COUNTY)).toBe(true);
    expect(mayManageAgreements(admin('juechen', 'county-admin'), 'juechen', COUNTY)).toBe(false);
    for (const tenant of TENANTS) {
      for (const other of TENANTS.filter((id) => id !== tenant)) {
        expect(mayManageAgreements(admin(other), tenant, COUNTY)).toBe(false);
        expect(mayManageAgreements(admin(other, 'county-admin'), tenant, COUNTY)).toBe(false);
      }
      expect(mayManageAgreements(admin(tenant, 'caseworker'), tenant, COUNTY)).toBe(false);
    }
  });
});

describe('PUT /tenants/{id}/handover-agreements/{service}/{task}/{from}', () => {
  it('records the county accepting Jüchen’s handovers in the county’s partition, with the county’s session, and its history', async () => {
    const result = await acceptVia(admin(COUNTY, 'county-admin'), { id: COUNTY, from: 'juechen' }, { reference: 'Vereinbarung vom 01.11.2017' });
    expect(result.statusCode).toBe(201);
    expect(result.body).toMatchObject({ receiver: COUNTY, from: 'juechen', ...VEHICLE, reference: 'Vereinbarung vom 01.11.2017', agreedBy: `county-admin-${COUNTY}` });
    const [item, history] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(item!.Put!.Item).toMatchObject({
      PK: `${COUNTY}#HANDOVER-AGREEMENTS`,
      SK: 'ACCEPTS#address-change#vehicle-registration-update#juechen',
      GSI1PK: 'juechen#HANDOVER-ACCEPTED',
    });
    expect(item!.Put!.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(history!.Put!.Item).toMatchObject({ PK: `${COUNTY}#HANDOVER-AGREEMENTS`, SK: expect.stringMatching(/^HISTORY#/), action: 'accepted', from: 'juechen' });
    expect(new Set(sessionCalls.map((c) => c.tenant))).toEqual(new Set([COUNTY]));
  });

  it('changes nothing when repeated, and changes the reference only of the version it read', async () => {
    ddb.on(GetCommand).resolves({ Item: stored(COUNTY, 'juechen', { reference: 'alt' }) });
    const same = await acceptVia(admin(COUNTY), { id: COUNTY, from: 'juechen' }, { reference: 'alt' });
    expect(same.statusCode).toBe(200);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    const changed = await acceptVia(admin(COUNTY), { id: COUNTY, from: 'juechen' }, { reference: 'neu' });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toMatchObject({ reference: 'neu', agreedAt: '2026-01-01T00:00:00.000Z', agreedBy: 'admin' });
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!).toMatchObject({
      ConditionExpression: 'updatedAt = :seen',
      ExpressionAttributeValues: { ':seen': '2026-01-01T00:00:00.000Z' },
    });
  });

  it('answers 409 when someone changed the acceptance in between', async () => {
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('x'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }));
    expect((await acceptVia(admin(COUNTY), { id: COUNTY, from: 'juechen' })).statusCode).toBe(409);
  });

  it('answers 404 to every admin of another tenant, for every receiver, and writes nothing', async () => {
    for (const receiver of TENANTS) {
      for (const caller of TENANTS.filter((id) => id !== receiver).flatMap((id) => [admin(id), admin(id, 'county-admin')])) {
        const result = await acceptVia(caller, { id: receiver, from: caller.tenantId });
        expect(result.statusCode, `${caller.roles[0]} of ${caller.tenantId} → ${receiver}`).toBe(404);
        expect(result.headers['content-type']).toMatch(/problem\+json/);
      }
    }
    expect(ddb.calls()).toHaveLength(0);
  });

  it('refuses in German: a municipality accepting the county’s task, accepting from itself, an unknown task, a malformed id', async () => {
    const municipality = await acceptVia(admin('neuss'), { id: 'neuss', from: 'kaarst' });
    expect(municipality.statusCode).toBe(422);
    expect(municipality.body.errors).toEqual([expect.objectContaining({ field: 'path/task', message: expect.stringContaining('Kreisverwaltung') })]);
    const self = await acceptVia(admin(COUNTY), { id: COUNTY, from: COUNTY });
    expect(self.statusCode).toBe(422);
    expect(self.body.errors[0].field).toBe('path/from');
    expect((await acceptVia(admin(COUNTY), { id: COUNTY, task: 'unbekannt', from: 'juechen' })).statusCode).toBe(422);
    const malformed = await acceptVia(admin(COUNTY), { id: COUNTY, from: 'Jüchen' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body.errors[0].field).toBe('path/from');
    expect((await acceptVia(admin(COUNTY), { id: COUNTY, from: 'juechen' }, { reference: 'x', extra: 1 })).statusCode).toBe(400);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('DELETE /tenants/{id}/handover-agreements/{service}/{task}/{from}', () => {
  const withdrawVia = (caller: TestCaller, id: string, from: string) =>
    call(withdraw, httpEvent({ routeKey: WITHDRAW_ROUTE, caller, pathParameters: { id, ...VEHICLE, from } }));

  it('withdraws the acceptance and records who did it, in one transaction on the receiver’s partition', async () => {
    const result = await withdrawVia(admin(COUNTY), COUNTY, 'juechen');
    expect(result.statusCode).toBe(204);
    const [removed, history] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(removed!.Delete).toMatchObject({ Key: { PK: `${COUNTY}#HANDOVER-AGREEMENTS`, SK: 'ACCEPTS#address-change#vehicle-registration-update#juechen' }, ConditionExpression: 'attribute_exists(PK)' });
    expect(history!.Put!.Item).toMatchObject({ action: 'withdrawn', by: `tenant-admin-${COUNTY}` });
  });

  it('answers 404 for an acceptance that does not exist, and for another tenant’s', async () => {
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('x'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }));
    expect((await withdrawVia(admin(COUNTY), COUNTY, 'kaarst')).statusCode).toBe(404);
    ddb.reset();
    expect((await withdrawVia(admin('juechen'), COUNTY, 'juechen')).statusCode).toBe(404);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('GET /tenants/{id}/handover-agreements', () => {
  it('shows Jüchen who accepts its handovers — only records from the receiver’s own partition — and whether its declarations hold', async () => {
    const forged = { ...stored(COUNTY, 'juechen'), PK: 'kaarst#HANDOVER-AGREEMENTS' };
    ddb.on(QueryCommand, { IndexName: 'GSI1' }).resolves({ Items: [stored(COUNTY, 'juechen'), forged, stored('neuss', 'kaarst')] });
    ddb.on(GetCommand).resolves({ Item: configItem('juechen', [{ ...VEHICLE, to: COUNTY }]) });
    const result = await call(list, httpEvent({ routeKey: 'GET /tenants/{id}/handover-agreements', caller: admin('juechen'), pathParameters: { id: 'juechen' } }));
    expect(result.statusCode).toBe(200);
    expect(result.body.acceptedBy).toEqual([{ receiver: COUNTY, ...VEHICLE, agreedAt: '2026-01-01T00:00:00.000Z' }]);
    expect(result.body.declared).toEqual([{ ...VEHICLE, to: COUNTY, agreed: true }]);
    expect(result.body.accepts).toEqual([]);
    expect(new Set(sessionCalls.map((c) => c.tenant))).toEqual(new Set(['juechen']));
  });
});

describe('PATCH /tenants/{id}/config with handovers (the sender’s side)', () => {
  beforeEach(() => {
    ddb.on(GetCommand).resolves({ Item: configItem('kaarst') });
  });

  it('refuses a handover to every other tenant — the county included — and to an unknown one while it has not accepted it', async () => {
    for (const to of [...TENANTS.filter((id) => id !== 'kaarst'), 'gibt-es-nicht']) {
      const result = await patchHandovers('kaarst', [{ ...VEHICLE, to }]);
      expect(result.statusCode, to).toBe(422);
      expect(result.headers['content-type']).toMatch(/problem\+json/);
      expect(result.body.errors).toEqual([expect.objectContaining({ field: 'body/handovers/0/to', message: expect.stringContaining('nicht zugestimmt') })]);
    }
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses a handover to itself and does not trust an acceptance kept outside the receiver’s partition', async () => {
    expect((await patchHandovers('kaarst', [{ ...VEHICLE, to: 'kaarst' }])).body.errors[0].message).toContain('eigenen Mandanten');
    // Kaarst can write an item of its own partition under its own index key; it is not the county's acceptance.
    ddb.on(QueryCommand, { IndexName: 'GSI1' }).resolves({ Items: [{ ...stored(COUNTY, 'kaarst'), PK: 'kaarst#HANDOVER-AGREEMENTS' }] });
    expect((await patchHandovers('kaarst', [{ ...VEHICLE, to: COUNTY }])).statusCode).toBe(422);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('accepts the handover once the county accepts it, reading the acceptance with Kaarst’s own session', async () => {
    ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':pk': 'kaarst#HANDOVER-ACCEPTED' } }).resolves({ Items: [stored(COUNTY, 'kaarst')] });
    const result = await patchHandovers('kaarst', [{ ...VEHICLE, to: COUNTY }]);
    expect(result.statusCode).toBe(200);
    expect(result.body.changed).toEqual(['handovers']);
    expect(new Set(sessionCalls.map((c) => c.tenant))).toEqual(new Set(['kaarst']));
  });

  it('lets a tenant remove its handovers without asking anyone', async () => {
    ddb.on(GetCommand).resolves({ Item: configItem('kaarst', [{ ...VEHICLE, to: COUNTY }]) });
    expect((await patchHandovers('kaarst', [])).statusCode).toBe(200);
  });
});
