import { describe, expect, it } from 'vitest';
import { api, demoUser, eventually } from '../support/api-client.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * The person's rights over HTTP against the local platform (Korschenbroich, whose demo citizen no other test uses):
 * an access export with every record type of the person and nothing of another person; an erasure request the data
 * protection officer reviews (what must be kept and why, a legal hold) and decides; the record of processing; and
 * another tenant's DPO and citizen who see nothing of it.
 */
const TENANT = 'korschenbroich';
const OTHER_TENANT = 'kaarst';
const citizen = demoUser('citizen', TENANT);
const otherPerson = demoUser('business', TENANT);
const employee = demoUser('employee', TENANT);
const dpo = demoUser('data-protection-officer', TENANT);
const caseworker = demoUser('caseworker', TENANT);
const KO = { street: 'Sebastianusstraße', postcode: '41352', city: 'Korschenbroich', zoneId: 'KO-1' };
const mine = residentParking(api, KO, citizen);
const theirs = residentParking(api, KO, otherPerson);

async function exportOf(as: string): Promise<{ exportId: string; json: any; pdf: Uint8Array }> {
  const requested = await api('POST', '/privacy/exports', { as });
  expect(requested.status).toBe(202);
  const { exportId } = requested.body;
  await eventually(async () => (await api('GET', '/privacy/me', { as })).body.exports.find((item: any) => item.exportId === exportId && item.status === 'ready'));
  const fetchFile = async (format: string) => {
    const link = await api('GET', `/privacy/exports/${exportId}/${format}`, { as });
    expect(link.status).toBe(200);
    const file = await fetch(link.body.url);
    expect(file.ok).toBe(true);
    return new Uint8Array(await file.arrayBuffer());
  };
  const json = JSON.parse(new TextDecoder().decode(await fetchFile('json')));
  return { exportId, json, pdf: await fetchFile('pdf') };
}

/** Withdraws a waiting application (a 409 while its workflow is still busy is repeated, as the page would). */
async function withdraw(applicationId: string) {
  await eventually(async () => (await api('POST', `/applications/${applicationId}/withdraw`, { as: citizen })).status < 300);
  await mine.statusIs(applicationId, 'withdrawn');
}

