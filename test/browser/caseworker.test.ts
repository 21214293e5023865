import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GEMARKUNG_MESSAGE } from '../../functions/services/building-encumbrances/parcel.ts';
import { parsePlate } from '../../functions/services/resident-parking/plate.ts';
import { PAGE_PATHS } from '../../web/src/pages/paths.ts';
import { api, demoUser, eventually } from '../support/api-client.ts';
import { expectAccessible, expectReflow, launchBrowser, newPage, signIn } from '../support/browser.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * The caseworker workspace in a real browser against the local platform.
 * Story (3): a citizen's leased car (a proof the automated checks cannot judge) waits in the inbox; the caseworker
 * filters the inbox, opens the case, downloads the proof and approves with the keyboard alone — the citizen then
 * sees the result; another case is rejected after the German error for a missing reason; a permit is revoked without a hearing, with the reason why. Then
 * the county's vehicle tasks (fail with a reason, reopen, complete), the Baulasten register (search, a scan only with
 * a reason, which the access log then shows), and every page of the workspace: axe-clean and reflowing at 320 px.
 */
const TENANT = 'grevenbroich';
const caseworker = demoUser('caseworker', TENANT);
const citizen = demoUser('citizen', TENANT);
const countyCaseworker = demoUser('caseworker', 'rhein-kreis-neuss');
const parking = residentParking(api, { street: 'Kölner Straße', postcode: '41515', city: 'Grevenbroich', zoneId: 'GV-1' }, citizen);

/** The platform answers within seconds even under load; the default of one second is for unit tests. */
const WAIT = { timeout: 15_000 };

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const asCitizen = async (id: string) => (await api('GET', `/applications/${id}`, { as: citizen })).body;

/** Both places an error must be: in the summary at the top (linking to the field) and at the field itself. */
async function expectFieldError(page: Page, fieldId: string, message: string) {
  const summary = page.locator('.ok-error-summary');
  await expect.poll(() => summary.textContent(), WAIT).toContain(message);
  expect(await summary.locator(`a[href="#${fieldId}"]`).count()).toBe(1);
  expect(await page.textContent(`#${fieldId}-error`)).toContain(message);
  expect(await page.getAttribute(`#${fieldId}`, 'aria-invalid')).toBe('true');
  expect(await page.getAttribute(`#${fieldId}`, 'aria-describedby')).toContain(`${fieldId}-error`);
}

