import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { api, demoUser, eventually } from '../support/api-client.ts';

/**
 * Who receives a handover is the receiving authority's decision. Over HTTP against the local platform:
 * - no tenant admin can make the platform write into another tenant's partition by configuration — tried against
 *   every other tenant (the county included) and an unknown one — nor accept a handover in another tenant's name;
 * - a handover the county has withdrawn is not written, even when the sender's configuration still declares it and
 *   the application was checked while the agreement held: nothing of the move exists outside the sender's partition;
 * - every pilot municipality (both sides seeded) still hands its vehicle tasks to the county.
 */
const COUNTY = 'rhein-kreis-neuss';
const SENDER = 'kaarst';
const VEHICLE_PATH = 'address-change/vehicle-registration-update';
const countyAdmin = demoUser('county-admin', COUNTY);
const senderAdmin = demoUser('tenant-admin', SENDER);
const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
const digits = () => String(1000 + Math.floor(Math.random() * 8999));

let tenants: string[] = [];
let originalServices: string[] = [];
/** Kaarst's seeded declarations (the Rückmeldung to every other Gewerbeamt): other test files rely on them meanwhile. */
let originalHandovers: Array<{ service: string; to: string; task: string }> = [];

async function configOf(tenantId: string) {
  const response = await api('GET', `/tenants/${tenantId}`, { as: demoUser('tenant-admin', tenantId) });
  expect(response.status).toBe(200);
  return { config: response.body.config, version: response.body.configVersion as number };
}

/** Declares the vehicle handover to `to` beside the sender's other declarations, which stay as seeded. */
const declare = (tenantId: string, to: string) =>
  api('PATCH', `/tenants/${tenantId}/config`, {
    as: demoUser('tenant-admin', tenantId),
    body: { handovers: [{ service: 'address-change', to, task: 'vehicle-registration-update' }, ...originalHandovers.filter((handover) => handover.task !== 'vehicle-registration-update')] },
  });

