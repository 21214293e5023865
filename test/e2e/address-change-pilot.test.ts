import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, checkoutPath, demoUser, eventually } from '../support/api-client.ts';

/**
 * The county's pilot as it runs (DOMAIN.md, December 2026; variant `town-office-sticker`) over HTTP: a citizen of Jüchen
 * reports a move with vehicles and pays the ZB I sticker (10.80 € each) with the application; the town office gets a
 * sticker task per vehicle in its own workspace, puts the sticker on ("Aufkleber angebracht") and the change is
 * REPORTED to the county — a report, not a task — whose register takes the new address. Towns without the pilot keep
 * the free change with the county's task; no tenant sets the variant or fee of another.
 */
const COUNTY = 'rhein-kreis-neuss';
const PILOT_TOWNS = ['juechen', 'rommerskirchen', 'korschenbroich'];
const citizen = demoUser('citizen', 'juechen');
const townCaseworker = demoUser('caseworker', 'juechen');
const countyCaseworker = demoUser('caseworker', COUNTY);

const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
const digits = () => String(1000 + Math.floor(Math.random() * 8999));

function moveForm(vehicles: Array<{ plate: string; zb1Number: string }>, place = { city: 'Jüchen', postcode: '41363' }) {
  return {
    applicant: { givenName: 'Erika', familyName: 'Mustermann' },
    moveDate: today,
    oldAddress: { street: 'Kölner Straße', houseNumber: digits(), postcode: place.postcode, city: place.city },
    newAddress: { street: 'Am Rathaus', houseNumber: '5', postcode: place.postcode, city: place.city },
    vehicles,
    landlordConfirmation: { kind: 'code', code: 'WGB-2026-4711' },
    consent: true,
  };
}

async function statusIs(id: string, status: string, as = citizen) {
  return eventually(async () => {
    const response = await api('GET', `/applications/${id}`, { as });
    return response.body.status === status ? response.body : undefined;
  }, 30_000);
}

async function townTasksOf(caseNumber: string, status = 'open', as = townCaseworker) {
  const response = await api('GET', `/vehicle-registration/tasks?status=${status}&limit=100`, { as });
  expect(response.status).toBe(200);
  return (response.body.items as any[]).filter((task) => task.caseNumber === caseNumber);
}

describe('the seeded configuration', () => {
  it('runs the sticker pilot in Jüchen, Rommerskirchen and Korschenbroich at 10.80 €, and the county-later variant elsewhere', async () => {
    for (const tenantId of PILOT_TOWNS) {
      const own = await api('GET', `/tenants/${tenantId}`, { as: demoUser('tenant-admin', tenantId) });
      expect(own.status, tenantId).toBe(200);
      expect(own.body.config.addressChange, tenantId).toMatchObject({ vehicleVariant: 'town-office-sticker', stickerFeeCents: 1080, feeBasis: expect.stringContaining('GebOSt') });
      expect(own.body.config.enabledServices, tenantId).toContain('address-change');
    }
    const neuss = await api('GET', '/tenants/neuss', { as: demoUser('tenant-admin', 'neuss') });
    expect(neuss.body.config.addressChange).toBeUndefined();
    expect(neuss.body.config.enabledServices).toContain('address-change');
  });
});