describe('story (3): a caseworker decides a case that needs a human, the citizen sees the result', () => {
  let approved: { applicationId: string; caseNumber: string };

  it('finds the case in the filtered inbox, downloads the proof and approves it with the keyboard alone', async () => {
    approved = await parking.leasedAndPaid('GV-CW 101');
    const { page, context } = await newPage(browser);
    await signIn(page, caseworker);
    await page.waitForURL('**/sachbearbeitung');
    const caseLink = page.getByRole('link', { name: approved.caseNumber });
    await caseLink.waitFor();
    await expectAccessible(page, 'inbox');
    await expectReflow(page, 'inbox');

    // The filter is a GET form whose state is the URL: service + "older than 1 day" finds nothing new …
    await page.getByLabel('Dienst').selectOption('resident-parking');
    await page.getByLabel('Älter als (Tage)').fill('1');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await page.waitForURL((url) => url.searchParams.get('dienst') === 'resident-parking' && url.searchParams.get('aelterAls') === '1');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Keine Anträge' }).count(), WAIT).toBe(1);
    await expectAccessible(page, 'inbox, filtered, empty');
    // … an age that is not a whole number is refused with the server's German message, at the field …
    await page.getByLabel('Älter als (Tage)').fill('zwei');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await expectFieldError(page, 'f-aelterAls', 'Bitte eine ganze Zahl von Tagen angeben (1 bis 3650).');
    await expectAccessible(page, 'inbox, filter error');
    // … and the bookmarked filter opens the same list.
    await page.goto('/sachbearbeitung?status=awaiting-decision&dienst=resident-parking');
    await caseLink.waitFor();
    await expect.poll(() => page.getByLabel('Dienst').inputValue(), WAIT).toBe('resident-parking');

    await caseLink.click();
    await page.waitForURL(`**/sachbearbeitung/antraege/${approved.applicationId}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe(`Antrag ${approved.caseNumber}`);
    expect(await page.getByText('Nachweis prüfen').count()).toBeGreaterThan(0);
    expect(await page.getByRole('definition').filter({ hasText: 'GV-CW 101' }).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'case view');
    await expectReflow(page, 'case view');

    const [proof] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Herunterladen: Leasingvertrag.pdf' }).click()]);
    expect(proof.suggestedFilename()).toBe('Leasingvertrag.pdf');
    expect((await readFile((await proof.path())!)).subarray(0, 5).toString()).toBe('%PDF-');

    // Keyboard only: choose, explain, send.
    await page.getByRole('radio', { name: 'Positiv entscheiden' }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('f-decision-reason');
    await page.keyboard.type('Leasingvertrag geprüft: Nutzung durch die Antragstellerin belegt.');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Entscheidung speichern');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'positiv entschieden' }).count(), WAIT).toBe(1);
    await expectAccessible(page, 'case view, decided');

    // The citizen sees the result: the permit is granted and issued.
    const seen = await eventually(async () => {
      const app = await asCitizen(approved.applicationId);
      return app.status === 'completed' ? app : undefined;
    }, 30_000);
    expect(seen.decision).toMatchObject({ outcome: 'approve', reason: 'Leasingvertrag geprüft: Nutzung durch die Antragstellerin belegt.' });
    expect(seen.documents.map((document: { kind: string }) => document.kind)).toContain('permit');
    await context.close();
  });

  it('revokes the permit the case produced without a hearing, after the German errors for a missing reason and a missing dispensation', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, caseworker, `/sachbearbeitung/antraege/${approved.applicationId}`);
    await page.getByText('Ohne Anhörung widerrufen', { exact: true }).click();
    const revoke = page.getByRole('button', { name: 'Bewohnerparkausweis widerrufen' });
    await revoke.click();
    await expectFieldError(page, 'f-revoke-reason', 'Bitte begründen Sie den Widerruf (mindestens 5 Zeichen)');
    await expectAccessible(page, 'revoke, error');
    await page.getByLabel('Begründung des Widerrufs').fill('Die Inhaberin ist aus der Zone verzogen.');
    await revoke.click();
    await expectFieldError(page, 'f-revoke-hearingDispensation', 'Bitte begründen Sie, warum die Anhörung entbehrlich ist (mindestens 10 Zeichen).');
    await page.getByLabel('Warum ist keine Anhörung nötig?').fill('Die Inhaberin hat den Umzug selbst mitgeteilt (§ 28 Abs. 2 Nr. 3 VwVfG NRW).');
    await revoke.click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'widerrufen' }).count(), WAIT).toBe(1);
    const check = await api('GET', `/permits/check?plate=${encodeURIComponent('GV-CW 101')}&zone=GV-1`, { as: caseworker });
    expect(check.body.status).toBe('revoked');
    await context.close();
  });

  it('rejects another case with a reason, after trying without one and seeing the German error at the field', async () => {
    const app = await parking.leasedAndPaid('GV-CW 102');
    const { page, context } = await newPage(browser);
    await signIn(page, caseworker, `/sachbearbeitung/antraege/${app.applicationId}`);
    // No choice yet: the message at the group of choices (its fieldset names the error), linked from the summary.
    await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
    const choose = 'Bitte wählen Sie eine Entscheidung';
    await expect.poll(() => page.locator('.ok-error-summary a[href="#f-decision-outcome"]').textContent(), WAIT).toContain(choose);
    expect(await page.textContent('#f-decision-outcome-error')).toContain(choose);
    expect(await page.getByRole('group', { name: 'Ihre Entscheidung' }).getAttribute('aria-describedby')).toContain('f-decision-outcome-error');
    await page.getByRole('radio', { name: 'Ablehnen' }).check();
    await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
    await expectFieldError(page, 'f-decision-reason', 'Eine Ablehnung oder Teilbewilligung braucht eine Begründung, die die antragstellende Person versteht.');
    // The summary takes the focus, so keyboard and screen-reader users land on it.
    expect(await page.evaluate("document.activeElement?.classList.contains('ok-error-summary')")).toBe(true);
    await expectAccessible(page, 'decision, missing reason');
    await page.getByLabel('Begründung').fill('Zu kurz');
    await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
    await expectFieldError(page, 'f-decision-reason', 'Bitte begründen Sie die Entscheidung (mindestens 10 Zeichen).');

    const reason = 'Der Leasingvertrag nennt eine andere Person als Nutzerin des Fahrzeugs.';
    await page.getByLabel('Begründung').fill(reason);
    await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
    // Not heard yet: the server's rule (§ 28 VwVfG NRW) at the field that states why no hearing is needed.
    await expectFieldError(page, 'f-decision-hearingDispensation', 'Vor einer Ablehnung ist die antragstellende Person anzuhören (§ 28 Abs. 1 VwVfG NRW).');
    await expectAccessible(page, 'decision, no hearing');
    await page.getByLabel('Warum ist keine Anhörung nötig?').fill('Es wird nicht von den Angaben im Antrag abgewichen (§ 28 Abs. 2 Nr. 3 VwVfG NRW).');
    await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'abgelehnt' }).count(), WAIT).toBe(1);
    expect(await page.locator('.ok-error-summary').count()).toBe(0);

    const seen = await eventually(async () => {
      const current = await asCitizen(app.applicationId);
      return current.payment?.refund ? current : undefined;
    }, 30_000);
    expect(seen).toMatchObject({ status: 'rejected', decision: { outcome: 'reject', reason }, payment: { refund: { status: 'REFUNDED' } } });
    await context.close();
  });

  it("shows the server's German problem when the case was decided meanwhile, and keeps what was typed", async () => {
    const app = await parking.leasedAndPaid('GV-CW 103');
    const { page, context } = await newPage(browser);
    await signIn(page, caseworker, `/sachbearbeitung/antraege/${app.applicationId}`);
    await page.getByRole('radio', { name: 'Ablehnen' }).check();
    await page.getByLabel('Begründung').fill('Nachweis unleserlich, bitte neu einreichen.');
    // Someone else decides first.
    expect((await api('POST', `/applications/${app.applicationId}/decision`, { as: caseworker, body: { outcome: 'approve' } })).status).toBe(200);
    await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Über diesen Antrag kann gerade nicht entschieden werden' }).count(), WAIT).toBe(1);
    expect(await page.getByLabel('Begründung').inputValue()).toBe('Nachweis unleserlich, bitte neu einreichen.');
    await expectAccessible(page, 'decision, conflict');
    await context.close();
  });
});

describe('a network failure while deciding', () => {
  it('says so in German, keeps the decision and its reason, and sends it once the connection is back', async () => {
    const app = await parking.leasedAndPaid('GV-CW 105');
    const { page, context } = await newPage(browser);
    await signIn(page, caseworker, `/sachbearbeitung/antraege/${app.applicationId}`);
    const reason = 'Der Nachweis ist nicht lesbar; bitte reichen Sie ihn erneut ein.';
    await page.getByRole('radio', { name: 'Ablehnen' }).check();
    await page.getByLabel('Begründung').fill(reason);
    await page.getByLabel('Warum ist keine Anhörung nötig?').fill('Es wird nicht von den Angaben im Antrag abgewichen (§ 28 Abs. 2 Nr. 3 VwVfG NRW).');
    await page.route('**/decision', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Keine Verbindung zum Server' }).count(), WAIT).toBe(1);
    expect(await page.getByLabel('Begründung').inputValue()).toBe(reason);
    expect(await page.getByRole('radio', { name: 'Ablehnen' }).isChecked()).toBe(true);
    await expectAccessible(page, 'decision, offline');
    await page.unroute('**/decision');
    await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'abgelehnt' }).count(), WAIT).toBe(1);
    expect((await api('GET', `/applications/${app.applicationId}`, { as: caseworker })).body.decision).toMatchObject({ outcome: 'reject', reason });
    await context.close();
  });
});

describe("the county's vehicle registration tasks", () => {
  it('fails a task with a reason (after the German error for none), reopens it and completes it', async () => {
    const plate = `NE-CW ${1000 + Math.floor(Math.random() * 8999)}`;
    const moved = await api('POST', '/applications', {
      as: demoUser('citizen', 'neuss'),
      headers: { 'idempotency-key': randomUUID() },
      body: {
        serviceId: 'address-change',
        form: {
          applicant: { givenName: 'Erika', familyName: 'Mustermann' },
          moveDate: new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' }),
          oldAddress: { street: 'Kölner Straße', houseNumber: String(1 + Math.floor(Math.random() * 98)), postcode: '41460', city: 'Neuss' },
          newAddress: { street: 'Am Rathaus', houseNumber: '7', postcode: '41460', city: 'Neuss' },
          vehicles: [{ plate, zb1Number: 'AB1234567' }],
          landlordConfirmation: { kind: 'code', code: 'WGB-2026-4711' },
          consent: true,
        },
      },
    });
    expect(moved.status).toBe(201);
    const task = await eventually(async () => {
      const tasks = (await api('GET', '/vehicle-registration/tasks?status=open&limit=100', { as: countyCaseworker })).body.items as Array<{ plate: string; handoverId: string }>;
      return tasks.find((candidate) => candidate.plate === plate);
    }, 30_000);

    const { page, context } = await newPage(browser);
    await signIn(page, countyCaseworker);
    await page.waitForURL('**/sachbearbeitung');
    const navigation = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await navigation.getByRole('link', { name: 'Zulassung' }).click();
    await page.waitForURL('**/sachbearbeitung/zulassung');
    const taskLink = page.getByRole('link', { name: plate });
    await taskLink.waitFor();
    await expectAccessible(page, 'vehicle tasks');
    await expectReflow(page, 'vehicle tasks');
    await taskLink.click();
    await page.waitForURL(`**/sachbearbeitung/zulassung/${task.handoverId}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe(`Auftrag ${plate}`);
    await expectAccessible(page, 'vehicle task');
    await expectReflow(page, 'vehicle task');

    await page.getByRole('button', { name: 'Als nicht möglich speichern' }).click();
    await expectFieldError(page, 'f-fail-reason', 'Bitte begründen Sie, warum der Auftrag nicht erledigt werden kann');
    await expectAccessible(page, 'vehicle task, missing reason');
    await page.getByLabel('Grund', { exact: true }).fill('Die Nummer der Zulassungsbescheinigung passt nicht zum Fahrzeug.');
    await page.getByLabel('Die Bürgerin oder den Bürger bitten', { exact: false }).check();
    await page.getByRole('button', { name: 'Als nicht möglich speichern' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'nicht möglich vermerkt' }).count(), WAIT).toBe(1);
    await expect.poll(() => page.getByText('Aktualisierung fehlgeschlagen').count(), WAIT).toBeGreaterThan(0);
    await expectAccessible(page, 'vehicle task, failed');

    await page.getByRole('button', { name: 'Auftrag wieder öffnen' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'wieder offen' }).count(), WAIT).toBe(1);

    await page.getByLabel('Neue Nummer der Zulassungsbescheinigung Teil I').fill('12345');
    await page.getByRole('button', { name: 'Als erledigt speichern' }).click();
    await expectFieldError(page, 'f-complete-newCertificateNumber', 'zwei Buchstaben und sieben Ziffern');
    await page.getByLabel('Neue Nummer der Zulassungsbescheinigung Teil I').fill('ef 111 2223');
    await page.getByRole('button', { name: 'Als erledigt speichern' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'ist erledigt' }).count(), WAIT).toBe(1);
    await expectAccessible(page, 'vehicle task, done');

    const done = (await api('GET', `/vehicle-registration/tasks/${task.handoverId}`, { as: countyCaseworker })).body;
    expect(done).toMatchObject({ status: 'done', newCertificateNumber: 'EF1112223', reopened: 1 });
    await context.close();
  });

  it("is not offered to a municipality's caseworker, and the API's refusal is shown in German", async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, caseworker, '/sachbearbeitung/zulassung');
    await expect.poll(() => page.getByRole('alert').textContent(), WAIT).toContain('Aufträge der Zulassungsstelle sind der Kreisverwaltung vorbehalten.');
    expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Zulassung' }).count()).toBe(0);
    await expectAccessible(page, 'vehicle tasks refused');
    await context.close();
  });
});