/** Every item of the table outside `tenantId`'s partitions whose content mentions one of `needles` (a test may Scan). */
async function foreignItemsMentioning(tenantId: string, needles: string[]): Promise<string[]> {
  const { systemTable } = await import('../../functions/core/ddb.ts');
  const found: string[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await systemTable.send(new ScanCommand({ TableName: process.env.TABLE_NAME!, ...(cursor ? { ExclusiveStartKey: cursor } : {}) }));
    for (const item of page.Items ?? []) {
      if (String(item.PK).startsWith(`${tenantId}#`)) continue;
      const text = JSON.stringify(item);
      if (needles.some((needle) => text.includes(needle))) found.push(`${String(item.PK)} / ${String(item.SK)}`);
    }
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return found;
}

function moveForm(city: string, postcode: string, vehicles: Array<{ plate: string; zb1Number: string }>) {
  return {
    applicant: { givenName: 'Erika', familyName: 'Mustermann' },
    moveDate: today,
    oldAddress: { street: 'Alte Straße', houseNumber: digits(), postcode, city },
    newAddress: { street: 'Neue Straße', houseNumber: digits(), postcode, city },
    vehicles,
    landlordConfirmation: { kind: 'code', code: 'WGB-2026-4711' },
    consent: true,
  };
}

async function statusIs(tenantId: string, id: string, status: string) {
  return eventually(async () => {
    const response = await api('GET', `/applications/${id}`, { as: demoUser('caseworker', tenantId) });
    return response.body.status === status ? response.body : undefined;
  }, 30_000);
}

beforeAll(async () => {
  Object.assign(process.env, inject('platform').environment);
  const listed = await api('GET', '/tenants?limit=100', { as: countyAdmin });
  tenants = listed.body.items.map((tenant: { tenantId: string }) => tenant.tenantId);
  expect(tenants).toEqual(expect.arrayContaining([COUNTY, SENDER, 'juechen', 'neuss']));
  const original = (await configOf(SENDER)).config;
  originalServices = original.enabledServices;
  originalHandovers = original.handovers ?? [];
});

afterAll(async () => {
  await api('DELETE', `/tenants/${COUNTY}/handover-agreements/${VEHICLE_PATH}/${SENDER}`, { as: countyAdmin });
  await api('PATCH', `/tenants/${SENDER}/config`, { as: senderAdmin, body: { handovers: originalHandovers, enabledServices: originalServices } });
});

describe('a tenant admin cannot make the platform write into another tenant’s partition through configuration', () => {
  it('refuses a handover to every other tenant, the county included, and to an unknown one (422, nothing saved)', async () => {
    const before = await configOf(SENDER);
    const targets = [...tenants.filter((id) => id !== SENDER), 'gibt-es-nicht'];
    expect(targets).toContain(COUNTY);
    for (const to of targets) {
      const response = await declare(SENDER, to);
      expect(response.status, to).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'body/handovers/0/to', message: expect.stringContaining('nicht zugestimmt') })]);
    }
    const self = await declare(SENDER, SENDER);
    expect(self.status).toBe(422);
    expect(self.body.errors[0].message).toContain('eigenen Mandanten');
    expect((await configOf(SENDER)).version).toBe(before.version);
  });

  it('lets no admin accept a handover in another tenant’s name (404 for every other tenant), and no municipality accept the county’s task', async () => {
    for (const receiver of tenants.filter((id) => id !== SENDER)) {
      const path = `/tenants/${receiver}/handover-agreements/${VEHICLE_PATH}/${SENDER}`;
      expect((await api('PUT', path, { as: senderAdmin, body: {} })).status, receiver).toBe(404);
      expect((await api('GET', `/tenants/${receiver}/handover-agreements`, { as: senderAdmin })).status, receiver).toBe(404);
    }
    // A county admin decides for the county only.
    expect((await api('PUT', `/tenants/juechen/handover-agreements/${VEHICLE_PATH}/${SENDER}`, { as: countyAdmin, body: {} })).status).toBe(404);
    const municipality = await api('PUT', `/tenants/neuss/handover-agreements/${VEHICLE_PATH}/${SENDER}`, { as: demoUser('tenant-admin', 'neuss'), body: {} });
    expect(municipality.status).toBe(422);
    expect(municipality.body.errors[0].message).toContain('Kreisverwaltung');
    const county = await api('GET', `/tenants/${COUNTY}/handover-agreements`, { as: countyAdmin });
    expect(county.body.accepts.map((acceptance: { from: string }) => acceptance.from)).not.toContain(SENDER);
  });

  it('writes nothing outside the sender’s partition when the county withdrew its acceptance before the handover', async () => {
    // Both sides agree; Kaarst offers the service.
    expect((await api('PUT', `/tenants/${COUNTY}/handover-agreements/${VEHICLE_PATH}/${SENDER}`, { as: countyAdmin, body: { reference: 'Testvereinbarung' } })).status).toBe(201);
    expect((await api('PATCH', `/tenants/${SENDER}/config`, { as: senderAdmin, body: { enabledServices: [...originalServices, 'address-change'] } })).status).toBe(200);
    expect((await declare(SENDER, COUNTY)).status).toBe(200);
    const agreed = await api('GET', `/tenants/${SENDER}/handover-agreements`, { as: senderAdmin });
    expect(agreed.body.declared.filter((entry: { service: string }) => entry.service === 'address-change')).toEqual([
      { service: 'address-change', task: 'vehicle-registration-update', to: COUNTY, agreed: true },
    ]);

    // Six vehicles: the checks pass while the agreement holds, but send the move to a caseworker.
    const vehicles = Array.from({ length: 6 }, (_, index) => ({ plate: `NE-K${'ABCDEF'[index]} ${digits()}`, zb1Number: `KW${digits()}${index}00` }));
    const submitted = await api('POST', '/applications', {
      as: demoUser('citizen', SENDER),
      headers: { 'idempotency-key': randomUUID() },
      body: { serviceId: 'address-change', form: moveForm('Kaarst', '41564', vehicles) },
    });
    expect(submitted.status).toBe(201);
    const waiting = await statusIs(SENDER, submitted.body.applicationId, 'awaiting-decision');
    // Besides the note on the landlord's confirmation every registration carries: only the decisive finding.
    expect(waiting.findings.map((finding: { code: string }) => finding.code).filter((code: string) => !code.startsWith('landlord-confirmation'))).toEqual(['many-vehicles']);

    // The county withdraws; Kaarst's configuration still declares the handover.
    expect((await api('DELETE', `/tenants/${COUNTY}/handover-agreements/${VEHICLE_PATH}/${SENDER}`, { as: countyAdmin })).status).toBe(204);
    const withdrawn = await api('GET', `/tenants/${SENDER}/handover-agreements`, { as: senderAdmin });
    expect(withdrawn.body.declared.find((entry: { service: string }) => entry.service === 'address-change').agreed).toBe(false);

    expect((await api('POST', `/applications/${waiting.applicationId}/decision`, { as: demoUser('caseworker', SENDER), body: { outcome: 'approve' } })).status).toBe(200);
    await statusIs(SENDER, waiting.applicationId, 'completed');

    const status = await api('GET', `/address-change/${waiting.applicationId}/status`, { as: demoUser('citizen', SENDER) });
    expect(status.body.status).toBe('action-required');
    expect(status.body.vehicles.map((vehicle: { status: string }) => vehicle.status)).toEqual(vehicles.map(() => 'not-forwarded'));
    const countyTasks = await api('GET', '/vehicle-registration/tasks?status=open&limit=100', { as: demoUser('caseworker', COUNTY) });
    expect(countyTasks.body.items.filter((task: { caseNumber: string }) => task.caseNumber === waiting.caseNumber)).toEqual([]);
    const needles = [waiting.caseNumber, ...vehicles.flatMap((vehicle) => [vehicle.plate, vehicle.zb1Number])];
    expect(await foreignItemsMentioning(SENDER, needles)).toEqual([]);
  });
});

