import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { api, demoUser, eventually, checkoutPath } from '../support/api-client.ts';
import { contentOf, textsOf } from '../support/pdf.ts';

/**
 * Gewerbe An-, Um- und Abmeldung over HTTP against the local platform, as a business of Neuss and the Gewerbeamt's
 * caseworker live it: apply (GewA1) → pay in the sandbox → the acknowledgement of receipt as PDF → the forwarding to
 * the authorities of § 3 GewAnzV, visible to the caseworker → a recipient that fails goes to the dead letters after
 * its retries → resend; then the change (GewA2) and the deregistration (GewA3), a legal entity through the
 * caseworker, the monthly statistics batch, and bad input.
 *
 * The retry and statistics schedules are EventBridge rules of the services stack; locally they run through
 * `POST /local/schedules/<rule>/run`.
 */
const business = demoUser('business', 'neuss');
const caseworker = demoUser('caseworker', 'neuss');
const RETRY_SCHEDULE = 'openkreis-dev-business-delivery-retry';
const STATISTICS_SCHEDULE = 'openkreis-dev-business-statistics-batch';

const AUTOMATIC_RECIPIENTS_GEWA1 = ['arbeitsagentur', 'arbeitsschutz', 'dguv', 'eichbehoerde', 'finanzamt', 'hwk', 'ihk', 'immissionsschutz', 'lebensmittelueberwachung'];

const today = new Date().toISOString().slice(0, 10);

function holder(overrides: Record<string, unknown> = {}) {
  return {
    role: 'holder',
    familyName: 'Gewerbe',
    givenNames: 'Max',
    sex: 'male',
    birthDate: '1980-04-01',
    birthPlace: 'Neuss',
    birthCountry: 'Deutschland',
    nationalities: ['000'],
    residence: { street: 'Büchel', houseNumber: '3', postcode: '41460', city: 'Neuss' },
    ...overrides,
  };
}

const premises = { street: 'Oberstraße', houseNumber: '12a', postcode: '41460', city: 'Neuss' };
const sectors = { industry: false, crafts: false, trade: true, other: false };

function registration(overrides: Record<string, unknown> = {}) {
  return {
    operator: { legalForm: 'einzelunternehmen', persons: [holder()] },
    business: { tradeName: 'Max Rad-Versand', premises, establishment: 'main', sectors, occupation: 'secondary', itinerant: false },
    activity: { description: 'Online-Handel mit Fahrradzubehör', wzCode: '47911' },
    employees: { fullTime: 0, partTime: 1 },
    registration: { startDate: today, reason: 'new' },
    declaration: true,
    ...overrides,
  };
}

async function submit(serviceId: string, form: unknown, as = business) {
  return api('POST', '/applications', { as, body: { serviceId, form }, headers: { 'idempotency-key': randomUUID() } });
}

async function statusIs(id: string, status: string, as = business) {
  return eventually(async () => {
    const response = await api('GET', `/applications/${id}`, { as });
    return response.body.status === status ? response.body : undefined;
  }, 30_000);
}

async function pay(app: { payment: { checkoutUrl: string } }) {
  const response = await api('POST', checkoutPath(app), { body: { action: 'pay' } });
  expect(response.status).toBe(200);
}

/** Submit, pay and wait until the notice is acknowledged. */
async function acknowledged(serviceId: string, form: unknown) {
  const submitted = await submit(serviceId, form);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  const awaiting = await statusIs(submitted.body.applicationId, 'awaiting-payment');
  await pay(awaiting);
  return statusIs(submitted.body.applicationId, 'completed');
}

async function deliveriesOf(applicationId: string) {
  const response = await api('GET', `/business/deliveries?applicationId=${applicationId}`, { as: caseworker });
  expect(response.status).toBe(200);
  return response.body.items as Array<Record<string, any>>;
}

