import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, demoUser, eventually, checkoutPath } from '../support/api-client.ts';
import { textsOf } from '../support/pdf.ts';

/**
 * The change of address where the county changes the ZB I later (`county-later`, e.g. Neuss) over HTTP: a citizen reports a move with two vehicles; the municipality
 * registers it and hands one task per vehicle to the county's Zulassungsstelle; the county completes one and fails
 * the other; the citizen and the municipality see one combined status; the tenants stay isolated; a resident parking
 * permit of a citizen who moves out of its zone is revoked and the citizen is told.
 */
const citizen = demoUser('citizen', 'neuss');
const neussCaseworker = demoUser('caseworker', 'neuss');
const countyCaseworker = demoUser('caseworker', 'rhein-kreis-neuss');

const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
const digits = () => String(1000 + Math.floor(Math.random() * 8999));

function moveForm(vehicles: Array<{ plate: string; zb1Number: string }>, overrides: Record<string, unknown> = {}) {
  return {
    applicant: { givenName: 'Erika', familyName: 'Mustermann' },
    moveDate: today,
    oldAddress: { street: 'Kölner Straße', houseNumber: digits(), postcode: '41460', city: 'Neuss' },
    newAddress: { street: 'Am Rathaus', houseNumber: '3', postcode: '41460', city: 'Neuss' },
    vehicles,
    landlordConfirmation: { kind: 'code', code: 'WGB-2026-4711' },
    consent: true,
    ...overrides,
  };
}

async function submit(form: unknown, as = citizen) {
  return api('POST', '/applications', { as, body: { serviceId: 'address-change', form }, headers: { 'idempotency-key': randomUUID() } });
}

async function statusIs(id: string, status: string, as = citizen) {
  return eventually(async () => {
    const response = await api('GET', `/applications/${id}`, { as });
    return response.body.status === status ? response.body : undefined;
  }, 30_000);
}

async function countyTasksOf(caseNumber: string, status = 'open') {
  const response = await api('GET', `/vehicle-registration/tasks?status=${status}&limit=100`, { as: countyCaseworker });
  expect(response.status).toBe(200);
  return (response.body.items as any[]).filter((task) => task.caseNumber === caseNumber);
}

async function outboxFor(to: string): Promise<Array<{ subject: string; body: string }>> {
  const response = await api('GET', '/local/outbox');
  return response.body.emails
    .filter((email: any) => JSON.stringify(email.destination).includes(to))
    .map((email: any) => ({ subject: email.subject, body: JSON.stringify(email) }));
}