describe('the pilot (both sides seeded) still hands over', () => {
  const pilot = [
    { tenantId: 'juechen', city: 'Jüchen', postcode: '41363', prefix: 'JU' },
    { tenantId: 'rommerskirchen', city: 'Rommerskirchen', postcode: '41569', prefix: 'RO' },
    { tenantId: 'korschenbroich', city: 'Korschenbroich', postcode: '41352', prefix: 'KO' },
  ];

  it('seeds the county’s acceptance and each pilot municipality’s declaration', async () => {
    const county = await api('GET', `/tenants/${COUNTY}/handover-agreements`, { as: countyAdmin });
    expect(county.status).toBe(200);
    expect(county.body.accepts.map((acceptance: { from: string }) => acceptance.from)).toEqual(expect.arrayContaining(pilot.map((p) => p.tenantId)));
    for (const { tenantId } of pilot) {
      const own = await api('GET', `/tenants/${tenantId}/handover-agreements`, { as: demoUser('tenant-admin', tenantId) });
      expect(own.body.declared.filter((entry: { service: string }) => entry.service === 'address-change'), tenantId).toEqual([
        { service: 'address-change', task: 'vehicle-registration-update', to: COUNTY, agreed: true },
      ]);
      // And the Rückmeldung of business moves to every other municipality, each accepted by its receiver.
      const relocation = own.body.declared.filter((entry: { task: string }) => entry.task === 'trade-deregistration');
      expect(relocation).toHaveLength(7);
      expect(relocation.every((entry: { agreed: boolean }) => entry.agreed)).toBe(true);
    }
  });

  it.each(pilot)('hands a vehicle task of $tenantId to the county, and writes nothing of the move into any third tenant', async ({ tenantId, city, postcode, prefix }) => {
    const plate = `${prefix}-PL ${digits()}`;
    const zb1Number = `PL${digits()}000`;
    const submitted = await api('POST', '/applications', {
      as: demoUser('citizen', tenantId),
      headers: { 'idempotency-key': randomUUID() },
      body: { serviceId: 'address-change', form: moveForm(city, postcode, [{ plate, zb1Number }]) },
    });
    expect(submitted.status).toBe(201);
    await statusIs(tenantId, submitted.body.applicationId, 'completed');
    const task = await eventually(async () => {
      const response = await api('GET', '/vehicle-registration/tasks?status=open&limit=100', { as: demoUser('caseworker', COUNTY) });
      return response.body.items.find((item: { caseNumber: string }) => item.caseNumber === submitted.body.caseNumber);
    });
    expect(task).toMatchObject({ plate, zb1Number, fromTenantId: tenantId, tenantId: COUNTY });
    const elsewhere = (await foreignItemsMentioning(tenantId, [plate, zb1Number])).filter((key) => !key.startsWith(`${COUNTY}#HANDOVER#`));
    expect(elsewhere).toEqual([]);
  });
});
