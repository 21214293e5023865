import { randomUUID } from 'node:crypto';
import { GetExecutionHistoryCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, inject, it } from 'vitest';
import { api, demoUser, eventually, platformUrl, checkoutPath } from '../support/api-client.ts';
import { qrPayloadOf, textsOf } from '../support/pdf.ts';
import { SEED_TENANTS } from '../../infra/local/seed/county.ts';

/**
 * The resident parking permit story over HTTP against the local platform, as a citizen of Neuss, a caseworker and a
 * parking enforcement officer live it: apply → pay in the sandbox → print@home PDF → verify the QR code → check the
 * plate → revoke; the caseworker path; refunds; duplicates; bad input.
 */
const citizen = demoUser('citizen', 'neuss');
const caseworker = demoUser('caseworker', 'neuss');
const enforcement = demoUser('enforcement', 'neuss');

let houseNumber = 10;
/** Every application gets its own house number: the household limit is per address. */
function form(plate: string, overrides: Record<string, unknown> = {}) {
  houseNumber += 1;
  return {
    applicant: { givenName: 'Erika', familyName: 'Mustermann' },
    residence: { street: 'Büchel', houseNumber: String(houseNumber), postcode: '41460', city: 'Neuss' },
    registeredAtAddressSince: '2020-03-01',
    plate,
    vehicle: { relation: 'keeper', weightKg: 1400 },
    zoneId: 'NE-1',
    validityMonths: 12,
    consent: true,
    ...overrides,
  };
}

async function submit(body: unknown, as = citizen, key = randomUUID()) {
  return api('POST', '/applications', { as, body, headers: { 'idempotency-key': key } });
}

async function statusIs(id: string, status: string, as = citizen) {
  return eventually(async () => {
    const response = await api('GET', `/applications/${id}`, { as });
    return response.body.status === status ? response.body : undefined;
  });
}

async function pay(app: { payment: { checkoutUrl: string } }, action: 'pay' | 'cancel' | 'fail' = 'pay') {
  const response = await api('POST', checkoutPath(app), { body: { action } });
  expect(response.status).toBe(200);
  return response.body;
}

async function outboxSubjects(to: string): Promise<string[]> {
  const response = await api('GET', '/local/outbox');
  return response.body.emails.filter((email: any) => JSON.stringify(email.destination).includes(to)).map((email: any) => email.subject);
}

