import { describe, expect, it } from 'vitest';
import { addDays, berlinDate } from '../../functions/core/dates.ts';
import { permitIdOfDocument } from '../../functions/services/resident-parking/permit-document.ts';
import { api, demoUser, eventually } from '../support/api-client.ts';
import { textsOf } from '../support/pdf.ts';
import { moveStepDeadline } from '../support/procedure-clock.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * The revocation of a resident parking permit as an administrative procedure over HTTP against the local platform
 * (§§ 28, 49 VwVfG NRW): "Widerruf beabsichtigt" → the hearing letter on the holder's status page → the holder's answer
 * → the revocation as a Bescheid naming the hearing; a revocation dropped (before and after the answer); a revocation
 * with a recorded dispensation; a hearing whose deadline passes (the repair schedule expires it) — and every refusal on
 * the way (revoking while the letter is open, a second procedure, a deadline too short or after the permit ends, a
 * drop without a procedure, another person's answer).
 */
const tenant = 'dormagen';
const citizen = demoUser('citizen', tenant);
const otherCitizen = demoUser('business', tenant);
const caseworker = demoUser('caseworker', tenant);
const street = { street: 'Kölner Straße', postcode: '41539', city: 'Dormagen', zoneId: 'DO-1' };
const parking = residentParking(api, street, citizen);
const REPAIR = 'openkreis-dev-application-repair';

/** A permit issued to the demo citizen: its application (completed) and the permit's id. */
async function issuedPermit(plate: string) {
  const submitted = await parking.submit(parkingForm(street, plate));
  expect(submitted.status).toBe(201);
  await parking.pay(await parking.statusIs(submitted.body.applicationId, 'awaiting-payment'));
  const done = await parking.statusIs(submitted.body.applicationId, 'completed');
  const permitId = done.documents.map((document: { documentId: string }) => permitIdOfDocument(document.documentId)).find(Boolean) as string;
  expect(permitId).toEqual(expect.any(String));
  return { app: done, permitId };
}

const problem = (response: { status: number; headers: Headers; body: any }) => {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return response.body;
};

async function bescheidText(applicationId: string, documentId: string) {
  const link = await api('GET', `/applications/${applicationId}/documents/${documentId}`, { as: citizen });
  expect(link.status).toBe(200);
  return (await textsOf(new Uint8Array(await (await fetch(link.body.url)).arrayBuffer()))).join(' ');
}

async function mailSubjects(): Promise<string[]> {
  return ((await api('GET', '/local/outbox')).body.emails as Array<{ subject: string }>).map((email) => email.subject);
}

const plateStatus = async (plate: string) => (await api('GET', `/permits/check?plate=${encodeURIComponent(plate)}&zone=DO-1`, { as: caseworker })).body.status;

describe('revocation of a resident parking permit with an online hearing', () => {
  it('runs Widerruf beabsichtigt → the holder answers on the status page → revocation as a Bescheid that names the hearing', async () => {
    const { app, permitId } = await issuedPermit('DO-WR 201');
    const today = berlinDate(new Date());
    const start = `/permits/${permitId}/revocation`;

    // Without the hearing (or a reason why none is needed) there is no revocation.
    const unheard = await api('POST', `/permits/${permitId}/revoke`, { as: caseworker, body: { reason: 'Umzug aus der Zone bekannt geworden.' } });
    expect(unheard.status).toBe(422);
    expect(problem(unheard).errors[0].field).toBe('body/hearingDispensation');

    // Deadlines: at least 7 days, and before the permit ends.
    const short = await api('POST', start, { as: caseworker, body: { message: 'Nach dem Melderegister wohnen Sie nicht mehr in der Zone DO-1.', deadline: addDays(today, 3) } });
    expect(short.status).toBe(422);
    expect(problem(short).errors).toEqual([{ field: 'body/deadline', message: 'Die Frist muss mindestens 7 Tage betragen.' }]);
    const late = await api('POST', start, { as: caseworker, body: { message: 'Nach dem Melderegister wohnen Sie nicht mehr in der Zone DO-1.', deadline: addDays(today, 400) } });
    expect(late.status).toBe(422);
    expect(problem(late).errors[0].message).toContain('vor dem Ende der Gültigkeit');

    const started = await api('POST', start, { as: caseworker, body: { message: 'Nach dem Melderegister wohnen Sie nicht mehr in der Zone DO-1.' } });
    expect(started.status).toBe(201);
    const step = started.body.steps.at(-1);
    expect(step).toMatchObject({ kind: 'hearing', intendedDecision: 'revoke', status: 'open', deadline: addDays(today, 14) });
    expect(started.body).toMatchObject({ status: 'completed', openStep: { stepId: step.stepId, kind: 'hearing' } });
    expect(started.body.timeline.at(-1).note).toContain('Widerruf des Bewohnerparkausweises beabsichtigt');
    // Until the decision the permit stays valid; a second procedure and a revocation while the letter is open are refused.
    expect(await plateStatus('DO-WR 201')).toBe('valid');
    expect((await api('POST', start, { as: caseworker, body: { message: 'Noch ein Verfahren zum selben Ausweis, bitte.' } })).status).toBe(409);
    const early = await api('POST', `/permits/${permitId}/revoke`, { as: caseworker, body: { reason: 'Umzug aus der Zone bekannt geworden.', hearingDispensation: 'Eine Anhörung ist nicht nötig, meint die Verwaltung.' } });
    expect(early.status).toBe(409);
    expect(problem(early).detail).toContain('kann sich noch bis zum');
    expect(await eventually(async () => (await mailSubjects()).find((subject) => subject === 'Anhörung: Widerruf Ihres Bewohnerparkausweises für DO-WR 201 beabsichtigt'))).toBeTruthy();

    // The holder reads the letter on the status page and answers there; nobody else can.
    const seen = await parking.read(app.applicationId);
    expect(seen.steps.at(-1)).toMatchObject({ stepId: step.stepId, intendedDecision: 'revoke', message: 'Nach dem Melderegister wohnen Sie nicht mehr in der Zone DO-1.' });
    const answerPath = `/applications/${app.applicationId}/steps/${step.stepId}/answer`;
    expect((await api('POST', answerPath, { as: otherCitizen, body: { text: 'Ich antworte für jemand anderen.' } })).status).toBe(404);
    const answered = await api('POST', answerPath, { as: citizen, body: { text: 'Ich bin erst zum Monatsende umgezogen.' } });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'completed' });
    expect(answered.body).not.toHaveProperty('openStep');
    expect(answered.body.steps.at(-1)).toMatchObject({ status: 'answered', answer: { text: 'Ich bin erst zum Monatsende umgezogen.' } });

    // The revocation: a Bescheid that names the hearing and the answer, kept with the application.
    const revoked = await api('POST', `/permits/${permitId}/revoke`, { as: caseworker, body: { reason: 'Sie wohnen nicht mehr in der Zone DO-1.' } });
    expect(revoked.status).toBe(200);
    expect(await plateStatus('DO-WR 201')).toBe('revoked');
    const after = await parking.read(app.applicationId);
    expect(after.steps.at(-1)).toMatchObject({ stepId: step.stepId, status: 'answered', outcome: 'revoked' });
    const bescheid = after.documents.find((document: { kind: string }) => document.kind === 'bescheid');
    expect(bescheid).toMatchObject({ documentId: `widerruf-${permitId}`, direction: 'issued' });
    const text = await bescheidText(app.applicationId, bescheid.documentId);
    for (const part of ['Bescheid', 'widerrufen', 'wurden Sie zu dem beabsichtigten Widerruf angehört (§ 28 Abs. 1 VwVfG NRW)', 'Ihre Stellungnahme vom', '§ 49 Abs. 2 Satz 1 Nr. 3', 'Rechtsbehelfsbelehrung']) {
      expect(text).toContain(part);
    }
    // Nothing to drop any more.
    expect((await api('POST', `${start}/drop`, { as: caseworker, body: { reason: 'Doch nicht weiter verfolgen.' } })).status).toBe(409);
  });

  it('drops the revocation while the letter is open: the letter is cancelled, the permit stays valid, a new procedure may start', async () => {
    const { app, permitId } = await issuedPermit('DO-WR 202');
    const started = await api('POST', `/permits/${permitId}/revocation`, { as: caseworker, body: { message: 'Ihr Fahrzeug ist nach Auskunft des KBA abgemeldet.' } });
    expect(started.status).toBe(201);
    const step = started.body.steps.at(-1);
    const dropped = await api('POST', `/permits/${permitId}/revocation/drop`, { as: caseworker, body: { reason: 'Die Auskunft betraf ein anderes Fahrzeug.' } });
    expect(dropped.status).toBe(200);
    expect(dropped.body).not.toHaveProperty('openStep');
    expect(dropped.body.steps.at(-1)).toMatchObject({ stepId: step.stepId, status: 'cancelled', outcome: 'dropped' });
    expect(dropped.body.timeline.at(-1).note).toBe('Widerruf des Bewohnerparkausweises wird nicht weiter verfolgt: Die Auskunft betraf ein anderes Fahrzeug.');
    expect(await plateStatus('DO-WR 202')).toBe('valid');
    // The holder can no longer answer the cancelled letter.
    const late = await api('POST', `/applications/${app.applicationId}/steps/${step.stepId}/answer`, { as: citizen, body: { text: 'Zu spät?' } });
    expect(late.status).toBe(409);
    expect(problem(late).detail).toBe('Die Verwaltung hat das Verfahren eingestellt. Sie müssen auf dieses Schreiben nicht mehr antworten.');
    // A second drop has nothing to drop; a new procedure may start.
    expect((await api('POST', `/permits/${permitId}/revocation/drop`, { as: caseworker, body: { reason: 'Noch einmal einstellen.' } })).status).toBe(409);
    expect((await api('POST', `/permits/${permitId}/revocation`, { as: caseworker, body: { message: 'Ihr Fahrzeug ist nach Auskunft des KBA nun doch abgemeldet.' } })).status).toBe(201);
  });

  it('drops the revocation after the answer: the answered letter is marked dropped', async () => {
    const { app, permitId } = await issuedPermit('DO-WR 203');
    const step = (await api('POST', `/permits/${permitId}/revocation`, { as: caseworker, body: { message: 'Nach dem Melderegister wohnen Sie nicht mehr in der Zone DO-1.' } })).body.steps.at(-1);
    expect((await api('POST', `/applications/${app.applicationId}/steps/${step.stepId}/answer`, { as: citizen, body: { text: 'Ich wohne weiter hier; die Meldebescheinigung hängt an.' } })).status).toBe(200);
    const dropped = await api('POST', `/permits/${permitId}/revocation/drop`, { as: caseworker, body: { reason: 'Die Stellungnahme belegt die Hauptwohnung in der Zone.' } });
    expect(dropped.status).toBe(200);
    expect(dropped.body.steps.at(-1)).toMatchObject({ status: 'answered', outcome: 'dropped' });
    expect(await plateStatus('DO-WR 203')).toBe('valid');
    expect((await api('POST', `/permits/${permitId}/revoke`, { as: caseworker, body: { reason: 'Doch widerrufen.' } })).status).toBe(422);
  });

  it('revokes without a hearing when the caseworker records why it is dispensable, with the reason in the Bescheid', async () => {
    const { app, permitId } = await issuedPermit('DO-WR 204');
    const dispensation = 'Die Inhaberin hat den Wegzug selbst schriftlich mitgeteilt; von ihren Angaben wird nicht abgewichen (§ 28 Abs. 2 Nr. 3 VwVfG NRW).';
    const revoked = await api('POST', `/permits/${permitId}/revoke`, { as: caseworker, body: { reason: 'Sie wohnen nicht mehr in der Zone DO-1.', hearingDispensation: dispensation } });
    expect(revoked.status).toBe(200);
    const text = await bescheidText(app.applicationId, `widerruf-${permitId}`);
    expect(text).toContain('Von einer Anhörung wurde abgesehen (§ 28 Abs. 2 VwVfG NRW)');
    expect(text).toContain('von ihren Angaben wird nicht abgewichen');
    // A revoked permit gets no revocation procedure.
    expect((await api('POST', `/permits/${permitId}/revocation`, { as: caseworker, body: { message: 'Nach dem Melderegister wohnen Sie nicht mehr in der Zone DO-1.' } })).status).toBe(409);
  });

  it('expires an unanswered hearing by the repair schedule; the revocation then states that the holder did not answer', async () => {
    const { app, permitId } = await issuedPermit('DO-WR 205');
    const step = (await api('POST', `/permits/${permitId}/revocation`, { as: caseworker, body: { message: 'Nach dem Melderegister wohnen Sie nicht mehr in der Zone DO-1.' } })).body.steps.at(-1);
    const yesterday = addDays(berlinDate(new Date()), -1);
    await moveStepDeadline(tenant, app.applicationId, step.stepId, yesterday);
    expect((await api('POST', `/local/schedules/${REPAIR}/run`, { body: { tenants: [tenant] } })).status).toBe(200);
    const expired = await eventually(async () => {
      const seen = await parking.read(app.applicationId);
      return seen.steps.at(-1).status === 'expired' ? seen : undefined;
    });
    expect(expired).toMatchObject({ status: 'completed' });
    expect(expired).not.toHaveProperty('openStep');
    expect((await api('POST', `/applications/${app.applicationId}/steps/${step.stepId}/answer`, { as: citizen, body: { text: 'Zu spät.' } })).status).toBe(409);
    expect((await api('POST', `/permits/${permitId}/revoke`, { as: caseworker, body: { reason: 'Sie wohnen nicht mehr in der Zone DO-1.' } })).status).toBe(200);
    const text = await bescheidText(app.applicationId, `widerruf-${permitId}`);
    expect(text).toContain('haben Sie sich nicht geäußert');
  });

  it('revokes right after the deadline even before the schedule closed the letter: the letter expires first', async () => {
    const { app, permitId } = await issuedPermit('DO-WR 207');
    const step = (await api('POST', `/permits/${permitId}/revocation`, { as: caseworker, body: { message: 'Nach dem Melderegister wohnen Sie nicht mehr in der Zone DO-1.' } })).body.steps.at(-1);
    await moveStepDeadline(tenant, app.applicationId, step.stepId, addDays(berlinDate(new Date()), -1));
    expect((await api('POST', `/permits/${permitId}/revoke`, { as: caseworker, body: { reason: 'Sie wohnen nicht mehr in der Zone DO-1.' } })).status).toBe(200);
    const after = await parking.read(app.applicationId);
    expect(after.steps.at(-1)).toMatchObject({ stepId: step.stepId, status: 'expired', outcome: 'revoked' });
    expect(after).not.toHaveProperty('openStep');
    expect(await bescheidText(app.applicationId, `widerruf-${permitId}`)).toContain('haben Sie sich nicht geäußert');
  });

  it('answers malformed requests with a German problem at the failing field, and an unknown permit with 404', async () => {
    const { permitId } = await issuedPermit('DO-WR 206');
    const cases: Array<[string, unknown, string]> = [
      ['revocation', { message: 'Zu kurz.' }, 'body/message'],
      ['revocation', { message: 'Nach dem Melderegister wohnen Sie nicht mehr hier.', deadline: '24.12.2026' }, 'body/deadline'],
      ['revocation', { message: 'Nach dem Melderegister wohnen Sie nicht mehr hier.', extra: true }, 'body'],
      ['revocation/drop', { reason: 'kurz' }, 'body/reason'],
      ['revoke', { reason: 'Umzug aus der Zone', hearingDispensation: 'keine' }, 'body/hearingDispensation'],
    ];
    for (const [path, body, field] of cases) {
      const response = await api('POST', `/permits/${permitId}/${path}`, { as: caseworker, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(problem(response).errors.map((error: { field: string }) => error.field.replace(/\/extra$/, '')), JSON.stringify(body)).toContain(field);
    }
    expect(await plateStatus('DO-WR 206')).toBe('valid');
    const unknown = await api('POST', '/permits/AAAAAAAAAAAAAAAAAAAAAA/revocation', { as: caseworker, body: { message: 'Nach dem Melderegister wohnen Sie nicht mehr hier.' } });
    expect(unknown.status).toBe(404);
    expect((await api('POST', `/permits/${permitId}/revocation`, { as: citizen, body: { message: 'Nach dem Melderegister wohnen Sie nicht mehr hier.' } })).status).toBe(403);
  });
});
