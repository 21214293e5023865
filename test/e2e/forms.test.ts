import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, checkoutPath, demoUser, eventually } from '../support/api-client.ts';

/**
 * The routes the web app's forms use, over HTTP against the local platform: drafts per person (versions, expiry,
 * isolation between people and tenants, discarded by the submission), the parking zones and the zone of an address,
 * the fee quote, and the trade register behind the Betriebs-ID picker (registered, listed, closed).
 */
const citizen = demoUser('citizen', 'neuss');
const otherPerson = demoUser('business', 'neuss');
const citizenOfJuechen = demoUser('citizen', 'juechen');
const business = demoUser('business', 'kaarst');
const today = new Date().toISOString().slice(0, 10);

function parkingForm(overrides: Record<string, unknown> = {}) {
  return {
    applicant: { givenName: 'Erika', familyName: 'Entwurf' },
    residence: { street: 'Markt', houseNumber: '3', postcode: '41460', city: 'Neuss' },
    registeredAtAddressSince: '2019-01-01',
    plate: `NE-FO ${1000 + Math.floor(Math.random() * 8999)}`,
    vehicle: { relation: 'keeper', weightKg: 1400 },
    zoneId: 'NE-1',
    validityMonths: 12,
    consent: true,
    ...overrides,
  };
}