describe('resident parking permit: the citizen story', () => {
  it('lists the service with its federal key, fee schedule and form schema', async () => {
    const response = await api('GET', '/services', { as: citizen });
    expect(response.status).toBe(200);
    const service = response.body.items.find((item: { id: string }) => item.id === 'resident-parking');
    expect(service.leikaKey).toBe('urn:de:fim:leika:leistung:99108001001000');
    expect(service.fees[0].amounts.annual).toBeGreaterThan(0);
    expect(service.formSchema.properties.plate.title).toBe('Kennzeichen');
  });

  it('applies, pays, gets the print@home permit, and the QR code verifies it — then revocation shows', async () => {
    const submitted = await submit({ serviceId: 'resident-parking', form: form('NE-PA 101') });
    expect(submitted.status).toBe(201);
    expect(submitted.body.caseNumber).toMatch(/^NE-BPA-\d{4}-\d{6}$/);
    expect(submitted.body.channel).toBe('online');

    const awaiting = await statusIs(submitted.body.applicationId, 'awaiting-payment');
    expect(awaiting.fee).toMatchObject({ amountCents: 12000, currency: 'EUR' });
    expect(awaiting.payment.checkoutUrl).toMatch(new RegExp(`^${platformUrl()}/sandbox-pay/[A-Za-z0-9._-]+$`));
    // The applicant's view carries no internal ids: the checkout URL is all the citizen needs.
    expect(awaiting.payment).not.toHaveProperty('paymentId');
    const page = await api('GET', checkoutPath(awaiting), { headers: { accept: 'text/html' } });
    expect(page.body).toContain('Bezahlen');
    expect(page.body).toContain('120,00');

    const paid = await pay(awaiting);
    expect(paid.webhook.status).toBe(200);
    const done = await statusIs(submitted.body.applicationId, 'completed');
    expect(done.timeline.map((entry: { status: string }) => entry.status)).toEqual([
      'submitted', 'fee-computed', 'awaiting-payment', 'paid', 'checks-passed', 'approved', 'documents-issued', 'completed',
    ]);
    expect(done.payment).toMatchObject({ status: 'BOOKED', transactionReference: expect.any(String) });
    expect(done.decision).toMatchObject({ outcome: 'approve' });
    expect(done.statusLabel).toBe('Bewohnerparkausweis ausgestellt');
    expect(done.timeline.find((entry: { status: string }) => entry.status === 'approved').note).toBe('Automatisch bewilligt: alle Voraussetzungen erfüllt');

    // print@home: the PDF carries the plate and the case number, and its QR code the verification URL.
    const permit = done.documents.find((document: { kind: string }) => document.kind === 'permit');
    const link = await api('GET', `/applications/${done.applicationId}/documents/${permit.documentId}`, { as: citizen });
    expect(link.status).toBe(200);
    const pdf = new Uint8Array(await (await fetch(link.body.url)).arrayBuffer());
    const texts = await textsOf(pdf);
    expect(texts).toContain('NE-PA 101');
    expect(texts.join(' ')).toContain(done.caseNumber);
    const verifyUrl = await qrPayloadOf(pdf);
    expect(verifyUrl).toMatch(new RegExp(`^${platformUrl()}/verify/`));

    // The public verification answers with the printed facts only: no name, no address.
    const verified = await fetch(verifyUrl!, { headers: { accept: 'application/json' } });
    const answer = await verified.json();
    expect(answer).toMatchObject({ status: 'valid', plate: 'NE-PA 101', zone: 'NE-1' });
    expect(JSON.stringify(answer)).not.toMatch(/Mustermann|Erika|Büchel/);

    // Enforcement looks the plate up; a citizen may not.
    const check = await api('GET', '/permits/check?plate=ne-pa101&zone=NE-1', { as: enforcement });
    expect(check.body).toMatchObject({ status: 'valid', plate: 'NE-PA 101' });
    expect(JSON.stringify(check.body)).not.toMatch(/Mustermann|Büchel/);
    expect((await api('GET', '/permits/check?plate=NE-PA101&zone=NE-1', { as: citizen })).status).toBe(403);

    const permitId = await findPermitId('NE-PA 101');
    expect(check.body.permitId).toBeUndefined();
    const revoked = await api('POST', `/permits/${permitId}/revoke`, { as: caseworker, body: { reason: 'Umzug aus der Zone gemeldet', hearingDispensation: 'Die Inhaberin hat den Umzug selbst mitgeteilt; von ihren Angaben wird nicht abgewichen (§ 28 Abs. 2 Nr. 3 VwVfG NRW).' } });
    expect(revoked.status).toBe(200);
    expect(await (await fetch(verifyUrl!, { headers: { accept: 'application/json' } })).json()).toMatchObject({ status: 'revoked' });
    // The revocation is a Bescheid, kept with the application: the holder downloads it from the status page.
    const withBescheid = (await api('GET', `/applications/${done.applicationId}`, { as: citizen })).body;
    const bescheid = withBescheid.documents.find((document: { kind: string }) => document.kind === 'bescheid');
    expect(bescheid).toMatchObject({ documentId: `widerruf-${permitId}`, direction: 'issued', title: 'Bescheid (Widerruf des Bewohnerparkausweises)' });
    const bescheidLink = await api('GET', `/applications/${done.applicationId}/documents/${bescheid.documentId}`, { as: citizen });
    const bescheidText = (await textsOf(new Uint8Array(await (await fetch(bescheidLink.body.url)).arrayBuffer()))).join(' ');
    expect(bescheidText).toContain('widerrufen');
    expect(bescheidText).toContain('Verwaltungsgericht Düsseldorf');
    expect((await api('POST', `/permits/${permitId}/revoke`, { as: caseworker, body: { reason: 'Nochmal widerrufen', hearingDispensation: 'Die Inhaberin hat den Umzug selbst mitgeteilt; von ihren Angaben wird nicht abgewichen (§ 28 Abs. 2 Nr. 3 VwVfG NRW).' } })).status).toBe(409);

    const subjects = await outboxSubjects(citizen);
    expect(subjects).toEqual(expect.arrayContaining([
      `Ihr Antrag ${done.caseNumber} ist eingegangen`,
      `Bitte bezahlen Sie die Gebühr für ${done.caseNumber}`,
      `Ihr Bewohnerparkausweis ist ausgestellt (${done.caseNumber})`,
      'Ihr Bewohnerparkausweis für NE-PA 101 wurde widerrufen',
    ]));
  });

  it('creates exactly one application and one payment for 50 concurrent submissions with one Idempotency-Key', async () => {
    const key = randomUUID();
    const body = { serviceId: 'resident-parking', form: form('NE-PA 102') };
    const responses = await Promise.all(Array.from({ length: 50 }, () => submit(body, citizen, key)));
    expect(responses.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(responses.map((r) => r.body.applicationId)).size).toBe(1);
    const app = await statusIs(responses[0]!.body.applicationId, 'awaiting-payment');
    const mine = await api('GET', '/applications?limit=100', { as: citizen });
    expect(mine.body.items.filter((item: any) => item.form.plate === 'NE-PA 102')).toHaveLength(1);
    // Duplicate clicks on the payment page: one booking, the second is refused.
    await pay(app);
    expect((await api('POST', checkoutPath(app), { body: { action: 'pay' } })).status).toBe(409);
    await statusIs(app.applicationId, 'completed');
    // The same key with a different request is refused.
    const reused = await submit({ serviceId: 'resident-parking', form: form('NE-PA 103') }, citizen, key);
    expect(reused.status).toBe(422);
  });

  it('withdraws while the payment is open: the payment is cancelled, nothing is charged', async () => {
    const submitted = await submit({ serviceId: 'resident-parking', form: form('NE-PA 104') });
    const app = await statusIs(submitted.body.applicationId, 'awaiting-payment');
    const withdrawn = await api('POST', `/applications/${app.applicationId}/withdraw`, { as: citizen });
    expect(withdrawn.status).toBe(202);
    const final = await statusIs(app.applicationId, 'withdrawn');
    expect(final.payment.status).toBe('CANCELED');
    expect((await api('POST', checkoutPath(app), { body: { action: 'pay' } })).status).toBe(409);
  });

  it('a failed payment ends the application without a permit', async () => {
    const submitted = await submit({ serviceId: 'resident-parking', form: form('NE-PA 105') });
    const app = await statusIs(submitted.body.applicationId, 'awaiting-payment');
    await pay(app, 'fail');
    const final = await statusIs(app.applicationId, 'payment-failed');
    expect(final.documents.filter((d: { direction: string }) => d.direction === 'issued')).toEqual([]);
  });
});