describe('the Baulasten register', () => {
  it('finds the Baulasten of a parcel, hands out a scan only with a reason, and shows that access in the log', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, demoUser('caseworker', 'neuss'), '/sachbearbeitung/baulasten');
    await page.getByLabel('Gemarkung').fill('Neuss');
    await page.getByLabel('Flur', { exact: true }).fill('xx');
    await page.getByLabel('Flurstück', { exact: true }).fill('123/4');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await expectFieldError(page, 'f-flur', 'Die Flur ist eine Zahl mit 1 bis 3 Ziffern, z. B. 12.');
    await expectAccessible(page, 'register search, error');

    // A Gemarkung name the register does not know is the server's 422 at the field, never "no Baulast".
    await page.getByLabel('Gemarkung').fill('Atlantis');
    await page.getByLabel('Flur', { exact: true }).fill('12');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await expect.poll(() => page.locator('#f-gemarkung-error').count(), WAIT).toBe(1);
    expect(await page.getByText('keine Baulast eingetragen').count()).toBe(0);

    await page.getByLabel('Gemarkung').fill('Neuss');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.waitForURL((url) => url.searchParams.get('gemarkung') === 'Neuss' && url.searchParams.get('flurstueck') === '123/4');
    const sheetLink = page.getByRole('link', { name: '1001, lfd. Nr. 1' });
    await sheetLink.waitFor();
    expect(await page.getByRole('link', { name: /^1001, lfd\. Nr\./ }).count()).toBe(3);
    await expectAccessible(page, 'register search');
    await expectReflow(page, 'register search');

    await sheetLink.click();
    await page.waitForURL(/\/sachbearbeitung\/baulasten\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe('Baulast 1001, lfd. Nr. 1');
    await expectAccessible(page, 'sheet');
    await expectReflow(page, 'sheet');

    const fetchScan = page.getByRole('button', { name: 'Scan herunterladen' });
    await fetchScan.click();
    await expectFieldError(page, 'f-file-reason', 'Bitte geben Sie den Grund des Zugriffs an');
    await expectAccessible(page, 'sheet, scan without reason');

    const reason = `Bauantrag 63/${Math.floor(Math.random() * 900) + 100}/2026 (Browsertest)`;
    await page.getByLabel('Grund des Abrufs').fill(reason);
    const [scan] = await Promise.all([page.waitForEvent('download'), fetchScan.click()]);
    expect(scan.suggestedFilename()).toMatch(/\.pdf$/);
    const log = page.getByRole('region', { name: 'Zugriffe auf diese Baulast, neueste zuerst' });
    await expect.poll(() => log.getByRole('row').filter({ hasText: reason }).count(), WAIT).toBe(1);
    // The access log is the audit trail's part about this sheet: a read, with the version and the reason as purpose.
    expect(await log.getByRole('row').filter({ hasText: reason }).textContent()).toContain(`Scan der Fassung 1: ${reason}`);
    await expectAccessible(page, 'sheet, scan fetched');
    await context.close();
  });
});