describe('change of address with vehicles in a pilot town (Jüchen: the town office puts the sticker on)', () => {
  const plateA = `JU-PA ${digits()}`;
  const plateB = `JU-PB ${digits()}`;
  let applicationId = '';
  let caseNumber = '';
  let tasks: any[] = [];

  it('quotes the sticker fee per vehicle with the ZB I explanation, and nothing without vehicles', async () => {
    const withVehicles = await api('POST', '/services/address-change/quote', { as: citizen, body: { form: moveForm([{ plate: plateA, zb1Number: 'AB1234567' }, { plate: plateB, zb1Number: 'CD7654321' }]) } });
    expect(withVehicles.status).toBe(200);
    expect(withVehicles.body.fee).toMatchObject({ amountCents: 2160, currency: 'EUR', legalBasis: expect.stringContaining('GebOSt') });
    expect(withVehicles.body.notes[0]).toContain('Bürgerbüro der Stadt Jüchen');
    expect(withVehicles.body.notes[0]).toContain('10,80 €');
    const without = await api('POST', '/services/address-change/quote', { as: citizen, body: { form: moveForm([]) } });
    expect(without.body.fee.amountCents).toBe(0);
    expect(without.body.notes[0]).toContain('kein Fahrzeug');
  });

  it('takes the fee through the payment flow, then gives the town office one sticker task per vehicle and the county none', async () => {
    const submitted = await api('POST', '/applications', {
      as: citizen,
      headers: { 'idempotency-key': randomUUID() },
      body: { serviceId: 'address-change', form: moveForm([{ plate: plateA, zb1Number: 'AB1234567' }, { plate: plateB, zb1Number: 'CD7654321' }]) },
    });
    expect(submitted.status).toBe(201);
    applicationId = submitted.body.applicationId;
    caseNumber = submitted.body.caseNumber;
    const awaiting = await statusIs(applicationId, 'awaiting-payment');
    expect(awaiting.fee).toMatchObject({ amountCents: 2160, currency: 'EUR' });
    expect((await api('POST', checkoutPath(awaiting), { body: { action: 'pay' } })).status).toBe(200);
    const done = await statusIs(applicationId, 'completed');
    expect(done.documents.map((document: { title: string }) => document.title)).toContain('Meldebestätigung');

    tasks = await eventually(async () => {
      const found = await townTasksOf(caseNumber);
      return found.length === 2 ? found : undefined;
    });
    for (const task of tasks) {
      expect(task).toMatchObject({ task: 'zb1-address-sticker', tenantId: 'juechen', fromTenantId: 'juechen', status: 'open', moveDate: today });
      expect(task.newAddress).toMatchObject({ street: 'Am Rathaus', houseNumber: '5', city: 'Jüchen' });
    }
    const county = await api('GET', '/vehicle-registration/tasks?status=open&limit=100', { as: countyCaseworker });
    expect(county.body.items.filter((task: { caseNumber: string }) => task.caseNumber === caseNumber)).toEqual([]);

    const status = await api('GET', `/address-change/${applicationId}/status`, { as: citizen });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ vehicleVariant: 'town-office-sticker', status: 'in-progress' });
    expect(status.body.zb1NextSteps).toContain('Bürgerbüro der Stadt Jüchen');
    expect(status.body.vehicles.map((vehicle: { statusLabel: string }) => vehicle.statusLabel)).toEqual([
      'Bitte bringen Sie die Zulassungsbescheinigung Teil I ins Bürgerbüro',
      'Bitte bringen Sie die Zulassungsbescheinigung Teil I ins Bürgerbüro',
    ]);
  });

  it('keeps the offices apart: another pilot town, a town without the pilot and the county never reach the town’s tasks', async () => {
    const task = tasks[0];
    const rommerskirchen = demoUser('caseworker', 'rommerskirchen');
    expect((await api('GET', `/vehicle-registration/tasks/${task.handoverId}`, { as: rommerskirchen })).status).toBe(404);
    expect((await api('POST', `/vehicle-registration/tasks/${task.handoverId}/complete`, { as: rommerskirchen, body: {} })).status).toBe(404);
    expect(await townTasksOf(caseNumber, 'open', rommerskirchen)).toEqual([]);
    const kaarst = await api('GET', '/vehicle-registration/tasks?status=open', { as: demoUser('caseworker', 'kaarst') });
    expect(kaarst.status).toBe(403);
    expect(kaarst.body.detail).toContain('Pilotgemeinden');
    expect((await api('GET', `/vehicle-registration/tasks/${task.handoverId}`, { as: countyCaseworker })).status).toBe(404);
    expect((await api('POST', `/vehicle-registration/tasks/${task.handoverId}/complete`, { as: countyCaseworker, body: {} })).status).toBe(404);
    expect((await api('GET', '/vehicle-registration/tasks?status=open', { as: citizen })).status).toBe(403);
    // The county's reports and register are the county's.
    for (const as of [townCaseworker, rommerskirchen, demoUser('caseworker', 'neuss')]) {
      expect((await api('GET', '/vehicle-registration/reports', { as })).status).toBe(403);
      expect((await api('GET', `/vehicle-registration/register?plate=${encodeURIComponent(plateA)}`, { as })).status).toBe(403);
    }
  });

  it('reports the sticker to the county when the town office marks it applied; the county’s register takes the new address', async () => {
    const taskA = tasks.find((task) => task.plate === plateA);
    const completed = await api('POST', `/vehicle-registration/tasks/${taskA.handoverId}/complete`, { as: townCaseworker, body: { note: 'Aufkleber am Schalter angebracht' } });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'done', statusLabel: 'Aufkleber angebracht – die neue Anschrift ist an den Kreis gemeldet', reportedTo: COUNTY, reportedAt: expect.any(String) });
    // Done is final: a second "applied" is refused, and no second report is made.
    expect((await api('POST', `/vehicle-registration/tasks/${taskA.handoverId}/complete`, { as: townCaseworker, body: {} })).status).toBe(409);

    const reports = await api('GET', '/vehicle-registration/reports?limit=100', { as: countyCaseworker });
    expect(reports.status).toBe(200);
    const mine = reports.body.items.filter((report: { caseNumber: string }) => report.caseNumber === caseNumber);
    expect(mine).toEqual([
      expect.objectContaining({ handoverId: taskA.handoverId, fromTenantId: 'juechen', fromTenantName: 'Stadt Jüchen', plate: plateA, zb1Number: 'AB1234567', moveDate: today, registerUpdated: true }),
    ]);
    // A report, not a task: nothing for the county to do.
    expect((await api('GET', '/vehicle-registration/tasks?status=open&limit=100', { as: countyCaseworker })).body.items.filter((task: { plate: string }) => task.plate === plateA)).toEqual([]);
    const register = await api('GET', `/vehicle-registration/register?plate=${encodeURIComponent(plateA)}`, { as: countyCaseworker });
    expect(register.status).toBe(200);
    expect(register.body).toMatchObject({ plate: plateA, zb1Number: 'AB1234567', addressSince: today, source: { kind: 'town-office-report', fromTenantId: 'juechen', handoverId: taskA.handoverId } });
    expect(register.body.address).toMatchObject({ street: 'Am Rathaus', houseNumber: '5', city: 'Jüchen' });
    expect((await api('GET', `/vehicle-registration/register?plate=${encodeURIComponent(plateB)}`, { as: countyCaseworker })).status).toBe(404);
  });

  it('fails and reopens a sticker task as the other vehicle tasks do, and the citizen sees one status at the end', async () => {
    const taskB = tasks.find((task) => task.plate === plateB);
    const missing = await api('POST', `/vehicle-registration/tasks/${taskB.handoverId}/fail`, { as: townCaseworker, body: { reason: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]).toMatchObject({ field: 'body/reason' });
    const failed = await api('POST', `/vehicle-registration/tasks/${taskB.handoverId}/fail`, { as: townCaseworker, body: { reason: 'Die Bürgerin hat die Zulassungsbescheinigung nicht mitgebracht.' } });
    expect(failed.body).toMatchObject({ status: 'failed', statusLabel: 'Aufkleber nicht angebracht – das Bürgerbüro klärt das' });
    expect((await api('POST', `/vehicle-registration/tasks/${taskB.handoverId}/reopen`, { as: townCaseworker })).body.status).toBe('open');
    expect((await api('POST', `/vehicle-registration/tasks/${taskB.handoverId}/complete`, { as: townCaseworker, body: {} })).body.status).toBe('done');

    const status = await eventually(async () => {
      const response = await api('GET', `/address-change/${applicationId}/status`, { as: citizen });
      return response.body.status === 'completed' ? response.body : undefined;
    });
    expect(status.vehicles.map((vehicle: { status: string }) => vehicle.status)).toEqual(['done', 'done']);
    expect(status.handovers.every((handover: { task: string; to: string }) => handover.task === 'zb1-address-sticker' && handover.to === 'juechen')).toBe(true);
  });
});