describe("the person's rights (DSGVO)", () => {
  it('an access export holds every record type of the person — applications with timeline, documents and payment, drafts, accesses — and nothing of another person', async () => {
    const completed = await mine.submit(parkingForm(KO, 'NE-DS 101'));
    expect(completed.status).toBe(201);
    await mine.pay(await mine.statusIs(completed.body.applicationId, 'awaiting-payment'));
    await mine.statusIs(completed.body.applicationId, 'completed');
    expect((await api('PUT', '/drafts/address-change', { as: citizen, body: { form: { note: 'Entwurf' } } })).status).toBeLessThan(300);
    const other = await theirs.submit(parkingForm(KO, 'NE-XY 909'));
    expect(other.status).toBe(201);
    // A first export and its download are accesses to the person's data: the second export lists them.
    await exportOf(citizen);

    const { json, pdf } = await exportOf(citizen);
    expect(json.format).toBe('openkreis-access-export/1');
    const application = json.data.applications.find((entry: any) => entry.application.applicationId === completed.body.applicationId);
    expect(application.application.form.plate).toBe('NE-DS 101');
    expect(application.timeline.map((entry: any) => entry.status)).toContain('completed');
    expect(application.application.documents.length).toBeGreaterThan(0);
    expect(application.payment).toMatchObject({ applicationId: completed.body.applicationId, amountCents: application.application.fee.amountCents });
    expect(json.data.drafts.map((draft: any) => draft.serviceId)).toContain('address-change');
    expect(json.data.auditEntries.some((entry: any) => entry.recordType === 'access-export' && entry.subjectId === json.data.userId)).toBe(true);
    expect(json.processing.map((activity: any) => activity.id)).toContain('resident-parking');
    // Nothing of the other person of the same tenant.
    const text = JSON.stringify(json);
    expect(text).not.toContain(other.body.applicationId);
    expect(text).not.toContain('NE-XY 909');
    expect(json.data.applications.every((entry: any) => entry.application.applicantId === json.data.userId)).toBe(true);
    expect(json.data.auditEntries.every((entry: any) => entry.subjectId === json.data.userId)).toBe(true);
    expect(new TextDecoder('latin1').decode(pdf.subarray(0, 5))).toBe('%PDF-');
    // The person was told (the notice carries the link, never the data).
    const mails = (await api('GET', '/local/outbox')).body.emails as Array<{ destination: unknown; subject: string }>;
    expect(mails.some((mail) => JSON.stringify(mail.destination).includes(citizen) && mail.subject.includes('Auskunft'))).toBe(true);
  });

  it("an employee's export holds the training record", async () => {
    const { json } = await exportOf(employee);
    expect(json.data.training.employee.employeeId).toBe(json.data.userId);
    expect(Array.isArray(json.data.training.enrolments)).toBe(true);
  });

  it('an erasure request is reviewed by the DPO — kept with the reason, held, erased — decided once, answered, and invisible to another tenant', async () => {
    const decided = await mine.submit(parkingForm(KO, 'NE-DS 202'));
    await mine.pay(await mine.statusIs(decided.body.applicationId, 'awaiting-payment'));
    await mine.statusIs(decided.body.applicationId, 'completed');
    const withdrawn = (await mine.submit(parkingForm(KO, 'NE-DS 303'))).body.applicationId;
    await mine.statusIs(withdrawn, 'awaiting-payment');
    await withdraw(withdrawn);
    const held = (await mine.submit(parkingForm(KO, 'NE-DS 404'))).body.applicationId;
    await mine.statusIs(held, 'awaiting-payment');
    await withdraw(held);
    expect((await api('PUT', `/applications/${held}/legal-hold`, { as: caseworker, body: { reason: 'kurz' } })).status).toBe(400);
    expect((await api('PUT', `/applications/${held}/legal-hold`, { as: caseworker, body: { reason: 'Widerspruchsverfahren 32-2026-17' } })).status).toBe(201);
    expect((await api('PUT', `/applications/${held}/legal-hold`, { as: dpo, body: { reason: 'Noch einmal gesperrt' } })).status).toBe(409);
    expect((await api('PUT', '/drafts/resident-parking', { as: citizen, body: { form: { plate: 'NE-DS 505' } } })).status).toBeLessThan(300);

    const tooLong = await api('POST', '/privacy/erasure-requests', { as: citizen, body: { message: 'x'.repeat(1001) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].field).toBe('body/message');
    const created = await api('POST', '/privacy/erasure-requests', { as: citizen, body: { message: 'Bitte löschen Sie alles, was nicht mehr gebraucht wird.' } });
    expect(created.status).toBe(201);
    const requestId = created.body.requestId;
    expect((await api('POST', '/privacy/erasure-requests', { as: citizen, body: {} })).status).toBe(409);

    // Another tenant's DPO and citizen see nothing of it.
    const foreignDpo = demoUser('data-protection-officer', OTHER_TENANT);
    expect((await api('GET', `/privacy/erasure-requests/${requestId}`, { as: foreignDpo })).status).toBe(404);
    expect((await api('POST', `/privacy/erasure-requests/${requestId}/decision`, { as: foreignDpo, body: { answer: 'Fremde Behörde entscheidet.' } })).status).toBe(404);
    expect(JSON.stringify((await api('GET', '/privacy/erasure-requests', { as: foreignDpo })).body)).not.toContain(requestId);
    const exportId = (await api('GET', '/privacy/me', { as: citizen })).body.exports[0].exportId;
    expect((await api('GET', `/privacy/exports/${exportId}/json`, { as: demoUser('citizen', OTHER_TENANT) })).status).toBe(404);
    expect((await api('GET', `/privacy/exports/${exportId}/json`, { as: otherPerson })).status).toBe(404);

    expect((await api('GET', '/privacy/erasure-requests', { as: dpo })).body.items.map((item: any) => item.requestId)).toContain(requestId);
    const review = await api('GET', `/privacy/erasure-requests/${requestId}`, { as: dpo });
    expect(review.status).toBe(200);
    const line = (recordType: string, recordId: string) => review.body.plan.find((item: any) => item.recordType === recordType && item.recordId === recordId);
    expect(line('application', decided.body.applicationId)).toMatchObject({ action: 'keep', reason: expect.stringContaining('Aufbewahrungspflicht 3 Jahre nach Abschluss') });
    const payment = review.body.plan.find((item: any) => item.recordType === 'payment' && item.title.includes(decided.body.caseNumber));
    expect(payment).toMatchObject({ action: 'keep', reason: expect.stringContaining('§ 58 KomHVO NRW') });
    expect(line('application', withdrawn)).toMatchObject({ action: 'erase' });
    expect(line('application', held)).toMatchObject({ action: 'keep', reason: expect.stringContaining('Widerspruchsverfahren 32-2026-17') });
    expect(line('draft', 'resident-parking')).toMatchObject({ action: 'erase' });

    const empty = await api('POST', `/privacy/erasure-requests/${requestId}/decision`, { as: dpo, body: { answer: '' } });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('body/answer');
    const decision = await api('POST', `/privacy/erasure-requests/${requestId}/decision`, { as: dpo, body: { answer: 'Wir haben gelöscht, was wir nicht mehr brauchen.' } });
    expect(decision.status).toBe(200);
    expect(decision.body.decision.erased.map((item: any) => item.recordId).sort()).toEqual(expect.arrayContaining([withdrawn, 'resident-parking']));
    expect((await api('POST', `/privacy/erasure-requests/${requestId}/decision`, { as: dpo, body: { answer: 'Ein zweites Mal entschieden.' } })).status).toBe(409);

    // Erased: the withdrawn application and the draft; kept: the decided application and the held one.
    expect((await api('GET', `/applications/${withdrawn}`, { as: citizen })).status).toBe(404);
    expect((await api('GET', '/drafts/resident-parking', { as: citizen })).status).toBe(404);
    expect((await api('GET', `/applications/${decided.body.applicationId}`, { as: citizen })).status).toBe(200);
    expect((await api('GET', `/applications/${held}`, { as: citizen })).status).toBe(200);
    // The person reads the answer on "Meine Daten".
    const answered = (await api('GET', '/privacy/me', { as: citizen })).body.requests.find((request: any) => request.requestId === requestId);
    expect(answered).toMatchObject({ status: 'decided', decision: { answer: 'Wir haben gelöscht, was wir nicht mehr brauchen.' } });
    expect(answered.decision.kept.map((item: any) => item.recordId)).toEqual(expect.arrayContaining([decided.body.applicationId, held]));
    // Releasing the hold: once, then 409.
    expect((await api('DELETE', `/applications/${held}/legal-hold`, { as: dpo })).status).toBe(200);
    expect((await api('DELETE', `/applications/${held}/legal-hold`, { as: dpo })).status).toBe(409);
  });

  it('the record of processing lists the enabled services with recipients and retention, as JSON and as a PDF download', async () => {
    const record = await api('GET', '/privacy/processing-record', { as: dpo });
    expect(record.status).toBe(200);
    expect(record.body.tenantId).toBe(TENANT);
    const parking = record.body.activities.find((activity: any) => activity.id === 'resident-parking');
    expect(parking.retention.period).toBe('3 Jahre nach Abschluss');
    expect(record.body.activities.map((activity: any) => activity.id)).toEqual(expect.arrayContaining(['training', 'payments', 'notifications', 'audit-trail']));
    const link = await api('GET', '/privacy/processing-record?format=pdf', { as: dpo });
    expect(link.status).toBe(200);
    const file = await fetch(link.body.url);
    expect(new TextDecoder('latin1').decode(new Uint8Array(await file.arrayBuffer()).subarray(0, 5))).toBe('%PDF-');
    expect((await api('GET', '/privacy/processing-record?format=docx', { as: dpo })).status).toBe(400);
  });
});