describe('the Baulasten register: digitising a sheet', () => {
  it('registers a Baulast with its scan uploaded from the browser, then adds a version with a rescan', async () => {
    const sheetNumber = String(5000 + Math.floor(Math.random() * 4000));
    const flurstueck = String(900 + Math.floor(Math.random() * 99));
    const pdf = { name: 'Baulastenblatt.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% DEMO Baulastenblatt\n%%EOF\n') };
    const { page, context } = await newPage(browser);
    await signIn(page, demoUser('caseworker', 'neuss'), '/sachbearbeitung/baulasten/neu');
    const save = page.getByRole('button', { name: 'Baulast speichern' });
    await save.waitFor();
    await expectAccessible(page, 'new sheet');
    await expectReflow(page, 'new sheet');

    // Nothing entered: every missing answer at its field, checked with the register's own schema.
    await save.click();
    await expectFieldError(page, 'f-uploadId', 'Bitte wählen Sie die Datei des Scans aus.');
    await expectFieldError(page, 'f-content', 'Bitte geben Sie den Inhalt der Baulast an');
    await expectFieldError(page, 'f-parcels-0-gemarkung', GEMARKUNG_MESSAGE);
    await expectAccessible(page, 'new sheet, errors');

    await page.getByLabel('Nummer des Baulastenblatts').fill(sheetNumber);
    await page.getByLabel('Gemarkung').fill('Neuss');
    await page.getByLabel('Flur', { exact: true }).fill('12');
    await page.getByLabel('Flurstück', { exact: true }).fill(flurstueck);
    await page.getByLabel('Art der Baulast').selectOption('stellplaetze');
    await page.getByLabel('Inhalt').fill('DEMO – Ein Stellplatz für das Vorhaben auf dem Nachbarflurstück.');
    await page.getByLabel('Eingetragen am').fill('2019-03-14');
    // A file the register does not take: the server's policy message, before anything is uploaded.
    await page.getByLabel('Scan des Baulastenblatts').setInputFiles({ name: 'notiz.txt', mimeType: 'text/plain', buffer: Buffer.from('keine PDF') });
    await save.click();
    await expectFieldError(page, 'f-uploadId', 'wird für Scans von Baulastenblättern nicht angenommen');

    await page.getByLabel('Scan des Baulastenblatts').setInputFiles(pdf);
    await save.click();
    await page.waitForURL(/\/sachbearbeitung\/baulasten\/[0-9a-f-]{36}$/, WAIT);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe(`Baulast ${sheetNumber}, lfd. Nr. 1`);
    expect(await page.getByText('Stellplatzbaulast · Fassung 1').count()).toBe(1);

    await page.getByLabel('Grund der neuen Fassung').fill('besserer Scan');
    await page.getByLabel('Neuer Scan').setInputFiles(pdf);
    await page.getByRole('button', { name: 'Neue Fassung speichern' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'neue Fassung ist gespeichert' }).count(), WAIT).toBe(1);
    expect(await page.getByText('Stellplatzbaulast · Fassung 2').count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Fassungen der Baulast' }).getByRole('row').count()).toBe(3);
    await expectAccessible(page, 'sheet, new version');

    const found = await api('GET', `/baulasten/sheets?gemarkung=Neuss&flur=12&flurstueck=${flurstueck}`, { as: demoUser('caseworker', 'neuss') });
    expect(found.body.items).toEqual([expect.objectContaining({ baulastenblatt: sheetNumber, version: 2, kind: 'stellplaetze' })]);
    await context.close();
  });
});