describe('a town without the pilot is unchanged (Neuss: the county changes the ZB I later, free of charge)', () => {
  it('quotes no fee, says the county changes the ZB I, and hands the vehicle to the county', async () => {
    const as = demoUser('citizen', 'neuss');
    const plate = `NE-PN ${digits()}`;
    const form = moveForm([{ plate, zb1Number: 'AB1234567' }], { city: 'Neuss', postcode: '41460' });
    const quote = await api('POST', '/services/address-change/quote', { as, body: { form } });
    expect(quote.body.fee.amountCents).toBe(0);
    expect(quote.body.notes[0]).toContain('Zulassungsstelle des Kreises');
    expect(quote.body.notes[0]).not.toContain('Aufkleber');
    const submitted = await api('POST', '/applications', { as, headers: { 'idempotency-key': randomUUID() }, body: { serviceId: 'address-change', form } });
    expect(submitted.status).toBe(201);
    const done = await statusIs(submitted.body.applicationId, 'completed', as);
    expect(done.payment).toBeUndefined();
    const task = await eventually(async () => {
      const response = await api('GET', '/vehicle-registration/tasks?status=open&limit=100', { as: countyCaseworker });
      return response.body.items.find((item: { caseNumber: string }) => item.caseNumber === submitted.body.caseNumber);
    });
    expect(task).toMatchObject({ task: 'vehicle-registration-update', fromTenantId: 'neuss', tenantId: COUNTY, plate });
    const status = await api('GET', `/address-change/${submitted.body.applicationId}/status`, { as });
    expect(status.body).toMatchObject({ vehicleVariant: 'county-later', zb1NextSteps: expect.stringContaining('Zulassungsstelle des Kreises') });
  });
});

