import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, checkoutPath, demoUser, eventually } from '../support/api-client.ts';

/**
 * The trade register (Gewerberegister) per municipality over HTTP: a GewA1 enters the business; a GewA2/GewA3 must
 * name an active business of the same municipality and account (refused at its field otherwise — an unknown id, a
 * business of another municipality, another account's business, a closed one); one notice per business at a time;
 * the caseworkers' search and detail; and the Rückmeldeverfahren: a business moving from Jüchen to Kaarst files one
 * GewA1 in Kaarst, and Jüchen's register closes the business and forwards the deregistration.
 */
const today = new Date().toISOString().slice(0, 10);
const unique = () => randomUUID().slice(0, 8);

function operator(familyName: string) {
  return {
    legalForm: 'einzelunternehmen',
    persons: [
      {
        role: 'holder',
        familyName,
        givenNames: 'Rita',
        sex: 'female',
        birthDate: '1985-06-01',
        birthPlace: 'Neuss',
        birthCountry: 'Deutschland',
        nationalities: ['000'],
        residence: { street: 'Markt', houseNumber: '1', postcode: '41564', city: 'Kaarst' },
      },
    ],
  };
}

function common(familyName: string, tradeName: string, premises: Record<string, string>) {
  return {
    operator: operator(familyName),
    business: { tradeName, premises, establishment: 'main', sectors: { industry: false, crafts: false, trade: true, other: false }, occupation: 'main', itinerant: false },
    activity: { description: 'Einzelhandel mit Schreibwaren', wzCode: '47.62.2' },
    employees: { fullTime: 0, partTime: 0 },
    declaration: true,
  };
}

async function submit(serviceId: string, form: unknown, as: string) {
  return api('POST', '/applications', { as, body: { serviceId, form }, headers: { 'idempotency-key': randomUUID() } });
}

async function completed(serviceId: string, form: unknown, as: string) {
  const submitted = await submit(serviceId, form, as);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  return payAndWait(submitted.body.applicationId, as);
}

async function payAndWait(applicationId: string, as: string) {
  const awaiting = await eventually(async () => {
    const body = (await api('GET', `/applications/${applicationId}`, { as })).body;
    return body.status === 'awaiting-payment' || body.status === 'completed' ? body : undefined;
  }, 30_000);
  if (awaiting.status === 'awaiting-payment') expect((await api('POST', checkoutPath(awaiting), { body: { action: 'pay' } })).status).toBe(200);
  return eventually(async () => {
    const body = (await api('GET', `/applications/${applicationId}`, { as })).body;
    return body.status === 'completed' ? body : undefined;
  }, 60_000);
}

async function registerBusiness(tenant: string, familyName: string, tradeName: string, premises: Record<string, string>) {
  const as = demoUser('business', tenant);
  const app = await completed('business-registration', { ...common(familyName, tradeName, premises), registration: { startDate: today, reason: 'new' } }, as);
  const entry = await eventually(async () => (await api('GET', '/businesses', { as })).body.items.find((item: { caseNumber: string }) => item.caseNumber === app.caseNumber));
  return { app, entry };
}

const kaarstPremises = { street: 'Neersener Straße', houseNumber: '5', postcode: '41564', city: 'Kaarst' };