describe('business deliveries (forwarding of Gewerbeanzeigen)', () => {
  it('lists a failing delivery under its status and sends it again, telling the outcome in words', async () => {
    const business = demoUser('business', TENANT);
    const address = { street: 'Kölner Straße', houseNumber: '5', postcode: '41515', city: 'Grevenbroich' };
    const submitted = await api('POST', '/applications', {
      as: business,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        serviceId: 'business-registration',
        form: {
          operator: {
            legalForm: 'einzelunternehmen',
            persons: [{ role: 'holder', familyName: 'Gewerbe', givenNames: 'Max', sex: 'male', birthDate: '1980-04-01', birthPlace: 'Neuss', birthCountry: 'Deutschland', nationalities: ['000'], residence: address }],
          },
          business: { tradeName: 'Max Rad-Versand', premises: address, establishment: 'main', sectors: { industry: false, crafts: false, trade: true, other: false }, occupation: 'secondary', itinerant: false },
          activity: { description: 'Online-Handel mit Fahrradzubehör', wzCode: '47911' },
          employees: { fullTime: 0, partTime: 1 },
          registration: { startDate: new Date().toISOString().slice(0, 10), reason: 'new' },
          declaration: true,
        },
      },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const awaiting = await eventually(async () => {
      const app = (await api('GET', `/applications/${submitted.body.applicationId}`, { as: business })).body;
      return app.status === 'awaiting-payment' ? app : undefined;
    }, 30_000);
    expect((await api('POST', new URL(awaiting.payment.checkoutUrl).pathname, { body: { action: 'pay' } })).status).toBe(200);
    await eventually(async () => (await api('GET', `/applications/${awaiting.applicationId}`, { as: business })).body.status === 'completed', 30_000);
    // Customs only on indications; its demo endpoint refuses the first attempts, so the delivery is `failed`.
    const forwarded = await api('POST', '/business/deliveries', { as: caseworker, body: { applicationId: awaiting.applicationId, recipientId: 'zoll', note: 'Hinweise aus einer Kontrolle' } });
    expect(forwarded.body).toMatchObject({ status: 'failed', totalAttempts: 1 });

    const { page, context } = await newPage(browser);
    await signIn(page, caseworker, '/sachbearbeitung/weiterleitungen');
    await page.getByRole('heading', { level: 1, name: 'Weiterleitungen von Gewerbeanzeigen' }).waitFor();
    await expectAccessible(page, 'deliveries, dead letters');
    await page.getByRole('navigation', { name: 'Übermittlungen nach Stand' }).getByRole('link', { name: 'Neuer Versuch geplant' }).click();
    await page.waitForURL((url) => url.searchParams.get('stand') === 'fehlgeschlagen');
    const row = page.getByRole('row').filter({ hasText: awaiting.caseNumber });
    await row.waitFor();
    await expectAccessible(page, 'deliveries, failed');
    await expectReflow(page, 'deliveries, failed');
    // The scheduled redelivery may have tried once more meanwhile (a slow machine): count from what the row shows.
    const before = Number(await row.getByRole('cell').nth(2).textContent());
    expect(before).toBeGreaterThanOrEqual(1);
    await row.getByRole('button', { name: /^Erneut senden/ }).click();
    await expect.poll(() => page.getByText('Erneut nicht zugestellt').count(), WAIT).toBe(1);
    await expect.poll(() => row.getByRole('cell').nth(2).textContent(), WAIT).toBe(String(before + 1));
    await expectAccessible(page, 'deliveries, resent');
    const after = (await api('GET', `/business/deliveries?applicationId=${awaiting.applicationId}`, { as: caseworker })).body.items;
    expect(after.find((item: { recipientId: string }) => item.recipientId === 'zoll').totalAttempts).toBeGreaterThanOrEqual(before + 1);
    await context.close();
  });
});

describe('the counter (Schalter)', () => {
  it('files an application for a person without an online account: the e-mail checked, the server\'s form errors listed, the case number confirmed', async () => {
    const street = { street: 'Kölner Straße', postcode: '41515', city: 'Grevenbroich', zoneId: 'GV-1' };
    const { page, context } = await newPage(browser);
    await signIn(page, caseworker, '/sachbearbeitung/schalter');
    await page.getByRole('link', { name: 'Bewohnerparkausweis' }).click();
    await page.waitForURL('**/sachbearbeitung/schalter/resident-parking');
    const submit = page.getByRole('button', { name: 'Antrag einreichen' });
    await submit.waitFor();
    await expectAccessible(page, 'counter');
    await expectReflow(page, 'counter');

    await page.getByLabel('E-Mail-Adresse der antragstellenden Person').fill('keine-adresse');
    await submit.click();
    await expectFieldError(page, 'f-applicantEmail', 'Bitte eine gültige E-Mail-Adresse angeben.');
    await page.getByLabel('E-Mail-Adresse der antragstellenden Person').fill('ohne.konto@example.org');

    // The form body (here the interim JSON body): the server's field errors reach the summary and the body.
    const answers = page.getByLabel('Angaben des Antrags (JSON)');
    await answers.fill(JSON.stringify(parkingForm(street, 'GVX-1234567')));
    await submit.click();
    const plateProblem = parsePlate('GVX-1234567');
    await expect.poll(() => page.locator('.ok-error-summary').textContent(), WAIT).toContain(plateProblem.ok ? 'unreachable' : plateProblem.message);
    expect(await page.locator('#f-form--error').textContent()).toContain('plate');
    expect(await page.locator('.ok-error-summary a[href="#f-form-"]').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'counter, server errors');

    await answers.fill(JSON.stringify(parkingForm(street, 'GV-CS 201')));
    await submit.click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe('Antrag erfasst');
    await expectAccessible(page, 'counter, filed');
    await page.getByRole('link', { name: 'Antrag öffnen' }).click();
    await expect.poll(() => page.getByText('am Schalter erfasst', { exact: false }).count(), WAIT).toBe(1);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect((await api('GET', `/applications/${id}`, { as: caseworker })).body).toMatchObject({ channel: 'counter', applicantEmail: 'ohne.konto@example.org' });
    await context.close();
  });
});

describe('every page of the workspace', () => {
  /** A concrete address and a person for each page path of the workspace; a new page without one fails this test. */
  const workspacePaths = PAGE_PATHS.filter((path) => path.startsWith('/sachbearbeitung') || path === '/kontrolle');

  it('is axe-clean and reflows at 320 px, for every page path of the workspace', async () => {
    const app = await parking.leasedAndPaid('GV-CW 104');
    const task = (await api('GET', '/vehicle-registration/tasks?status=open&limit=1', { as: countyCaseworker })).body.items[0] ??
      (await api('GET', '/vehicle-registration/tasks?status=done&limit=1', { as: countyCaseworker })).body.items[0];
    const sheets = (await api('GET', '/baulasten/sheets?gemarkung=3404&flur=12&flurstueck=123%2F4', { as: demoUser('caseworker', 'neuss') })).body.items;
    const visits: Record<string, { as: string; url: string; heading: string | RegExp }> = {
      '/sachbearbeitung': { as: caseworker, url: '/sachbearbeitung', heading: 'Posteingang' },
      '/sachbearbeitung/antraege/:id': { as: caseworker, url: `/sachbearbeitung/antraege/${app.applicationId}`, heading: `Antrag ${app.caseNumber}` },
      '/sachbearbeitung/schalter': { as: caseworker, url: '/sachbearbeitung/schalter', heading: 'Antrag am Schalter' },
      '/sachbearbeitung/schalter/:serviceId': { as: caseworker, url: '/sachbearbeitung/schalter/resident-parking', heading: 'Am Schalter: Bewohnerparkausweis' },
      '/sachbearbeitung/zulassung': { as: countyCaseworker, url: '/sachbearbeitung/zulassung?stand=erledigt', heading: 'Zulassungsstelle: Aufträge' },
      '/sachbearbeitung/zulassung/meldungen': { as: countyCaseworker, url: '/sachbearbeitung/zulassung/meldungen', heading: 'Meldungen der Pilotgemeinden' },
      '/sachbearbeitung/zulassung/:id': { as: countyCaseworker, url: `/sachbearbeitung/zulassung/${task.handoverId}`, heading: `Auftrag ${task.plate}` },
      '/sachbearbeitung/weiterleitungen': { as: caseworker, url: '/sachbearbeitung/weiterleitungen?stand=zugestellt', heading: 'Weiterleitungen von Gewerbeanzeigen' },
      '/sachbearbeitung/baulasten': { as: caseworker, url: '/sachbearbeitung/baulasten', heading: 'Baulastenverzeichnis' },
      '/sachbearbeitung/baulasten/neu': { as: caseworker, url: '/sachbearbeitung/baulasten/neu', heading: 'Neue Baulast erfassen' },
      '/sachbearbeitung/baulasten/:id': { as: demoUser('caseworker', 'neuss'), url: `/sachbearbeitung/baulasten/${sheets[0].sheetId}`, heading: /^Baulast 1001/ },
      '/sachbearbeitung/gewerberegister': { as: caseworker, url: '/sachbearbeitung/gewerberegister', heading: 'Gewerberegister' },
      // A Betriebs-ID the register does not know (the register's own story: test/browser/trade-register.test.ts).
      '/sachbearbeitung/gewerberegister/:id': { as: caseworker, url: `/sachbearbeitung/gewerberegister/${randomUUID()}`, heading: 'Betrieb im Gewerberegister' },
      '/kontrolle': { as: demoUser('enforcement', TENANT), url: '/kontrolle', heading: 'Parkkontrolle' },
    };
    expect(Object.keys(visits).sort()).toEqual([...workspacePaths].sort());
    for (const path of workspacePaths) {
      const visit = visits[path]!;
      const { page, context } = await newPage(browser);
      await signIn(page, visit.as, visit.url);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { ...WAIT, message: path }).toMatch(visit.heading);
      await expect.poll(() => page.locator('.ok-loading').count(), { ...WAIT, message: path }).toBe(0);
      await expectAccessible(page, path);
      await expectReflow(page, path);
      await context.close();
    }
  });
});
