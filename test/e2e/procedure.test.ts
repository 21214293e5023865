import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addDays, berlinDate } from '../../functions/core/dates.ts';
import { api, demoUser, eventually } from '../support/api-client.ts';
import { textsOf } from '../support/pdf.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * The administrative procedure over HTTP against the local platform: a request for documents (Nachforderung) answered
 * with an upload and a corrected field, a hearing (Anhörung, § 28 VwVfG NRW) answered online, and the rejection issued
 * as a Bescheid the applicant downloads — with every refusal on the way (open step, no hearing, late or second answer,
 * fields not asked for, a deadline too short, another person's answer).
 */
const tenant = 'rommerskirchen';
const citizen = demoUser('citizen', tenant);
const otherCitizen = demoUser('business', tenant);
const caseworker = demoUser('caseworker', tenant);
const parking = residentParking(api, { street: 'Bahnstraße', postcode: '41569', city: 'Rommerskirchen', zoneId: 'RO-1' }, citizen);

async function upload(as: string, fileName = 'Leasingvertrag-Seite-2.pdf') {
  const bytes = Buffer.from('%PDF-1.4\n% Seite 2\n'.padEnd(30, ' '));
  const created = await api('POST', '/uploads', { as, body: { kind: 'procedure-answer', fileName, contentType: 'application/pdf', sizeBytes: bytes.length } });
  expect(created.status).toBe(201);
  expect((await fetch(created.body.url, { method: 'PUT', headers: created.body.headers, body: bytes })).ok).toBe(true);
  return created.body.uploadId as string;
}

async function proofUpload() {
  const created = await api('POST', '/uploads', { as: citizen, body: { kind: 'vehicle-use-proof', fileName: 'Leasingvertrag.pdf', contentType: 'application/pdf', sizeBytes: 25 } });
  const file = Buffer.from('%PDF-1.4\n% Leasingvertrag\n'.padEnd(25, ' ')).subarray(0, 25);
  expect((await fetch(created.body.url, { method: 'PUT', headers: created.body.headers, body: file })).ok).toBe(true);
  return created.body.uploadId as string;
}

const problem = (response: { status: number; headers: Headers; body: any }) => {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return response.body;
};

async function mailsTo(caseNumber: string): Promise<string[]> {
  const outbox = (await api('GET', '/local/outbox')).body.emails as Array<{ subject: string }>;
  return outbox.filter((email) => email.subject.includes(caseNumber)).map((email) => email.subject);
}

describe('hearing, request for documents and the Bescheid', () => {
  it('runs request → answer → hearing → answer → rejection, and the applicant downloads the Bescheid', async () => {
    const app = await parking.leasedAndPaid('RO-VV 101');
    const steps = `/applications/${app.applicationId}/steps`;
    const today = berlinDate(new Date());

    // 1. The caseworker asks for a missing document and a corrected detail (the vehicle).
    const request = await api('POST', steps, {
      as: caseworker,
      body: { kind: 'request', message: 'Der Leasingvertrag ist unvollständig: Seite 2 fehlt.', documents: ['Leasingvertrag, Seite 2'], fields: ['vehicle'] },
    });
    expect(request.status).toBe(201);
    const requestStep = request.body.steps.at(-1);
    expect(requestStep).toMatchObject({ kind: 'request', status: 'open', deadline: addDays(today, 14), documents: ['Leasingvertrag, Seite 2'], fields: ['vehicle'] });
    expect(request.body.openStep).toEqual({ stepId: requestStep.stepId, kind: 'request', deadline: addDays(today, 14) });
    expect(request.body.status).toBe('awaiting-decision');

    // While it waits: no second step, no decision.
    expect((await api('POST', steps, { as: caseworker, body: { kind: 'hearing', intendedDecision: 'reject', message: 'Die Nutzung des Fahrzeugs ist nicht nachgewiesen.' } })).status).toBe(409);
    const early = await api('POST', `/applications/${app.applicationId}/decision`, { as: caseworker, body: { outcome: 'approve' } });
    expect(early.status).toBe(409);
    expect(problem(early).detail).toContain('wartet noch ein Schreiben');

    // The applicant sees the letter on the status page; the e-mail points there.
    const seen = await parking.read(app.applicationId);
    expect(seen.steps).toEqual([expect.objectContaining({ stepId: requestStep.stepId, message: 'Der Leasingvertrag ist unvollständig: Seite 2 fehlt.', status: 'open' })]);
    expect(seen.steps[0]).not.toHaveProperty('createdBy');
    expect(await eventually(async () => (await mailsTo(app.caseNumber)).find((subject) => subject.startsWith('Bitte reichen Sie Unterlagen nach')))).toBeTruthy();

    // Answers that are refused: a field not asked for (422), an invalid value (400, the form schema's message), an empty answer.
    const answerPath = `${steps}/${requestStep.stepId}/answer`;
    const notAsked = await api('POST', answerPath, { as: citizen, body: { form: { plate: 'RO-XX 1' } } });
    expect(notAsked.status).toBe(422);
    expect(problem(notAsked).errors).toEqual([{ field: 'body/form/plate', message: 'Diese Angabe wurde nicht nachgefordert und kann hier nicht geändert werden.' }]);
    const invalid = await api('POST', answerPath, { as: citizen, body: { form: { vehicle: { ...app.form.vehicle, weightKg: -5 } } } });
    expect(invalid.status).toBe(400);
    expect(problem(invalid).errors.map((error: { field: string }) => error.field)).toContain('body/form/vehicle/weightKg');
    const empty = await api('POST', answerPath, { as: citizen, body: {} });
    expect(empty.status).toBe(400);
    expect(problem(empty).errors).toEqual([{ field: 'body/text', message: 'Bitte schreiben Sie eine Antwort, laden Sie eine Unterlage hoch oder korrigieren Sie eine Angabe.' }]);
    // Another person of the same tenant cannot answer for the applicant.
    expect((await api('POST', answerPath, { as: otherCitizen, body: { text: 'Ich antworte für jemand anderen.' } })).status).toBe(404);

    // 2. The applicant answers: the page, a corrected weight and a note.
    const uploadId = await upload(citizen);
    const answered = await api('POST', answerPath, {
      as: citizen,
      body: { text: 'Anbei die fehlende Seite.', uploadIds: [uploadId], form: { vehicle: { ...app.form.vehicle, weightKg: 1500 } } },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.form.vehicle.weightKg).toBe(1500);
    expect(answered.body).not.toHaveProperty('openStep');
    expect(answered.body.steps[0]).toMatchObject({ status: 'answered', answer: { text: 'Anbei die fehlende Seite.', documentIds: [uploadId], changedFields: ['vehicle'] } });
    expect(answered.body.documents).toEqual(expect.arrayContaining([expect.objectContaining({ documentId: uploadId, direction: 'uploaded' })]));
    expect(answered.body.timeline.at(-1).note).toBe('Antwort auf die Nachforderung von Unterlagen oder Angaben eingegangen (1 Unterlage); geänderte Angaben: vehicle');
    // Once only.
    expect((await api('POST', answerPath, { as: citizen, body: { text: 'Noch etwas.' } })).status).toBe(409);
    // The caseworker sees the uploaded page among the application's documents and can download it.
    const link = await api('GET', `/applications/${app.applicationId}/documents/${uploadId}`, { as: caseworker });
    expect(link.status).toBe(200);

    // 3. A rejection needs the hearing first (or a reason why it is dispensable).
    const unheard = await api('POST', `/applications/${app.applicationId}/decision`, { as: caseworker, body: { outcome: 'reject', reason: 'Die dauerhafte Nutzung ist nicht nachgewiesen.' } });
    expect(unheard.status).toBe(422);
    expect(problem(unheard).errors[0].field).toBe('body/hearingDispensation');

    const tooShort = await api('POST', steps, { as: caseworker, body: { kind: 'hearing', intendedDecision: 'reject', message: 'Die Nutzung des Fahrzeugs ist nicht nachgewiesen.', deadline: addDays(today, 3) } });
    expect(tooShort.status).toBe(422);
    expect(problem(tooShort).errors).toEqual([{ field: 'body/deadline', message: 'Die Frist muss mindestens 7 Tage betragen.' }]);
    const hearing = await api('POST', steps, {
      as: caseworker,
      body: { kind: 'hearing', intendedDecision: 'reject', message: 'Der Leasingvertrag nennt eine andere Person als Leasingnehmer.' },
    });
    expect(hearing.status).toBe(201);
    const hearingStep = hearing.body.steps.at(-1);
    expect(hearingStep).toMatchObject({ kind: 'hearing', intendedDecision: 'reject', status: 'open', deadline: addDays(today, 14) });
    expect(await eventually(async () => (await mailsTo(app.caseNumber)).find((subject) => subject.startsWith('Anhörung zu Ihrem Antrag')))).toBeTruthy();

    const heard = await api('POST', `${steps}/${hearingStep.stepId}/answer`, { as: citizen, body: { text: 'Der Vertrag läuft auf meinen Ehepartner; ich fahre das Auto täglich.' } });
    expect(heard.status).toBe(200);

    // 4. The rejection: recorded, issued as a Bescheid, refunded by the workflow.
    const reason = 'Das Fahrzeug ist weder auf Sie zugelassen noch Ihnen dauerhaft zur Nutzung überlassen.';
    const decided = await api('POST', `/applications/${app.applicationId}/decision`, { as: caseworker, body: { outcome: 'reject', reason } });
    expect(decided.status).toBe(200);
    const bescheid = decided.body.documents.find((document: { kind: string }) => document.kind === 'bescheid');
    expect(bescheid).toMatchObject({ documentId: `bescheid-${app.applicationId}`, direction: 'issued', contentType: 'application/pdf' });
    // The status is `rejected` at once; the workflow refunds the fee right after.
    await eventually(async () => (await parking.read(app.applicationId)).payment?.refund?.status === 'REFUNDED');

    const download = await api('GET', `/applications/${app.applicationId}/documents/${bescheid.documentId}`, { as: citizen });
    expect(download.status).toBe(200);
    const pdf = new Uint8Array(await (await fetch(download.body.url)).arrayBuffer());
    const text = (await textsOf(pdf)).join(' ');
    expect(text).toContain('Bescheid');
    expect(text).toContain(`Aktenzeichen: ${app.caseNumber}`);
    expect(text).toContain('wird abgelehnt');
    expect(text).toContain('Erika Mustermann');
    expect(text).toContain('angehört');
    expect(text).toContain('Rechtsbehelfsbelehrung');
    expect(text).toContain('Verwaltungsgericht Düsseldorf');
    expect(text).toContain('§ 45 Abs. 1b');
    expect(text).toMatch(/gezahlte Gebühr von [\d,]+\s€ wird Ihnen erstattet/);
    expect(await eventually(async () => (await mailsTo(app.caseNumber)).find((subject) => subject.includes('wurde abgelehnt')))).toBeTruthy();
  });

  it('rejects without a hearing when the caseworker records why it is dispensable, with the reason in the Bescheid', async () => {
    const app = await parking.leasedAndPaid('RO-VV 102');
    const dispensation = 'Die Entscheidung weicht nicht von den Angaben im Antrag ab: Nach ihnen liegt die Adresse außerhalb der Zone (§ 28 Abs. 2 Nr. 3 VwVfG NRW).';
    const decided = await api('POST', `/applications/${app.applicationId}/decision`, {
      as: caseworker,
      body: { outcome: 'reject', reason: 'Die Adresse liegt außerhalb der Zone.', hearingDispensation: dispensation, legalBasis: '§ 45 Abs. 1b Satz 1 Nr. 2a StVO' },
    });
    expect(decided.status).toBe(200);
    expect(decided.body.decision).toMatchObject({ hearingDispensation: dispensation, legalBasis: '§ 45 Abs. 1b Satz 1 Nr. 2a StVO' });
    const citizenView = await parking.read(app.applicationId);
    expect(citizenView.decision).not.toHaveProperty('hearingDispensation');
    const link = await api('GET', `/applications/${app.applicationId}/documents/bescheid-${app.applicationId}`, { as: citizen });
    const text = (await textsOf(new Uint8Array(await (await fetch(link.body.url)).arrayBuffer()))).join(' ');
    expect(text).toContain('Von einer Anhörung wurde abgesehen');
  });

  it('grants a 12-month permit for 6 months only after a hearing: Bescheid with both parts and the fee, a 6-month permit, the difference refunded', async () => {
    const app = await parking.leasedAndPaid('RO-TB 105');
    const decision = `/applications/${app.applicationId}/decision`;
    const reason = 'Der Leasingvertrag endet in 6 Monaten; für die Zeit danach ist die Nutzung nicht nachgewiesen.';
    const partial = { outcome: 'approve', partial: { validityMonths: 6 }, reason };
    // Like a rejection: not without a hearing (or the reason why none is needed), and only a part the service can grant.
    const unheard = await api('POST', decision, { as: caseworker, body: partial });
    expect(unheard.status).toBe(422);
    expect(problem(unheard).errors).toEqual([{ field: 'body/hearingDispensation', message: expect.stringContaining('Teilbewilligung') }]);
    const notAPart = await api('POST', decision, { as: caseworker, body: { ...partial, partial: { validityMonths: 3 } } });
    expect(notAPart.status).toBe(422);
    expect(problem(notAPart).errors[0].field).toBe('body/partial/validityMonths');
    const withoutReason = await api('POST', decision, { as: caseworker, body: { outcome: 'approve', partial: { validityMonths: 6 } } });
    expect(withoutReason.status).toBe(400);
    expect(problem(withoutReason).errors[0].field).toBe('body/reason');

    const hearing = await api('POST', `/applications/${app.applicationId}/steps`, {
      as: caseworker,
      body: { kind: 'hearing', intendedDecision: 'partial', message: 'Der Leasingvertrag endet in 6 Monaten. Wir beabsichtigen, den Ausweis nur für 6 Monate zu erteilen.' },
    });
    expect(hearing.status).toBe(201);
    const step = hearing.body.steps.at(-1);
    expect(step).toMatchObject({ intendedDecision: 'partial', status: 'open' });
    expect((await api('POST', `/applications/${app.applicationId}/steps/${step.stepId}/answer`, { as: citizen, body: { text: 'Der Vertrag wird voraussichtlich verlängert.' } })).status).toBe(200);

    const decided = await api('POST', decision, { as: caseworker, body: partial });
    expect(decided.status).toBe(200);
    expect(decided.body.decision).toMatchObject({ outcome: 'approve', partial: { refundCents: 6000, fee: { amountCents: 6000 } } });
    const bescheid = decided.body.documents.find((document: { kind: string }) => document.kind === 'bescheid');
    expect(bescheid).toMatchObject({ title: 'Bescheid (Teilbewilligung)', direction: 'issued' });

    // The workflow issues a 6-month permit, then refunds the difference (120 € paid − 60 € for 6 months).
    const done = await eventually(async () => {
      const seen = await parking.read(app.applicationId);
      return seen.status === 'completed' && seen.payment?.refund ? seen : undefined;
    });
    expect(done.payment.refund).toMatchObject({ status: 'REFUNDED', amountCents: 6000 });
    expect(done.decision.partial).toMatchObject({ granted: expect.stringContaining('für 6 Monate erteilt'), refused: expect.stringContaining('abgelehnt') });
    const facts = (await api('GET', '/permits/check?plate=RO-TB 105&zone=RO-1', { as: caseworker })).body;
    const today = berlinDate(new Date());
    expect(facts).toMatchObject({ status: 'valid', validFrom: today });
    expect(facts.validTo < addDays(today, 190) && facts.validTo > addDays(today, 170)).toBe(true);

    const link = await api('GET', `/applications/${app.applicationId}/documents/${bescheid.documentId}`, { as: citizen });
    const text = (await textsOf(new Uint8Array(await (await fetch(link.body.url)).arrayBuffer()))).join(' ');
    for (const part of [
      'wird teilweise stattgegeben',
      'für 6 Monate erteilt',
      'Im Übrigen wird der Antrag abgelehnt',
      'wird auf 60,00 € festgesetzt',
      'werden Ihnen 60,00 € erstattet',
      'zu der beabsichtigten teilweisen Ablehnung angehört',
      reason,
      'Rechtsbehelfsbelehrung',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('refuses a partial approval of what cannot be split (a 6-month permit) and of a rejection', async () => {
    const submitted = await parking.submit(parkingForm({ street: 'Bahnstraße', postcode: '41569', city: 'Rommerskirchen', zoneId: 'RO-1' }, 'RO-TB 106', { validityMonths: 6, vehicle: { relation: 'lease', weightKg: 1500, proofUploadId: await proofUpload() } }));
    expect(submitted.status).toBe(201);
    await parking.pay(await parking.statusIs(submitted.body.applicationId, 'awaiting-payment'));
    const app = await parking.statusIs(submitted.body.applicationId, 'awaiting-decision');
    const dispensation = 'Die Entscheidung weicht nicht von den Angaben im Antrag ab (§ 28 Abs. 2 Nr. 3 VwVfG NRW).';
    const six = await api('POST', `/applications/${app.applicationId}/decision`, { as: caseworker, body: { outcome: 'approve', partial: { validityMonths: 6 }, reason: 'Nur für ein halbes Jahr.', hearingDispensation: dispensation } });
    expect(six.status).toBe(422);
    expect(problem(six).errors).toEqual([{ field: 'body/partial/validityMonths', message: expect.stringContaining('Beantragt sind schon 6 Monate') }]);
    const rejecting = await api('POST', `/applications/${app.applicationId}/decision`, { as: caseworker, body: { outcome: 'reject', partial: { validityMonths: 6 }, reason: 'Nur für ein halbes Jahr.', hearingDispensation: dispensation } });
    expect(rejecting.status).toBe(400);
    expect(problem(rejecting).errors[0].field).toBe('body/partial');
    expect((await parking.read(app.applicationId)).status).toBe('awaiting-decision');
  });

  it('refuses steps and answers to applications that do not wait for a decision, and unknown steps', async () => {
    const app = await parking.leasedAndPaid('RO-VV 103');
    expect((await api('POST', `/applications/${app.applicationId}/decision`, { as: caseworker, body: { outcome: 'approve' } })).status).toBe(200);
    const late = await api('POST', `/applications/${app.applicationId}/steps`, { as: caseworker, body: { kind: 'request', message: 'Bitte noch den Ausweis.' } });
    expect(late.status).toBe(409);
    expect(problem(late).detail).toContain('solange der Antrag auf die Entscheidung wartet');
    const unknown = await api('POST', `/applications/${app.applicationId}/steps/${randomUUID()}/answer`, { as: citizen, body: { text: 'Hallo' } });
    expect(unknown.status).toBe(404);
    expect(problem(unknown).detail).toBe('Das Schreiben wurde zu diesem Antrag nicht gefunden.');
  });

  it('answers malformed steps with a German problem at the failing field, and writes nothing', async () => {
    const app = await parking.leasedAndPaid('RO-VV 104');
    const cases: Array<[unknown, string]> = [
      [{ kind: 'visit', message: 'Wir kommen vorbei.' }, 'body/kind'],
      [{ kind: 'hearing', intendedDecision: 'reject', message: 'Nein.' }, 'body/message'],
      [{ kind: 'hearing', intendedDecision: 'approve', message: 'Die Nutzung des Fahrzeugs ist nicht nachgewiesen.' }, 'body/intendedDecision'],
      [{ kind: 'request', message: 'Bitte den Nachweis.', deadline: '24.12.2026' }, 'body/deadline'],
      [{ kind: 'request', message: 'Bitte den Nachweis.', fields: ['shoeSize'] }, 'body/fields'],
    ];
    for (const [body, field] of cases) {
      const response = await api('POST', `/applications/${app.applicationId}/steps`, { as: caseworker, body });
      expect([400, 422], JSON.stringify(body)).toContain(response.status);
      expect(problem(response).errors.map((error: { field: string }) => error.field), JSON.stringify(body)).toContain(field);
    }
    const unchanged = await parking.read(app.applicationId);
    expect(unchanged.steps).toEqual([]);
    expect(unchanged).not.toHaveProperty('openStep');
  });
});