describe('the trade register of a municipality', () => {
  it('enters a registered business, finds it for the caseworkers by name, words, WZ code, status and Betriebs-ID, and keeps it from other municipalities', async () => {
    const family = `Register${unique()}`;
    const { app, entry } = await registerBusiness('kaarst', family, `Papeterie ${family}`, kaarstPremises);
    expect(entry).toMatchObject({ name: `Rita ${family}`, status: 'active', statusLabel: 'Angemeldet', version: 1, wzCode: '47.62.2' });
    const caseworker = demoUser('caseworker', 'kaarst');
    const found = (query: string, as = caseworker) => api('GET', `/business/register?${query}`, { as });
    for (const query of [`name=${encodeURIComponent(`Rita ${family}`)}`, `q=${encodeURIComponent(`papeterie ${family.toLowerCase()}`)}`, `q=${family}&wz=47.62&status=active`, `businessId=${entry.businessId}`]) {
      const response = await found(query);
      expect(response.status, query).toBe(200);
      expect(response.body.items.map((item: { businessId: string }) => item.businessId), query).toContain(entry.businessId);
    }
    expect((await found(`q=${family}&status=deregistered`)).body.items).toEqual([]);
    expect((await found(`q=${family}&wz=56`)).body.items).toEqual([]);
    const detail = await api('GET', `/business/register/${entry.businessId}`, { as: caseworker });
    expect(detail.status).toBe(200);
    // Each version names the application that made it, for the link to the case.
    expect(detail.body.versions).toMatchObject([{ version: 1, kind: 'GewA1', status: 'active', caseNumber: app.caseNumber, applicationId: app.applicationId }]);

    // Neuss's register knows nothing of Kaarst's business.
    const neuss = demoUser('caseworker', 'neuss');
    expect((await found(`q=${family}`, neuss)).body.items).toEqual([]);
    expect((await found(`businessId=${entry.businessId}`, neuss)).body.items).toEqual([]);
    const foreign = await api('GET', `/business/register/${entry.businessId}`, { as: neuss });
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toMatch(/problem\+json/);
  }, 120_000);

  it('answers bad search input with a German problem naming the field', async () => {
    const response = await api('GET', '/business/register?wz=abc&status=geschlossen&limit=500', { as: demoUser('caseworker', 'kaarst') });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['query/limit', 'query/status', 'query/wz']);
    expect(JSON.stringify(response.body)).toMatch(/WZ-Schlüssel/);
  });

  it('refuses a GewA2/GewA3 at its field for an unknown Betriebs-ID, another municipality\'s business and another account\'s business', async () => {
    const family = `Fremd${unique()}`;
    const { entry } = await registerBusiness('kaarst', family, `Fremd ${family}`, kaarstPremises);
    const deregistration = (businessId: string) => ({ ...common(family, `Fremd ${family}`, kaarstPremises), deregistration: { endDate: today, reason: 'complete-cessation', businessId } });
    const change = (businessId: string) => ({ ...common(family, `Fremd ${family}`, kaarstPremises), change: { changeDate: today, reasons: ['activity-extension'], businessId } });
    const attempts: Array<[string, unknown, string, string]> = [
      ['business-deregistration', deregistration(randomUUID()), demoUser('business', 'kaarst'), 'body/form/deregistration/businessId'],
      ['business-deregistration', deregistration(entry.businessId), demoUser('business', 'neuss'), 'body/form/deregistration/businessId'],
      ['business-change', change(entry.businessId), demoUser('citizen', 'kaarst'), 'body/form/change/businessId'],
    ];
    for (const [serviceId, form, as, field] of attempts) {
      const response = await submit(serviceId, form, as);
      expect(response.status, `${serviceId} as ${as}`).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      expect(response.body.errors).toEqual([{ field, message: expect.stringMatching(/kein Betrieb von Ihnen angemeldet/) }]);
      // The quote ("check your answers") says the same before anybody submits.
      const quote = await api('POST', `/services/${serviceId}/quote`, { as, body: { form } });
      expect(quote.status).toBe(422);
    }
    const missing = await submit('business-deregistration', { ...deregistration(entry.businessId), deregistration: { endDate: today, reason: 'complete-cessation' } }, demoUser('business', 'kaarst'));
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toContainEqual({ field: 'body/form/deregistration/businessId', message: expect.stringMatching(/Bitte wählen Sie den Betrieb/) });
  }, 120_000);

  it('lets only one of two concurrent deregistrations of a business through, and refuses one after the business is closed', async () => {
    const family = `Zweimal${unique()}`;
    const as = demoUser('business', 'kaarst');
    const { entry } = await registerBusiness('kaarst', family, `Zweimal ${family}`, kaarstPremises);
    const form = { ...common(family, `Zweimal ${family}`, kaarstPremises), deregistration: { endDate: today, reason: 'complete-cessation', businessId: entry.businessId } };
    const [first, second] = await Promise.all([submit('business-deregistration', form, as), submit('business-deregistration', form, as)]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    const winner = first.status === 201 ? first : second;
    const loser = first.status === 201 ? second : first;
    expect(loser.body.errors).toEqual([{ field: 'body/form/deregistration/businessId', message: expect.stringMatching(/läuft bereits eine Gewerbeanzeige/) }]);

    const done = await payAndWait(winner.body.applicationId, as);
    expect(done.statusLabel).toBe('Empfangsbescheinigung ausgestellt');
    const closed = await eventually(async () => {
      const found = (await api('GET', '/businesses', { as })).body.items.find((item: { businessId: string }) => item.businessId === entry.businessId);
      return found?.status === 'deregistered' ? found : undefined;
    });
    expect(closed).toMatchObject({ deregisteredOn: today, version: 2, closedBy: { kind: 'deregistration', caseNumber: done.caseNumber } });
    const again = await submit('business-deregistration', form, as);
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual([{ field: 'body/form/deregistration/businessId', message: expect.stringMatching(/bereits abgemeldet/) }]);
  }, 180_000);
});