describe('drafts', () => {
  it('keeps a draft per person with versions: create, read, update with If-Match, refuse a stale version, discard', async () => {
    const service = 'building-encumbrance-extract';
    await api('DELETE', `/drafts/${service}`, { as: citizen });
    const created = await api('PUT', `/drafts/${service}`, { as: citizen, body: { form: { purpose: 'purchase' }, step: 'anliegen' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const days = (Date.parse(created.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    const again = await api('PUT', `/drafts/${service}`, { as: citizen, body: { form: {} } });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('Sie haben schon einen Entwurf');

    const updated = await api('PUT', `/drafts/${service}`, { as: citizen, headers: { 'if-match': '"1"' }, body: { form: { purpose: 'valuation' }, step: 'flurstuecke' } });
    expect(updated.status).toBe(200);
    expect(updated.body.version).toBe(2);
    const stale = await api('PUT', `/drafts/${service}`, { as: citizen, headers: { 'if-match': '"1"' }, body: { form: { purpose: 'other' } } });
    expect(stale.status).toBe(409);

    const read = await api('GET', `/drafts/${service}`, { as: citizen });
    expect(read.body).toMatchObject({ form: { purpose: 'valuation' }, step: 'flurstuecke', version: 2 });
    const listed = await api('GET', '/drafts', { as: citizen });
    expect(listed.body.items).toContainEqual(expect.objectContaining({ serviceId: service, serviceTitle: 'Baulastenauskunft', version: 2 }));
    expect(JSON.stringify(listed.body)).not.toContain('valuation');

    expect((await api('DELETE', `/drafts/${service}`, { as: citizen })).status).toBe(204);
    expect((await api('GET', `/drafts/${service}`, { as: citizen })).status).toBe(404);
  });

  it("never shows or changes another person's draft — in the same tenant or another", async () => {
    const service = 'resident-parking';
    for (const person of [citizen, otherPerson, citizenOfJuechen]) await api('DELETE', `/drafts/${service}`, { as: person });
    const mine = await api('PUT', `/drafts/${service}`, { as: citizenOfJuechen, body: { form: { applicant: { givenName: 'Jana' } } } });
    expect(mine.status).toBe(201);

    for (const person of [citizen, otherPerson]) {
      const read = await api('GET', `/drafts/${service}`, { as: person });
      expect(read.status, person).toBe(404);
      expect(JSON.stringify(read.body)).not.toContain('Jana');
      expect((await api('GET', '/drafts', { as: person })).body.items.map((item: { serviceId: string }) => item.serviceId)).not.toContain(service);
      // Their own save and discard touch only their own draft.
      expect((await api('PUT', `/drafts/${service}`, { as: person, body: { form: { applicant: { givenName: 'Fremd' } } } })).status).toBe(201);
      expect((await api('DELETE', `/drafts/${service}`, { as: person })).status).toBe(204);
    }
    const after = await api('GET', `/drafts/${service}`, { as: citizenOfJuechen });
    expect(after.body).toMatchObject({ form: { applicant: { givenName: 'Jana' } }, version: 1 });
    await api('DELETE', `/drafts/${service}`, { as: citizenOfJuechen });
  });

  it('refuses bad input with German problem details and writes nothing', async () => {
    const tooBig = await api('PUT', '/drafts/resident-parking', { as: citizen, body: { form: { text: 'x'.repeat(70_000) } } });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.errors).toEqual([{ field: 'body/form', message: 'Der Entwurf ist zu groß (höchstens 64 KB).' }]);
    const unknown = await api('PUT', '/drafts/sperrmuell', { as: citizen, body: { form: {} } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe('Den Dienst „sperrmuell“ gibt es nicht.');
    const badVersion = await api('PUT', '/drafts/resident-parking', { as: citizen, headers: { 'if-match': 'gestern' }, body: { form: {} } });
    expect(badVersion.status).toBe(400);
    expect((await api('GET', '/drafts/resident-parking', { as: citizen })).status).toBe(404);
  });

  it('is discarded by the submission of the application it was for', async () => {
    await api('DELETE', '/drafts/resident-parking', { as: citizen });
    const form = parkingForm();
    expect((await api('PUT', '/drafts/resident-parking', { as: citizen, body: { form, step: 'einwilligung' } })).status).toBe(201);
    const submitted = await api('POST', '/applications', { as: citizen, headers: { 'idempotency-key': randomUUID() }, body: { serviceId: 'resident-parking', form } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect((await api('GET', '/drafts/resident-parking', { as: citizen })).status).toBe(404);
  });
});

describe('parking zones', () => {
  it("lists the tenant's zones with their streets, and resolves an address to its zone by the check's rule", async () => {
    const zones = await api('GET', '/parking-zones', { as: citizen });
    expect(zones.status).toBe(200);
    expect(zones.body.items).toEqual([expect.objectContaining({ id: 'NE-1', name: 'Innenstadt' })]);
    expect(zones.body.items[0].streets).toContainEqual({ street: 'Büchel', postcode: '41460', houseNumbers: { from: 1, to: 99, parity: 'all' } });

    const inZone = await api('POST', '/api/parking-zones/lookup', { as: citizen, body: { street: 'Buechel', houseNumber: '12 a', postcode: '41460' } });
    expect(inZone.body).toEqual({ zones: [{ id: 'NE-1', name: 'Innenstadt' }] });
    const outside = await api('POST', '/parking-zones/lookup', { as: citizen, body: { street: 'Büchel', houseNumber: '120', postcode: '41460' } });
    expect(outside.body).toEqual({ zones: [] });
    // Jüchen's caller gets Jüchen's zones: the tenant comes from the token.
    const juechen = await api('POST', '/parking-zones/lookup', { as: citizenOfJuechen, body: { street: 'Büchel', houseNumber: '12', postcode: '41460' } });
    expect(juechen.body).toEqual({ zones: [] });
    expect((await api('GET', '/parking-zones', { as: citizenOfJuechen })).body.items.map((zone: { id: string }) => zone.id)).toEqual(['JU-1']);
  });

  it('refuses an incomplete address with the messages of the form', async () => {
    const result = await api('POST', '/parking-zones/lookup', { as: citizen, body: { street: 'Büchel', postcode: '4146' } });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'body/postcode', message: 'Die Postleitzahl hat 5 Ziffern.' },
        { field: 'body/houseNumber', message: expect.any(String) },
      ]),
    );
  });
});

describe('fee quote', () => {
  it("answers the fee of the tenant's schedule in force for the form, checked as the submission checks it", async () => {
    const year = await api('POST', '/services/resident-parking/quote', { as: citizen, body: { form: parkingForm() } });
    expect(year.status).toBe(200);
    expect(year.body.fee).toMatchObject({ amountCents: 12000, currency: 'EUR', label: 'Ausweis für 12 Monate' });
    const half = await api('POST', '/services/resident-parking/quote', { as: citizen, body: { form: parkingForm({ validityMonths: 6 }) } });
    expect(half.body.fee.amountCents).toBe(6000);

    const heavy = await api('POST', '/services/resident-parking/quote', { as: citizen, body: { form: parkingForm({ vehicle: { relation: 'keeper', weightKg: 7000 } }) } });
    expect(heavy.status).toBe(422);
    expect(heavy.body.errors).toEqual([{ field: 'body/form/vehicle/weightKg', message: 'Höchstens 3500 kg.' }]);
    // Kaarst does not offer the change of address (Neuss does, as the demo's county-later town).
    const notOffered = await api('POST', '/services/address-change/quote', { as: demoUser('citizen', 'kaarst'), body: { form: {} } });
    expect(notOffered.status).toBe(422);
  });
});

describe('the trade register behind the Betriebs-ID picker', () => {
  const premises = { street: 'Neersener Straße', houseNumber: '7', postcode: '41564', city: 'Kaarst' };
  const common = {
    operator: {
      legalForm: 'einzelunternehmen',
      persons: [
        {
          role: 'holder', familyName: 'Register', givenNames: 'Rita', sex: 'female', birthDate: '1985-02-03', birthPlace: 'Kaarst', birthCountry: 'Deutschland',
          nationalities: ['000'], residence: { street: 'Maubisstraße', houseNumber: '2', postcode: '41564', city: 'Kaarst' },
        },
      ],
    },
    business: { tradeName: `Ritas Laden ${randomUUID().slice(0, 6)}`, premises, establishment: 'main', sectors: { industry: false, crafts: false, trade: true, other: false }, occupation: 'main', itinerant: false },
    activity: { description: 'Einzelhandel mit Schreibwaren', wzCode: '47.62' },
    employees: { fullTime: 1, partTime: 0 },
    declaration: true,
  };

  async function completed(serviceId: string, form: unknown) {
    const submitted = await api('POST', '/applications', { as: business, headers: { 'idempotency-key': randomUUID() }, body: { serviceId, form } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const id = submitted.body.applicationId;
    const awaiting = await eventually(async () => {
      const body = (await api('GET', `/applications/${id}`, { as: business })).body;
      return body.status === 'awaiting-payment' && body.payment?.checkoutUrl ? body : body.status === 'completed' ? body : undefined;
    }, 30_000);
    if (awaiting.status !== 'completed') expect((await api('POST', checkoutPath(awaiting), { body: { action: 'pay' } })).status).toBe(200);
    return eventually(async () => {
      const body = (await api('GET', `/applications/${id}`, { as: business })).body;
      return body.status === 'completed' ? body : undefined;
    }, 30_000);
  }

  it('lists a business registered online for its registrant only, and closes it with the registrant\'s deregistration', async () => {
    const registered = await completed('business-registration', { ...common, registration: { startDate: today, reason: 'new' } });
    const entry = await eventually(async () => {
      const list = await api('GET', '/businesses', { as: business });
      return list.body.items.find((item: { caseNumber: string }) => item.caseNumber === registered.caseNumber);
    });
    expect(entry).toMatchObject({ name: 'Rita Register', tradeName: common.business.tradeName, premises, status: 'active', registeredOn: today, activity: 'Einzelhandel mit Schreibwaren' });
    expect(entry.businessId).toMatch(/^[0-9a-f-]{36}$/);
    // Nobody else sees it: another person of the tenant, or a business of another tenant.
    for (const other of [demoUser('citizen', 'kaarst'), demoUser('business', 'neuss')]) {
      const list = await api('GET', '/businesses', { as: other });
      expect(list.body.items.map((item: { businessId: string }) => item.businessId), other).not.toContain(entry.businessId);
    }

    await completed('business-deregistration', {
      ...common,
      deregistration: { endDate: today, reason: 'complete-cessation', businessId: entry.businessId },
    });
    const closed = await eventually(async () => {
      const list = await api('GET', '/businesses', { as: business });
      const found = list.body.items.find((item: { businessId: string }) => item.businessId === entry.businessId);
      return found?.status === 'deregistered' ? found : undefined;
    });
    expect(closed.deregisteredOn).toBe(today);
  }, 120_000);
});