describe('the variant is each tenant’s own', () => {
  const sticker = { vehicleVariant: 'town-office-sticker', stickerFeeCents: 1, feeBasis: 'GebOSt, Anlage, Gebührennummer', feeValidFrom: '2026-01-01' };

  it('lets no tenant admin set the variant or the fee of another tenant, and leaves that tenant’s configuration as it was', async () => {
    const before = await api('GET', '/tenants/neuss', { as: demoUser('tenant-admin', 'neuss') });
    for (const admin of [demoUser('tenant-admin', 'juechen'), demoUser('tenant-admin', 'kaarst')]) {
      const response = await api('PATCH', '/tenants/neuss/config', { as: admin, body: { addressChange: sticker } });
      expect([403, 404], admin).toContain(response.status);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    }
    const pilot = await api('PATCH', '/tenants/juechen/config', { as: demoUser('tenant-admin', 'neuss'), body: { addressChange: { vehicleVariant: 'county-later' } } });
    expect([403, 404]).toContain(pilot.status);
    const after = await api('GET', '/tenants/neuss', { as: demoUser('tenant-admin', 'neuss') });
    expect(after.body.configVersion).toBe(before.body.configVersion);
    expect(after.body.config.addressChange).toBeUndefined();
    expect((await api('GET', '/tenants/juechen', { as: demoUser('tenant-admin', 'juechen') })).body.config.addressChange.vehicleVariant).toBe('town-office-sticker');
  });

  it('refuses an invalid fee of the tenant’s own variant at its field, in German, and saves nothing', async () => {
    const admin = demoUser('tenant-admin', 'korschenbroich');
    const before = await api('GET', '/tenants/korschenbroich', { as: admin });
    const response = await api('PATCH', '/tenants/korschenbroich/config', { as: admin, body: { addressChange: { ...sticker, stickerFeeCents: -5 } } });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'body/addressChange/stickerFeeCents', message: 'Beträge sind nicht negativ.' })]);
    expect((await api('GET', '/tenants/korschenbroich', { as: admin })).body.configVersion).toBe(before.body.configVersion);
  });
});