describe('resident parking permit: the caseworker path', () => {
  async function leaseApplication(plate: string) {
    const upload = await api('POST', '/uploads', {
      as: citizen,
      body: { kind: 'vehicle-use-proof', fileName: 'Leasingvertrag.pdf', contentType: 'application/pdf', sizeBytes: 25 },
    });
    expect(upload.status).toBe(201);
    const file = Buffer.from('%PDF-1.4\n% Leasingvertrag\n'.padEnd(25, ' ')).subarray(0, 25);
    const put = await fetch(upload.body.url, { method: 'PUT', headers: upload.body.headers, body: file });
    expect(put.ok).toBe(true);
    const submitted = await submit({ serviceId: 'resident-parking', form: form(plate, { vehicle: { relation: 'lease', weightKg: 1600, proofUploadId: upload.body.uploadId } }) });
    expect(submitted.status).toBe(201);
    expect(submitted.body.documents[0]).toMatchObject({ kind: 'vehicle-use-proof', direction: 'uploaded' });
    const app = await statusIs(submitted.body.applicationId, 'awaiting-payment');
    await pay(app);
    return statusIs(app.applicationId, 'awaiting-decision', caseworker);
  }

  it('puts a leased car with a proof into the inbox; approval issues the permit', async () => {
    const app = await leaseApplication('NE-PB 201');
    expect(app.findings.map((f: { code: string }) => f.code)).toContain('proof-review');
    const inbox = await api('GET', '/caseworker/applications?status=awaiting-decision&service=resident-parking', { as: caseworker });
    expect(inbox.body.items.map((item: { applicationId: string }) => item.applicationId)).toContain(app.applicationId);
    // The caseworker can open the uploaded proof.
    const proof = await api('GET', `/applications/${app.applicationId}/documents/${app.documents[0].documentId}`, { as: caseworker });
    expect(proof.status).toBe(200);

    const approved = await api('POST', `/applications/${app.applicationId}/decision`, { as: caseworker, body: { outcome: 'approve' } });
    expect(approved.status).toBe(200);
    // The same decision again is answered, not applied twice; another one is a conflict.
    expect((await api('POST', `/applications/${app.applicationId}/decision`, { as: caseworker, body: { outcome: 'approve' } })).status).toBe(200);
    expect((await api('POST', `/applications/${app.applicationId}/decision`, { as: caseworker, body: { outcome: 'reject', reason: 'Doch nicht genehmigt' } })).status).toBe(409);
    const done = await statusIs(app.applicationId, 'completed');
    expect(done.decision).toMatchObject({ outcome: 'approve' });
    expect(done.documents.some((d: { kind: string }) => d.kind === 'permit')).toBe(true);
  });

  it('refuses a second application for a plate another application holds before anyone pays, and no plate reaches the workflow history', async () => {
    const plate = 'NE-PQ 771';
    const first = await leaseApplication(plate);
    // The plate is reserved by the running application: a second one is refused at submission, without the plate.
    const second = await submit({ serviceId: 'resident-parking', form: form(plate) });
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(second.body)).not.toContain(plate);
    expect((await api('POST', `/applications/${first.applicationId}/decision`, { as: caseworker, body: { outcome: 'approve' } })).status).toBe(200);
    await statusIs(first.applicationId, 'completed');

    // The execution history as GetExecutionHistory answers it (local Step Functions, same shape as AWS): every
    // step's input, output and error carries ids, never the plate, the name or the address of the applicant.
    const sfn = new SFNClient({ endpoint: inject('platform').endpoints.sfn, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const machines = await sfn.send(new ListStateMachinesCommand({}));
    const machine = machines.stateMachines!.find((candidate) => candidate.name === 'openkreis-dev-application-lifecycle')!;
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: `${machine.stateMachineArn!.replace(':stateMachine:', ':execution:')}:${first.applicationId}`, maxResults: 1000 }));
    expect(history.events!.length).toBeGreaterThan(5);
    const text = JSON.stringify(history.events);
    for (const spelling of [plate, 'NE-PQ771', 'NE PQ 771', 'PQ 771', 'Mustermann', 'Büchel']) expect(text).not.toContain(spelling);
  });

  it('a rejection after payment refunds the fee and tells the applicant why', async () => {
    const app = await leaseApplication('NE-PB 202');
    const reason = 'Der Leasingvertrag nennt eine andere Person als Nutzerin.';
    expect((await api('POST', `/applications/${app.applicationId}/decision`, { as: caseworker, body: { outcome: 'reject', reason, hearingDispensation: 'Die Ablehnung folgt allein aus den Angaben im Antrag (§ 28 Abs. 2 Nr. 3 VwVfG NRW).' } })).status).toBe(200);
    const final = await eventually(async () => {
      const body = (await api('GET', `/applications/${app.applicationId}`, { as: citizen })).body;
      return body.payment?.refund ? body : undefined;
    });
    expect(final.status).toBe('rejected');
    expect(final.payment.refund.status).toBe('REFUNDED');
    expect(final.decision.reason).toBe(reason);
    expect(await outboxSubjects(citizen)).toContain(`Ihr Antrag ${final.caseNumber} wurde abgelehnt`);
  });

  it('a withdrawal while the caseworker decides refunds the fee', async () => {
    const app = await leaseApplication('NE-PB 203');
    expect((await api('POST', `/applications/${app.applicationId}/withdraw`, { as: citizen })).status).toBe(202);
    const final = await statusIs(app.applicationId, 'withdrawn');
    expect(final.payment.refund.status).toBe('REFUNDED');
    expect((await api('POST', `/applications/${app.applicationId}/decision`, { as: caseworker, body: { outcome: 'approve' } })).status).toBe(409);
  });

  it('files an application at the counter for a citizen without an account (channel counter)', async () => {
    const submitted = await submit({ serviceId: 'resident-parking', form: form('NE-PB 204'), applicantEmail: 'ohne.konto@example.org' }, caseworker);
    expect(submitted.status).toBe(201);
    expect(submitted.body.channel).toBe('counter');
    expect((await api('GET', `/applications/${submitted.body.applicationId}`, { as: citizen })).status).toBe(404);
    expect((await api('GET', `/applications/${submitted.body.applicationId}`, { as: caseworker })).status).toBe(200);
  });
});