describe('a business moves from Jüchen to Kaarst (Rückmeldeverfahren since 1 Nov 2025)', () => {
  it('files one GewA1 in Kaarst; Jüchen deregisters the business in its register and forwards the deregistration; the business sees one status', async () => {
    const family = `Umzug${unique()}`;
    const juechenPremises = { street: 'Markt', houseNumber: '7', postcode: '41363', city: 'Jüchen' };
    const { entry: old } = await registerBusiness('juechen', family, `Umzug ${family}`, juechenPremises);

    const kaarst = demoUser('business', 'kaarst');
    const moved = await completed(
      'business-registration',
      {
        ...common(family, `Umzug ${family}`, kaarstPremises),
        registration: { startDate: today, reason: 'relocation-from-elsewhere', previousPremises: juechenPremises, previousMunicipality: 'juechen', previousBusinessId: old.businessId },
      },
      kaarst,
    );
    const status = await api('GET', `/business/relocations/${moved.applicationId}`, { as: kaarst });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      status: 'completed',
      newOffice: { name: 'Stadt Kaarst', caseNumber: moved.caseNumber, status: 'completed' },
      previousOffice: { name: 'Stadt Jüchen', status: 'deregistered', deregisteredOn: today },
    });
    expect(status.body.previousOffice.forwardedTo.length).toBeGreaterThan(0);

    // Jüchen's register: closed by the move, a second version; Jüchen forwards the deregistration (GewA3).
    const juechenCaseworker = demoUser('caseworker', 'juechen');
    const detail = await api('GET', `/business/register/${old.businessId}`, { as: juechenCaseworker });
    expect(detail.body.entry).toMatchObject({ status: 'deregistered', closedBy: { kind: 'relocation', caseNumber: moved.caseNumber, movedTo: 'Stadt Kaarst' } });
    expect(detail.body.versions.map((version: { kind: string }) => version.kind)).toEqual(['GewA1', 'relocation']);
    // The Rückmeldung's application is Kaarst's: Jüchen's version names its case number, not an id to open.
    expect(detail.body.versions[1]).not.toHaveProperty('applicationId');
    const deliveries = await api('GET', `/business/deliveries?applicationId=${moved.applicationId}`, { as: juechenCaseworker });
    expect(deliveries.body.items.length).toBeGreaterThan(0);
    expect(deliveries.body.items.every((item: { formKinds: string[] }) => item.formKinds[0] === 'GewA3')).toBe(true);
    // Kaarst's register has the business under the new Betriebs-ID; Kaarst's caseworkers see none of Jüchen's deliveries.
    expect((await api('GET', '/businesses', { as: kaarst })).body.items.map((item: { caseNumber: string }) => item.caseNumber)).toContain(moved.caseNumber);
    expect((await api('GET', `/business/deliveries?applicationId=${moved.applicationId}`, { as: demoUser('caseworker', 'kaarst') })).body.items.every((item: { formKinds: string[] }) => item.formKinds[0] === 'GewA1')).toBe(true);
  }, 240_000);

  it('refuses a move that names the own municipality, at its field', async () => {
    const response = await submit(
      'business-registration',
      { ...common('Selbst', 'Selbst', kaarstPremises), registration: { startDate: today, reason: 'relocation-from-elsewhere', previousPremises: kaarstPremises, previousMunicipality: 'kaarst', previousBusinessId: randomUUID() } },
      demoUser('business', 'kaarst'),
    );
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ field: 'body/form/registration/previousMunicipality', message: expect.stringMatching(/Gewerbe-Ummeldung/) }]);
  });
});