async function pdfTexts(applicationId: string, documentId: string, as = business): Promise<string> {
  const link = await api('GET', `/applications/${applicationId}/documents/${documentId}`, { as });
  expect(link.status).toBe(200);
  const bytes = new Uint8Array(await (await fetch(link.body.url)).arrayBuffer());
  return textsOf((await contentOf(bytes)).content).join(' ');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let registered: any;
/** The business id printed on the acknowledgement; later notices quote it. */
let businessId: string | undefined;

describe('Gewerbe-Anmeldung (GewA1): the business story', () => {
  it('lists the three services with their federal keys, fees and form schemas', async () => {
    const response = await api('GET', '/services', { as: business });
    expect(response.status).toBe(200);
    const byId = Object.fromEntries(response.body.items.map((item: { id: string }) => [item.id, item]));
    expect(byId['business-registration'].leikaKey).toBe('urn:de:fim:leika:leistung:99050012104000');
    expect(byId['business-registration'].fees[0].amounts.standard).toBeGreaterThan(0);
    expect(byId['business-registration'].formSchema.properties.activity.properties.wzCode.title).toBe('Wirtschaftszweig (WZ 2008)');
    expect(byId['business-change']).toBeDefined();
    expect(byId['business-deregistration']).toBeDefined();
  });

  it('applies, pays, gets the acknowledgement of receipt as PDF, and the notice is forwarded', async () => {
    registered = await acknowledged('business-registration', registration());
    expect(registered.caseNumber).toMatch(/^NE-GEW-\d{4}-\d{6}$/);
    expect(registered.fee).toMatchObject({ amountCents: 2600, currency: 'EUR' });
    expect(registered.form.activity.wzCode).toBe('47.91.1');
    expect(registered.decision).toMatchObject({ outcome: 'approve' });
    // A Gewerbeanzeige is acknowledged, not approved (§ 15 Abs. 1 GewO): its own words in status and timeline.
    expect(registered.statusLabel).toBe('Empfangsbescheinigung ausgestellt');
    expect(registered.timeline.find((entry: { status: string }) => entry.status === 'approved')).toMatchObject({
      statusLabel: 'Gewerbeanzeige entgegengenommen',
      note: 'Gewerbeanzeige automatisch geprüft und entgegengenommen; Empfangsbescheinigung wird ausgestellt',
    });
    expect(JSON.stringify(registered)).not.toMatch(/bewilligt/i);
    expect(registered.timeline.map((entry: { status: string }) => entry.status)).toEqual([
      'submitted', 'fee-computed', 'awaiting-payment', 'paid', 'checks-passed', 'approved', 'documents-issued', 'completed',
    ]);

    const receipt = registered.documents.find((document: { kind: string }) => document.kind === 'receipt');
    expect(receipt).toMatchObject({ contentType: 'application/pdf', title: 'Empfangsbescheinigung (§ 15 GewO)' });
    const text = await pdfTexts(registered.applicationId, receipt.documentId);
    expect(text).toContain('Empfangsbescheinigung');
    expect(text).toContain(`Aktenzeichen ${registered.caseNumber}`);
    expect(text).toContain('Online-Handel mit Fahrradzubehör (WZ 2008: 47.91.1)');
    expect(text).toContain('Betriebs-ID');
    businessId = /[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/.exec(text)?.[0];
    expect(businessId).toBeDefined();

    // Forwarded at once to every entitled recipient; the statistics office gets the monthly batch.
    const deliveries = await eventually(async () => {
      const items = await deliveriesOf(registered.applicationId);
      return items.length === AUTOMATIC_RECIPIENTS_GEWA1.length && items.every((item) => item.status === 'delivered') ? items : undefined;
    });
    expect(deliveries.map((item) => item.recipientId).sort()).toEqual(AUTOMATIC_RECIPIENTS_GEWA1);
    expect(deliveries[0]).toMatchObject({ matrixVersion: 'v1', formKinds: ['GewA1'], caseNumbers: [registered.caseNumber], transportRef: expect.stringMatching(/^neuss\/outbound\//) });
    expect(JSON.stringify(deliveries)).not.toContain('Fahrradzubehör');
  });

  it('is not visible to the business itself, only to caseworkers', async () => {
    expect((await api('GET', `/business/deliveries?applicationId=${registered.applicationId}`, { as: business })).status).toBe(403);
  });

  it('a recipient that keeps failing goes to the dead letters after its retries, and a resend delivers it', async () => {
    // Customs only on indications (§ 3 Abs. 3 GewAnzV); its demo endpoint fails the first five attempts.
    const forwarded = await api('POST', '/business/deliveries', {
      as: caseworker,
      body: { applicationId: registered.applicationId, recipientId: 'zoll', note: 'Hinweise auf Scheinselbständigkeit aus einer Kontrolle' },
    });
    expect(forwarded.status).toBe(201);
    expect(forwarded.body).toMatchObject({ recipientId: 'zoll', status: 'failed', attempts: 1 });
    const id = forwarded.body.deliveryId;

    const dead = await eventually(async () => {
      await sleep(1100);
      const run = await api('POST', `/local/schedules/${RETRY_SCHEDULE}/run`);
      expect(run.status).toBe(200);
      const items = (await api('GET', '/business/deliveries?status=dead', { as: caseworker })).body.items as Array<Record<string, any>>;
      return items.find((item) => item.deliveryId === id);
    }, 45_000);
    expect(dead).toMatchObject({ status: 'dead', attempts: 5, totalAttempts: 5, lastError: expect.stringContaining('nicht erreichbar') });
    expect(dead.history.filter((event: { event: string }) => event.event === 'failed')).toHaveLength(4);

    const resent = await api('POST', `/business/deliveries/${id}/resend`, { as: caseworker, body: { note: 'Empfänger wieder erreichbar' } });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ deliveryId: id, status: 'delivered', attempts: 1, totalAttempts: 6 });
    expect((await api('POST', `/business/deliveries/${id}/resend`, { as: caseworker })).status).toBe(409);
    const deadAfter = (await api('GET', '/business/deliveries?status=dead', { as: caseworker })).body.items;
    expect(deadAfter.map((item: { deliveryId: string }) => item.deliveryId)).not.toContain(id);
  });

  it('refuses to forward to an authority that is not configured, in German', async () => {
    const response = await api('POST', '/business/deliveries', {
      as: caseworker,
      body: { applicationId: registered.applicationId, recipientId: 'gesundheitsamt', note: 'Bitte an das Gesundheitsamt weiterleiten' },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.detail).toMatch(/gibt es in der Weiterleitungsmatrix v1 nicht/);
    const notEntitled = await api('POST', '/business/deliveries', { as: caseworker, body: { applicationId: registered.applicationId, recipientId: 'registergericht' } });
    expect(notEntitled.status).toBe(422);
  });
});

describe('Gewerbe-Ummeldung (GewA2) and Gewerbe-Abmeldung (GewA3)', () => {
  it('a change quotes the business id and is forwarded like the registration', async () => {
    const change = await acknowledged('business-change', {
      operator: { legalForm: 'einzelunternehmen', persons: [holder()] },
      business: { tradeName: 'Max Rad-Versand', premises: { ...premises, street: 'Krefelder Straße', houseNumber: '7' }, establishment: 'main', sectors, occupation: 'main', itinerant: false },
      activity: { description: 'Online-Handel und Reparatur von Fahrrädern', wzCode: '47.64' },
      employees: { fullTime: 1, partTime: 1 },
      change: { changeDate: today, reasons: ['relocation', 'activity-extension'], previousPremises: premises, businessId },
      declaration: true,
    });
    expect(change.caseNumber).toMatch(/^NE-GUM-/);
    const receipt = change.documents.find((document: { kind: string }) => document.kind === 'receipt');
    expect(await pdfTexts(change.applicationId, receipt.documentId)).toContain('über die Gewerbe-Ummeldung');
    const deliveries = await eventually(async () => {
      const items = await deliveriesOf(change.applicationId);
      return items.length > 0 && items.every((item) => item.status === 'delivered') ? items : undefined;
    });
    expect(deliveries.map((item) => item.formKinds[0])).toContain('GewA2');
  });

  it('a deregistration by handover is acknowledged and also goes to the register court', async () => {
    const deregistration = await acknowledged('business-deregistration', {
      operator: { legalForm: 'einzelunternehmen', persons: [holder()] },
      business: { premises, establishment: 'main', sectors, occupation: 'secondary', itinerant: false },
      activity: { description: 'Online-Handel mit Fahrradzubehör', wzCode: '47.91.1' },
      employees: { fullTime: 0, partTime: 0 },
      deregistration: { endDate: today, businessStartedOn: '2024-01-15', reason: 'handover', successor: { name: 'Rad & Tat GmbH' }, businessId },
      declaration: true,
    });
    expect(deregistration.caseNumber).toMatch(/^NE-GAB-/);
    const recipients = await eventually(async () => {
      const items = await deliveriesOf(deregistration.applicationId);
      return items.some((item) => item.recipientId === 'registergericht' && item.status === 'delivered') ? items.map((item) => item.recipientId) : undefined;
    });
    expect(recipients).toContain('registergericht');
  });

  it('a legal entity goes to the caseworker first; the approval issues the acknowledgement', async () => {
    const submitted = await submit('business-registration', registration({
      operator: {
        legalForm: 'gmbh',
        name: 'Rheinblick Logistik GmbH',
        register: { type: 'HRB', number: '12345', court: 'Neuss' },
        persons: [holder({ role: 'legal-representative', familyName: 'Hold', givenNames: 'Detlef' })],
      },
      activity: { description: 'Spedition', wzCode: '52.29.1' },
    }));
    expect(submitted.status).toBe(201);
    const awaiting = await statusIs(submitted.body.applicationId, 'awaiting-payment');
    expect(awaiting.fee).toMatchObject({ amountCents: 4000 });
    await pay(awaiting);
    const review = await statusIs(submitted.body.applicationId, 'awaiting-decision', caseworker);
    expect(review.findings.map((finding: { code: string }) => finding.code)).toEqual(['legal-entity']);
    const inbox = await api('GET', '/caseworker/applications?status=awaiting-decision&service=business-registration', { as: caseworker });
    expect(inbox.body.items.map((item: { applicationId: string }) => item.applicationId)).toContain(review.applicationId);
    expect((await api('POST', `/applications/${review.applicationId}/decision`, { as: caseworker, body: { outcome: 'approve' } })).status).toBe(200);
    const done = await statusIs(review.applicationId, 'completed');
    expect(done.documents.some((document: { kind: string }) => document.kind === 'receipt')).toBe(true);
  });
});

describe('the statistics office’s monthly batch', () => {
  beforeAll(async () => {
    // The platform cannot move its clock: a notice of last month is put in place through the store, like the
    // acknowledgement step would have done then.
    Object.assign(process.env, inject('platform').environment);
    const { putStatisticsRecord } = await import('../../functions/services/business/forwarding/store.ts');
    const { systemTable } = await import('../../functions/core/ddb.ts');
    const lastMonth = new Date();
    lastMonth.setUTCDate(15);
    lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
    await putStatisticsRecord(systemTable, {
      tenantId: 'neuss',
      applicationId: randomUUID(),
      caseNumber: 'NE-GEW-2000-999999',
      period: lastMonth.toISOString().slice(0, 7),
      record: {
        kind: 'GewA1',
        data: { activity: { description: 'Altfall', wzCode: '47.11' }, registration: { startDate: lastMonth.toISOString().slice(0, 10), reason: 'new' } },
        meta: { satzUuid: randomUUID(), businessId: randomUUID(), caseNumber: 'NE-GEW-2000-999999', ags: '05162024', receivedAt: lastMonth.toISOString(), acceptedAt: lastMonth.toISOString() },
      },
      author: { ags: '05162024', name: 'Stadt Neuss' },
      matrixVersion: 'v1',
      createdAt: lastMonth.toISOString(),
    });
  });

  it('sends the closed month as one message and leaves the current month waiting', async () => {
    const run = await api('POST', `/local/schedules/${STATISTICS_SCHEDULE}/run`);
    expect(run.status).toBe(200);
    expect(run.body.result.batches).toBeGreaterThanOrEqual(1);
    const delivered = (await api('GET', '/business/deliveries?status=delivered&limit=100', { as: caseworker })).body.items as Array<Record<string, any>>;
    const batch = delivered.find((item) => item.kind === 'statistics-batch' && item.caseNumbers.includes('NE-GEW-2000-999999'));
    expect(batch).toMatchObject({ recipientId: 'statistik', formKinds: ['GewA1'] });
    // This month's notices (the registration above) are not in it.
    expect(batch!.caseNumbers).not.toContain(registered.caseNumber);
    const again = await api('POST', `/local/schedules/${STATISTICS_SCHEDULE}/run`);
    expect(again.body.result.records).toBe(0);
  });
});

describe('bad input', () => {
  async function problem(form: unknown, serviceId = 'business-registration') {
    const response = await submit(serviceId, form);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    return response;
  }

  it('an invalid WZ code, register number or date order is a 400 naming the field, in German', async () => {
    const wz = await problem(registration({ activity: { description: 'Handel', wzCode: '04.11' } }));
    expect(wz.status).toBe(400);
    expect(wz.body.errors).toContainEqual({ field: 'body/form/activity/wzCode', message: expect.stringMatching(/Abteilung gibt es in der WZ 2008 nicht/) });

    const register = await problem(registration({
      operator: { legalForm: 'gmbh', name: 'X GmbH', register: { type: 'HRA', number: 'HRB-12', court: '' }, persons: [holder({ role: 'legal-representative' })] },
    }));
    expect(register.status).toBe(400);
    expect(register.body.errors.map((error: { field: string }) => error.field)).toEqual(
      expect.arrayContaining(['body/form/operator/register/number', 'body/form/operator/register/court', 'body/form/operator/register/type']),
    );

    const dates = await problem(registration({ registration: { startDate: '1975-01-01', reason: 'new' } }));
    expect(dates.status).toBe(400);
    expect(dates.body.errors).toContainEqual({ field: 'body/form/operator/persons/0/birthDate', message: 'Das Geburtsdatum muss vor dem Datum des Beginns der Tätigkeit liegen.' });

    const ended = await problem(
      {
        operator: { legalForm: 'einzelunternehmen', persons: [holder()] },
        business: { premises, establishment: 'main', sectors, occupation: 'main', itinerant: false },
        activity: { description: 'Handel', wzCode: '47.11' },
        employees: { fullTime: 0, partTime: 0 },
        deregistration: { endDate: '2024-01-01', businessStartedOn: '2025-01-01', reason: 'complete-cessation', businessId: randomUUID() },
        declaration: true,
      },
      'business-deregistration',
    );
    expect(ended.status).toBe(400);
    expect(ended.body.errors).toContainEqual({ field: 'body/form/deregistration/endDate', message: 'Die Betriebsaufgabe kann nicht vor dem Beginn der Tätigkeit liegen.' });
  });

  it('unknown fields and a missing declaration are refused', async () => {
    const response = await problem({ ...registration(), declaration: false, signature: 'Max' });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(expect.arrayContaining(['body/form/signature', 'body/form/declaration']));
  });
});