describe('resident parking permit: bad input', () => {
  it('answers an invalid plate with 400 naming the field, in German', async () => {
    const response = await submit({ serviceId: 'resident-parking', form: form('NEAB-12345678') });
    expect(response.status).toBe(400);
    expect(response.body.errors.find((e: { field: string }) => e.field === 'body/form/plate').message).toMatch(/^Bitte|Kennzeichen/);
  });

  it('answers an address outside every zone and an unknown zone with 422 a citizen understands', async () => {
    const outside = await submit({ serviceId: 'resident-parking', form: form('NE-PC 301', { residence: { street: 'Hauptstraße', houseNumber: '1', postcode: '41460', city: 'Neuss' } }) });
    expect(outside.status).toBe(422);
    expect(outside.body.detail).toMatch(/Die angegebene Adresse liegt in keiner Bewohnerparkzone/);
    expect(outside.body.detail).not.toMatch(/Hauptstraße/);
    const unknownZone = await submit({ serviceId: 'resident-parking', form: form('NE-PC 302', { zoneId: 'XX-9' }) });
    expect(unknownZone.status).toBe(422);
  });

  it('answers a plate check for a zone the municipality does not have with 422 naming query/zone, in every municipality', async () => {
    const municipalities = SEED_TENANTS.filter((tenant) => tenant.kind === 'municipality');
    expect(municipalities.length).toBeGreaterThan(1);
    for (const tenant of municipalities) {
      const officer = demoUser('enforcement', tenant.input.id);
      for (const zone of tenant.parkingZones) {
        const known = await api('GET', `/permits/check?plate=NE-ZZ 999&zone=${encodeURIComponent(zone.id.toLowerCase())}`, { as: officer });
        expect(known.status, `${tenant.input.id} ${zone.id}`).toBe(200);
        expect(known.body).toEqual({ status: 'none' });
      }
      const typo = await api('GET', '/permits/check?plate=NE-ZZ 999&zone=ZZ-9', { as: officer });
      expect(typo.status, tenant.input.id).toBe(422);
      expect(typo.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(typo.body.errors).toEqual([{ field: 'query/zone', message: expect.stringContaining('Unbekannte Parkzone') }]);
    }
  });

  it('answers a second permit for the same plate with 422', async () => {
    const first = await submit({ serviceId: 'resident-parking', form: form('NE-PC 303') });
    const app = await statusIs(first.body.applicationId, 'awaiting-payment');
    await pay(app);
    await statusIs(app.applicationId, 'completed');
    const second = await submit({ serviceId: 'resident-parking', form: form('NE-PC 303') });
    expect(second.status).toBe(422);
    expect(second.body.detail).toMatch(/bereits einen gültigen Bewohnerparkausweis/);
  });

  it('requires an Idempotency-Key, and refuses someone else\'s application and the wrong state', async () => {
    const noKey = await api('POST', '/applications', { as: citizen, body: { serviceId: 'resident-parking', form: form('NE-PC 304') } });
    expect(noKey.status).toBe(400);
    const submitted = await submit({ serviceId: 'resident-parking', form: form('NE-PC 305') });
    const app = await statusIs(submitted.body.applicationId, 'awaiting-payment');
    expect((await api('GET', `/applications/${app.applicationId}`, { as: demoUser('business', 'neuss') })).status).toBe(404);
    expect((await api('GET', `/applications/${app.applicationId}`, { as: demoUser('caseworker', 'juechen') })).status).toBe(404);
    expect((await api('POST', `/applications/${app.applicationId}/decision`, { as: caseworker, body: { outcome: 'approve' } })).status).toBe(409);
  });
});

async function findPermitId(plate: string): Promise<string> {
  const check = await api('GET', `/permits/check?plate=${encodeURIComponent(plate)}&zone=NE-1`, { as: caseworker });
  return check.body.permitId;
}