describe('change of address with vehicle registration update (Neuss → Rhein-Kreis Neuss: the county changes the ZB I later)', () => {
  const plateA = `NE-UA ${digits()}`;
  const plateB = `NE-UB ${digits()}`;
  let applicationId = '';
  let caseNumber = '';
  let tasks: any[] = [];

  it('registers the move free of charge, issues the Meldebestätigung and hands one task per vehicle to the county', async () => {
    const submitted = await submit(moveForm([
      { plate: plateA, zb1Number: 'ab 1234567' },
      { plate: plateB, zb1Number: 'CD7654321' },
    ]));
    expect(submitted.status).toBe(201);
    expect(submitted.body.caseNumber).toMatch(/^NE-UMZ-\d{4}-\d{6}$/);
    applicationId = submitted.body.applicationId;
    caseNumber = submitted.body.caseNumber;

    const done = await statusIs(applicationId, 'completed');
    expect(done.payment).toBeUndefined();
    expect(done.documents.map((document: { title: string }) => document.title)).toContain('Meldebestätigung');

    tasks = await eventually(async () => {
      const found = await countyTasksOf(caseNumber);
      return found.length === 2 ? found : undefined;
    });
    expect(tasks.map((task) => task.plate).sort()).toEqual([plateA, plateB].sort());
    // Only what the Zulassungsstelle needs: no name, no old address, no application of the municipality.
    for (const task of tasks) {
      expect(Object.keys(task).sort()).toEqual(
        ['caseNumber', 'createdAt', 'fromTenantId', 'fromTenantName', 'handoverId', 'moveDate', 'newAddress', 'plate', 'status', 'statusLabel', 'task', 'tenantId', 'updatedAt', 'zb1Number'].sort(),
      );
      expect(task).toMatchObject({ status: 'open', fromTenantId: 'neuss', tenantId: 'rhein-kreis-neuss', moveDate: today, task: 'vehicle-registration-update' });
      expect(task.newAddress).toEqual({ street: 'Am Rathaus', houseNumber: '3', postcode: '41460', city: 'Neuss' });
    }
    expect(tasks.find((task) => task.plate === plateA).zb1Number).toBe('AB1234567');

    const status = await api('GET', `/address-change/${applicationId}/status`, { as: citizen });
    expect(status.status).toBe(200);
    expect(status.body.status).toBe('in-progress');
    expect(status.body.vehicles.map((vehicle: { status: string }) => vehicle.status)).toEqual(['open', 'open']);
  });

  it('keeps the authorities apart: the municipality cannot read county tasks, the county cannot read the application', async () => {
    const task = tasks[0];
    expect((await api('GET', '/vehicle-registration/tasks?status=open', { as: neussCaseworker })).status).toBe(403);
    expect((await api('GET', `/vehicle-registration/tasks/${task.handoverId}`, { as: neussCaseworker })).status).toBe(403);
    expect((await api('POST', `/vehicle-registration/tasks/${task.handoverId}/complete`, { as: neussCaseworker, body: {} })).status).toBe(403);
    expect((await api('GET', '/vehicle-registration/tasks?status=open', { as: citizen })).status).toBe(403);
    expect((await api('GET', `/applications/${applicationId}`, { as: countyCaseworker })).status).toBe(404);
    expect((await api('GET', `/address-change/${applicationId}/status`, { as: countyCaseworker })).status).toBe(404);
    expect((await api('GET', `/address-change/${applicationId}/status`, { as: demoUser('citizen', 'rommerskirchen') })).status).toBe(404);
  });

  it('shows the county completing one vehicle and failing the other to the citizen and to the municipality', async () => {
    const taskA = tasks.find((task) => task.plate === plateA);
    const taskB = tasks.find((task) => task.plate === plateB);
    const completed = await api('POST', `/vehicle-registration/tasks/${taskA.handoverId}/complete`, { as: countyCaseworker, body: { newCertificateNumber: 'EF1112223' } });
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('done');
    const failed = await api('POST', `/vehicle-registration/tasks/${taskB.handoverId}/fail`, { as: countyCaseworker, body: { reason: 'Die Nummer der Zulassungsbescheinigung passt nicht zum Fahrzeug.' } });
    expect(failed.status).toBe(200);
    expect(failed.body.status).toBe('failed');
    expect((await api('POST', `/vehicle-registration/tasks/${taskA.handoverId}/fail`, { as: countyCaseworker, body: { reason: 'doch nicht' } })).status).toBe(409);
    expect((await countyTasksOf(caseNumber, 'failed')).map((task) => task.plate)).toEqual([plateB]);

    const citizenView = await eventually(async () => {
      const response = await api('GET', `/address-change/${applicationId}/status`, { as: citizen });
      return response.body.vehicles?.every((vehicle: { status: string }) => vehicle.status !== 'open') ? response.body : undefined;
    });
    expect(citizenView.status).toBe('action-required');
    expect(citizenView.municipality).toMatchObject({ caseNumber, status: 'completed' });
    const byPlate = Object.fromEntries(citizenView.vehicles.map((vehicle: any) => [vehicle.plate, vehicle]));
    expect(byPlate[plateA].status).toBe('done');
    expect(byPlate[plateB]).toMatchObject({ status: 'failed', failureReason: 'Die Nummer der Zulassungsbescheinigung passt nicht zum Fahrzeug.' });
    // The municipality sees the status of the handover, not the county's record (no certificate number, no ZB I).
    expect(JSON.stringify(citizenView)).not.toContain('EF1112223');

    const caseworkerView = await api('GET', `/address-change/${applicationId}/status`, { as: neussCaseworker });
    expect(caseworkerView.status).toBe(200);
    expect(caseworkerView.body.handovers.map((handover: any) => [handover.plate, handover.status, handover.to]).sort()).toEqual(
      [[plateA, 'done', 'rhein-kreis-neuss'], [plateB, 'failed', 'rhein-kreis-neuss']].sort(),
    );

    // The county retries the failed task: reopen, then complete — the citizen's status becomes "completed".
    expect((await api('POST', `/vehicle-registration/tasks/${taskB.handoverId}/reopen`, { as: countyCaseworker })).status).toBe(200);
    expect((await api('POST', `/vehicle-registration/tasks/${taskB.handoverId}/complete`, { as: countyCaseworker, body: { note: 'Nummer telefonisch geklärt' } })).status).toBe(200);
    const finished = await eventually(async () => {
      const response = await api('GET', `/address-change/${applicationId}/status`, { as: citizen });
      return response.body.status === 'completed' ? response.body : undefined;
    });
    expect(finished.vehicles.every((vehicle: { status: string }) => vehicle.status === 'done')).toBe(true);
  });

  it('refuses a move to another municipality, and a registration before the move-in date (§ 17 BMG) with a German message at the field', async () => {
    const elsewhere = await submit(moveForm([], { newAddress: { street: 'Markt', houseNumber: '1', postcode: '41363', city: 'Jüchen' } }));
    expect(elsewhere.status).toBe(422);
    expect(JSON.stringify(elsewhere.body)).toContain('nicht in Stadt Neuss');
    for (const days of [1, 14]) {
      const ahead = new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
      const early = await submit(moveForm([], { moveDate: ahead }));
      expect(early.status).toBe(400);
      expect(early.body.errors).toEqual([{ field: 'body/form/moveDate', message: expect.stringContaining('erst ab dem Tag des Einzugs') }]);
    }
  });

  it('requires the landlord’s confirmation (§ 19 BMG), as a file or the landlord’s code, with German messages at the field', async () => {
    const { landlordConfirmation: _omitted, ...withoutConfirmation } = moveForm([]);
    const missing = await submit(withoutConfirmation);
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((error: { field: string }) => error.field)).toContain('body/form/landlordConfirmation');
    const badCode = await submit(moveForm([], { landlordConfirmation: { kind: 'code', code: '12' } }));
    expect(badCode.status).toBe(400);
    expect(badCode.body.errors).toEqual([{ field: 'body/form/landlordConfirmation/code', message: expect.stringContaining('Zuordnungsmerkmal') }]);
    const noFile = await submit(moveForm([], { landlordConfirmation: { kind: 'upload' } }));
    expect(noFile.status).toBe(400);
    expect(JSON.stringify(noFile.body.errors)).toContain('Bitte laden Sie die Wohnungsgeberbestätigung hoch.');
  });

  it('accepts the registration only from a sign-in at trust level "hoch" (§ 23a BMG): refuses one without eID in German, takes it at the counter', async () => {
    for (const trustLevel of ['none', 'substantiell']) {
      const token = await api('POST', '/local/token', { body: { username: citizen, trustLevel } });
      expect(token.status).toBe(200);
      const refused = await api('POST', '/applications', {
        token: token.body.idToken,
        body: { serviceId: 'address-change', form: moveForm([]) },
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(refused.status, trustLevel).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.detail).toContain('Vertrauensniveau „hoch“ (§ 23a Abs. 1 BMG)');
    }
    // The simulated sign-in does not stick: the seeded citizen signs in with the eID again.
    const again = await api('POST', '/local/token', { body: { username: citizen } });
    const accepted = await api('POST', '/applications', { token: again.body.idToken, body: { serviceId: 'address-change', form: moveForm([]) }, headers: { 'idempotency-key': randomUUID() } });
    expect(accepted.status).toBe(201);
    const atCounter = await api('POST', '/applications', {
      as: neussCaseworker,
      body: { serviceId: 'address-change', form: moveForm([]), applicantEmail: 'erika@example.test' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(atCounter.status).toBe(201);
  });

  it('tells the web form about the eID requirement and the landlord’s confirmation (presentation hints)', async () => {
    const services = await api('GET', '/services', { as: citizen });
    const service = services.body.items.find((item: { id: string }) => item.id === 'address-change');
    expect(service.presentation.about.identification).toContain('Vertrauensniveau „hoch“');
    expect(service.presentation.steps.map((step: { id: string }) => step.id)).toContain('wohnungsgeber');
    expect(service.uploads).toEqual([expect.objectContaining({ kind: 'landlord-confirmation', required: 'sometimes' })]);
  });
});

describe('the county’s outcome reaches the citizen by e-mail, and the citizen can correct the ZB I number', () => {
  const SCHEDULE = 'openkreis-dev-vehicle-task-outcomes';
  const runSchedule = async () => expect((await api('POST', `/local/schedules/${SCHEDULE}/run`)).status).toBe(200);
  const mailsAbout = async (plate: string) => (await outboxFor(citizen)).filter((email) => email.subject.includes(`für ${plate}`));

  it('e-mails each outcome exactly once; a failure that asks for the number lets the applicant correct it, which reopens the county task', async () => {
    const plateA = `NE-OA ${digits()}`;
    const plateB = `NE-OB ${digits()}`;
    const submitted = await submit(moveForm([
      { plate: plateA, zb1Number: 'AB1111111' },
      { plate: plateB, zb1Number: 'AB2222222' },
    ]));
    expect(submitted.status).toBe(201);
    const { applicationId, caseNumber } = submitted.body;
    await statusIs(applicationId, 'completed');
    const tasks = await eventually(async () => {
      const found = await countyTasksOf(caseNumber);
      return found.length === 2 ? found : undefined;
    });
    const taskA = tasks.find((task) => task.plate === plateA);
    const taskB = tasks.find((task) => task.plate === plateB);
    const reason = 'Die Nummer der Zulassungsbescheinigung Teil I gehört zu einem anderen Fahrzeug.';

    expect((await api('POST', `/vehicle-registration/tasks/${taskA.handoverId}/complete`, { as: countyCaseworker, body: {} })).status).toBe(200);
    const failed = await api('POST', `/vehicle-registration/tasks/${taskB.handoverId}/fail`, { as: countyCaseworker, body: { reason, citizenAction: 'correct-zb1-number' } });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ status: 'failed', citizenAction: 'correct-zb1-number' });
    expect((await api('POST', `/vehicle-registration/tasks/${taskB.handoverId}/fail`, { as: countyCaseworker, body: { reason, citizenAction: 'pay-more' } })).status).toBe(400);

    // The citizen looking first (read-repair of the municipality's record) takes nothing away from the e-mails.
    const asked = (await api('GET', `/address-change/${applicationId}/status`, { as: citizen })).body;
    const vehicleB = asked.vehicles.find((vehicle: { plate: string }) => vehicle.plate === plateB);
    expect(vehicleB).toMatchObject({ status: 'failed', failureReason: reason, action: { kind: 'correct-zb1-number', handoverId: taskB.handoverId } });

    await runSchedule();
    await runSchedule();
    const updated = await mailsAbout(plateA);
    expect(updated.map((mail) => mail.subject)).toEqual([`Fahrzeugpapiere für ${plateA} aktualisiert (${caseNumber})`]);
    const askedMail = await mailsAbout(plateB);
    expect(askedMail.map((mail) => mail.subject)).toEqual([`Fahrzeugpapiere für ${plateB}: Bitte um Klärung (${caseNumber})`]);
    expect(askedMail[0]!.body).toContain(reason);
    expect(askedMail[0]!.body).toContain('Zulassungsbescheinigung Teil I und senden Sie die richtige Nummer online');
    // The authority by its display name (the sender's domain may carry the county's id; the text may not).
    expect(askedMail[0]!.body).toContain('Zulassungsstelle (Rhein-Kreis Neuss)');
    expect(askedMail[0]!.body).not.toContain('(rhein-kreis-neuss)');

    // Only the applicant, only a valid and different number, only once per failure.
    const path = `/address-change/${applicationId}/handovers/${taskB.handoverId}/zb1-number`;
    expect((await api('POST', path, { as: demoUser('citizen', 'rommerskirchen'), body: { zb1Number: 'AB3333333' } })).status).toBe(404);
    expect((await api('POST', path, { as: neussCaseworker, body: { zb1Number: 'AB3333333' } })).status).toBe(403);
    const malformed = await api('POST', path, { as: citizen, body: { zb1Number: '12345' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'body/zb1Number', message: expect.stringContaining('zwei Buchstaben und sieben Ziffern') }]);
    expect((await api('POST', path, { as: citizen, body: { zb1Number: 'ab 2222222' } })).status).toBe(422);
    expect((await api('POST', `/address-change/${applicationId}/handovers/${taskA.handoverId}/zb1-number`, { as: citizen, body: { zb1Number: 'AB3333333' } })).status).toBe(409);
    const corrected = await api('POST', path, { as: citizen, body: { zb1Number: 'ab 3333333' } });
    expect(corrected.status).toBe(202);
    expect((await api('POST', path, { as: citizen, body: { zb1Number: 'AB4444444' } })).status).toBe(409);
    const sent = (await api('GET', `/address-change/${applicationId}/status`, { as: citizen })).body;
    expect(sent.vehicles.find((vehicle: { plate: string }) => vehicle.plate === plateB)).toMatchObject({ status: 'open', correctionSentAt: corrected.body.correctionSentAt });

    // The county sees the task reopened with the corrected number (and the one it replaced).
    const reopened = (await countyTasksOf(caseNumber, 'open')).find((task) => task.plate === plateB);
    expect(reopened).toMatchObject({ status: 'open', zb1Number: 'AB3333333', zb1Correction: { previous: 'AB2222222' }, updatedBy: 'citizen-correction', reopened: 1 });
    expect(await countyTasksOf(caseNumber, 'failed')).toEqual([]);
    expect((await api('POST', `/vehicle-registration/tasks/${taskB.handoverId}/complete`, { as: countyCaseworker, body: {} })).status).toBe(200);

    await runSchedule();
    await runSchedule();
    expect((await mailsAbout(plateB)).map((mail) => mail.subject)).toEqual([
      `Fahrzeugpapiere für ${plateB}: Bitte um Klärung (${caseNumber})`,
      `Fahrzeugpapiere für ${plateB} aktualisiert (${caseNumber})`,
    ]);
    expect(await mailsAbout(plateA)).toHaveLength(1);
    const finished = (await api('GET', `/address-change/${applicationId}/status`, { as: citizen })).body;
    expect(finished.status).toBe('completed');
  });
});

describe('change of address and the resident parking permit', () => {
  it('revokes the permit of a citizen who moves out of its zone by a Bescheid kept with the permit, and tells the citizen by e-mail', async () => {
    const plate = `NE-PM ${digits()}`;
    const houseNumber = String(10 + Math.floor(Math.random() * 80));
    const permitApplication = await api('POST', '/applications', {
      as: citizen,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        serviceId: 'resident-parking',
        form: {
          applicant: { givenName: 'Erika', familyName: 'Mustermann' },
          residence: { street: 'Büchel', houseNumber, postcode: '41460', city: 'Neuss' },
          registeredAtAddressSince: '2020-03-01',
          plate,
          vehicle: { relation: 'keeper', weightKg: 1400 },
          zoneId: 'NE-1',
          validityMonths: 12,
          consent: true,
        },
      },
    });
    expect(permitApplication.status).toBe(201);
    const awaiting = await statusIs(permitApplication.body.applicationId, 'awaiting-payment');
    expect((await api('POST', checkoutPath(awaiting), { body: { action: 'pay' } })).status).toBe(200);
    await statusIs(permitApplication.body.applicationId, 'completed');
    const before = await api('GET', `/permits/check?plate=${encodeURIComponent(plate)}&zone=NE-1`, { as: demoUser('enforcement', 'neuss') });
    expect(before.body.status).toBe('valid');

    const move = await submit(moveForm([{ plate, zb1Number: 'GH1234567' }], {
      oldAddress: { street: 'Büchel', houseNumber, postcode: '41460', city: 'Neuss' },
      newAddress: { street: 'Am Rathaus', houseNumber: '9', postcode: '41460', city: 'Neuss' },
    }));
    expect(move.status).toBe(201);
    await statusIs(move.body.applicationId, 'completed');

    const after = await eventually(async () => {
      const response = await api('GET', `/permits/check?plate=${encodeURIComponent(plate)}&zone=NE-1`, { as: demoUser('enforcement', 'neuss') });
      return response.body.status === 'revoked' ? response.body : undefined;
    });
    expect(after.status).toBe('revoked');
    const mail = await eventually(async () => (await outboxFor(citizen)).find((email) => email.subject.includes(`${plate} wurde widerrufen`)));
    expect(mail.body).toContain('Umzug aus der Zone');
    expect(mail.body).toContain(`/antraege/${permitApplication.body.applicationId}`);

    // The revocation is an administrative act: its Bescheid is kept with the permit's application for the holder.
    const permitCase = (await api('GET', `/applications/${permitApplication.body.applicationId}`, { as: citizen })).body;
    const bescheid = permitCase.documents.find((document: { kind: string }) => document.kind === 'bescheid');
    expect(bescheid).toMatchObject({ direction: 'issued', title: 'Bescheid (Widerruf des Bewohnerparkausweises)' });
    const link = await api('GET', `/applications/${permitApplication.body.applicationId}/documents/${bescheid.documentId}`, { as: citizen });
    const text = (await textsOf(new Uint8Array(await (await fetch(link.body.url)).arrayBuffer()))).join(' ');
    for (const part of ['Bescheid', `für das Kennzeichen ${plate}`, 'widerrufen', '§ 28 Abs. 2 Nr. 4 VwVfG NRW', 'Umzug aus der Zone', 'Rechtsbehelfsbelehrung']) expect(text).toContain(part);
  });
});
