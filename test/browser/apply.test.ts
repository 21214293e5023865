import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, checkoutPath, demoUser, eventually } from '../support/api-client.ts';
import { expectAccessible, expectReflow, launchBrowser, newPage, signIn } from '../support/browser.ts';

/**
 * Applying online in a real browser, through the forms rendered from each service's schema and hints: a citizen
 * applies for a resident parking permit and corrects an error the form finds and one only the server finds (the
 * address outside every zone), pays in the sandbox, follows the status to the permit and downloads its PDF; the same form with the keyboard alone;
 * a draft saved, signed out, resumed with every value; a network failure while submitting that keeps the input and
 * retries with the same Idempotency-Key; a business registering a trade (GewA1) through its task list, and picking
 * the business for a GewA2 from the trade register. axe and reflow at 320 px on every step and state.
 *
 * Each story has its own municipality's users, so that stories and the API tests never share a draft or a plate.
 */
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const plate = (prefix: string) => `${prefix}-FB ${1000 + Math.floor(Math.random() * 8999)}`;

async function checked(page: Page, label: string) {
  await expectAccessible(page, label);
  await expectReflow(page, label);
}

async function heading(page: Page): Promise<string> {
  await page.locator('h1').waitFor();
  return (await page.locator('h1').textContent()) ?? '';
}

/** Waits for the page of a step (a step loads its draft, the form's schema and the zones: give it time under load). */
async function stepIs(page: Page, title: string) {
  await expect.poll(() => heading(page), { timeout: 15_000 }).toBe(title);
}

const focused = (page: Page, expression: string) => expect.poll(() => page.evaluate(expression), { timeout: 5_000 });

/** Starts the service's form from a fresh draft (a draft of an earlier run is discarded through the API). */
async function startForm(page: Page, user: string, serviceId: string) {
  await api('DELETE', `/drafts/${serviceId}`, { as: user });
  await signIn(page, user, `/dienste/${serviceId}`);
  await page.getByRole('link', { name: 'Antrag starten' }).waitFor();
}

describe('a citizen applies for a resident parking permit', () => {
  it('fills the steps, corrects an error of the form and one of the server, checks the answers with the fee, submits, pays, follows the status and downloads the permit', async () => {
    const user = demoUser('citizen', 'grevenbroich');
    const { page, context } = await newPage(browser);
    await startForm(page, user, 'resident-parking');
    expect(await heading(page)).toBe('Bewohnerparkausweis');
    await page.getByText('Ausweis für 12 Monate').waitFor();
    await page.getByText(/Erlaubt sind PDF, JPEG oder PNG, höchstens 10 MB/).waitFor();
    await checked(page, 'service page');

    await page.getByRole('link', { name: 'Antrag starten' }).click();
    await stepIs(page, 'Ihre Angaben');
    await checked(page, 'step 1');
    // The form's own check: nothing filled in.
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    const summary = page.locator('.ok-error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual(['Bitte geben Sie Ihren Vornamen an.', 'Bitte geben Sie Ihren Familiennamen an.']);
    await focused(page, 'document.activeElement?.classList.contains("ok-error-summary")').toBe(true);
    expect(await page.getByLabel('Vorname').getAttribute('aria-invalid')).toBe('true');
    await checked(page, 'step 1 with errors');
    await summary.getByRole('link', { name: 'Bitte geben Sie Ihren Vornamen an.' }).click();
    await focused(page, 'document.activeElement?.id').toBe('f-applicant-givenName');
    await page.getByLabel('Vorname').fill('Greta');
    await page.getByLabel('Familienname', { exact: true }).fill('Grevenbroich');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();

    await stepIs(page, 'Ihre Hauptwohnung');
    // An address that lies in no zone: only the server knows the zones.
    await page.getByLabel('Straße', { exact: true }).fill('Bahnhofstraße');
    await page.getByLabel('Hausnummer', { exact: true }).fill('5');
    await page.getByLabel('Postleitzahl', { exact: true }).fill('41515');
    await page.getByLabel('Ort', { exact: true }).fill('Grevenbroich');
    await page.getByLabel('Gemeldet unter dieser Adresse seit').fill('2020-02-01');
    await checked(page, 'step 2');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();

    await stepIs(page, 'Ihr Fahrzeug');
    const vehiclePlate = plate('GV');
    await page.getByLabel('Kennzeichen').fill(vehiclePlate.toLowerCase());
    await page.getByLabel('Ich bin Halterin oder Halter des Fahrzeugs').check();
    await page.getByLabel(/Zulässiges Gesamtgewicht/).fill('1450');
    await checked(page, 'step 3');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();

    await stepIs(page, 'Parkzone und Gültigkeit');
    await page.getByText('Ihre Anschrift liegt in keiner Bewohnerparkzone').waitFor();
    await checked(page, 'step 4, no zone for the address');
    await page.getByLabel(/Innenstadt \(GV-1\)/).check();
    await page.getByLabel('12 Monate').check();
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();

    await stepIs(page, 'Einwilligung');
    await page.getByLabel(/Ich bin damit einverstanden/).check();
    await checked(page, 'step 5');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();

    // The check page asks the server: it refuses the address, and the form goes back to the step that asks for it.
    await stepIs(page, 'Ihre Hauptwohnung');
    await summary.waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual(['Die Adresse liegt in keiner Bewohnerparkzone.']);
    await page.getByText(/liegt in keiner Bewohnerparkzone von Stadt Grevenbroich/).waitFor();
    expect(await page.locator('#f-residence-error').textContent()).toContain('Die Adresse liegt in keiner Bewohnerparkzone.');
    await focused(page, 'document.activeElement?.classList.contains("ok-error-summary")').toBe(true);
    await checked(page, 'step 2 with the server\'s error');
    await page.getByLabel('Straße', { exact: true }).fill('Kölner Straße');
    await page.getByLabel('Hausnummer', { exact: true }).fill('12');
    expect(await summary.count()).toBe(0);
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await stepIs(page, 'Ihr Fahrzeug');
    expect(await page.getByLabel('Kennzeichen').inputValue()).toBe(vehiclePlate.toLowerCase());
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await stepIs(page, 'Parkzone und Gültigkeit');
    await page.getByText('Ihre Anschrift liegt in der Zone „Innenstadt“ (GV-1)').waitFor();
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await stepIs(page, 'Einwilligung');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();

    await stepIs(page, 'Prüfen Sie Ihre Angaben');
    await page.locator('#fee-amount').waitFor();
    expect(await page.locator('#fee-amount').textContent()).toMatch(/120,00\s€ – Ausweis für 12 Monate/);
    const answers = await page.locator('.kern-summary').allTextContents();
    expect(answers.join(' ')).toContain('Kölner Straße');
    expect(answers.join(' ')).toContain('01.02.2020');
    expect(answers.join(' ')).toContain('Ich bin Halterin oder Halter des Fahrzeugs');
    await checked(page, 'check your answers');

    await page.getByRole('button', { name: 'Antrag absenden' }).click();
    await page.waitForURL('**/dienste/resident-parking/bestaetigung/**');
    await page.locator('#case-number').waitFor();
    expect(await page.locator('#case-number').textContent()).toMatch(/^GV-BPA-\d{4}-\d{6}$/);
    const pay = page.getByRole('link', { name: /Jetzt 120,00\s€ bezahlen/ });
    await pay.waitFor({ timeout: 30_000 });
    expect(new URL((await pay.getAttribute('href'))!).pathname).toMatch(/^\/sandbox-pay\//);
    expect(await page.getByRole('link', { name: 'Stand Ihres Antrags ansehen' }).getAttribute('href')).toMatch(/^\/antraege\/[0-9a-f-]{36}$/);
    await checked(page, 'confirmation');
    // The submission discarded the draft.
    expect((await api('GET', '/drafts/resident-parking', { as: user })).status).toBe(404);

    // Story (1) goes on from the confirmation: pays in the sandbox, follows the status to the permit, downloads it.
    await pay.click();
    await page.waitForURL('**/sandbox-pay/**');
    await page.getByRole('button', { name: 'Bezahlen' }).click();
    await expect.poll(() => heading(page)).toBe('Ergebnis der Testzahlung');
    await page.getByRole('link', { name: 'Zurück zu Ihrem Antrag' }).click();
    await page.waitForURL(/\/antraege\/[0-9a-f-]{36}$/);
    await expect
      .poll(() => page.getByRole('status').filter({ has: page.locator('.kern-badge') }).textContent(), { timeout: 30_000 })
      .toContain('Bewohnerparkausweis ausgestellt');
    await checked(page, 'status: completed');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Bewohnerparkausweis herunterladen (PDF)' }).click()]);
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await context.close();
  }, 300_000);

  it('is complete with the keyboard alone', async () => {
    const user = demoUser('citizen', 'meerbusch');
    const { page, context } = await newPage(browser);
    await startForm(page, user, 'resident-parking');
    const keys = page.keyboard;
    /** Moves the focus with Tab until the element is focused, as a keyboard user does. */
    const tabTo = async (selector: string) => {
      for (let presses = 0; presses < 80; presses += 1) {
        if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
        await keys.press('Tab');
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await tabTo('a[href="/dienste/resident-parking/antrag"]');
    await keys.press('Enter');
    await stepIs(page, 'Ihre Angaben');
    await tabTo('#f-applicant-givenName');
    await keys.type('Mia');
    await keys.press('Tab');
    await keys.type('Meerbusch');
    await tabTo('button[type=submit]');
    await keys.press('Enter');

    await stepIs(page, 'Ihre Hauptwohnung');
    await tabTo('#f-residence-street');
    await keys.type('Dorfstraße');
    await keys.press('Tab');
    await keys.type('7');
    await keys.press('Tab');
    await keys.type('40667');
    await keys.press('Tab');
    await keys.type('Meerbusch');
    await tabTo('#f-registeredAtAddressSince');
    await keys.type('01032021');
    await tabTo('button[type=submit]');
    await keys.press('Enter');

    await stepIs(page, 'Ihr Fahrzeug');
    await tabTo('#f-plate');
    await keys.type(plate('ME'));
    await tabTo('#f-vehicle-relation');
    await keys.press('Space');
    await tabTo('#f-vehicle-weightKg');
    await keys.type('1300');
    await keys.press('Enter');

    await stepIs(page, 'Parkzone und Gültigkeit');
    await page.getByText('Ihre Anschrift liegt in der Zone „Innenstadt“ (ME-1)').waitFor();
    expect(await page.getByLabel(/Innenstadt \(ME-1\)/).isChecked()).toBe(true);
    await tabTo('#f-validityMonths');
    // The radios of a group: the arrow key moves to and chooses "12 Monate".
    await keys.press('Space');
    await keys.press('ArrowDown');
    expect(await page.getByLabel('12 Monate').isChecked()).toBe(true);
    await tabTo('button[type=submit]');
    await keys.press('Enter');

    await stepIs(page, 'Einwilligung');
    await tabTo('#f-consent');
    await keys.press('Space');
    await tabTo('button[type=submit]');
    await keys.press('Enter');

    await stepIs(page, 'Prüfen Sie Ihre Angaben');
    await page.locator('#fee-amount').waitFor();
    await tabTo('button[type=submit]');
    await keys.press('Enter');
    await page.waitForURL('**/bestaetigung/**');
    await page.locator('#case-number').waitFor();
    expect(await page.locator('#case-number').textContent()).toMatch(/^ME-BPA-/);
    await expectAccessible(page, 'confirmation (keyboard)');
    await context.close();
  }, 240_000);
});

describe('drafts and failures', () => {
  it('keeps a draft across signing out: the service page offers it with its expiry, and every value is back', async () => {
    const user = demoUser('citizen', 'dormagen');
    const { page, context } = await newPage(browser);
    await startForm(page, user, 'resident-parking');
    await page.getByRole('link', { name: 'Antrag starten' }).click();
    await stepIs(page, 'Ihre Angaben');
    await page.getByLabel('Vorname').fill('Dora');
    await page.getByLabel('Familienname', { exact: true }).fill('Dormagen');
    await page.getByLabel('E-Mail-Adresse').fill('dora@example.test');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await stepIs(page, 'Ihre Hauptwohnung');
    await page.getByLabel('Straße', { exact: true }).fill('Kölner Straße');
    await page.getByLabel('Hausnummer', { exact: true }).fill('21');
    await page.getByLabel('Postleitzahl', { exact: true }).fill('41539');
    await page.getByLabel('Ort', { exact: true }).fill('Dormagen');
    await page.getByLabel('Gemeldet unter dieser Adresse seit').fill('2018-06-15');
    // Saved on request, with the date it would be deleted.
    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await page.getByText(/Ihr Entwurf ist gespeichert\. Er wird am \d{2}\.\d{2}\.\d{4} gelöscht/).waitFor();
    await checked(page, 'draft saved');

    await page.getByRole('link', { name: 'Abmelden', exact: true }).click();
    await page.waitForURL('**/abgemeldet');
    await signIn(page, user, '/dienste/resident-parking');
    await page.getByText('Sie haben einen Entwurf').waitFor();
    await page.getByText(/Er wird am \d{2}\.\d{2}\.\d{4} gelöscht/).waitFor();
    await checked(page, 'service page with a draft');
    await page.getByRole('link', { name: 'Entwurf fortsetzen' }).click();
    // It resumes at the step that was saved, with everything typed.
    await stepIs(page, 'Ihre Hauptwohnung');
    await page.getByText('Entwurf fortsetzen').first().waitFor();
    expect(await page.getByLabel('Straße', { exact: true }).inputValue()).toBe('Kölner Straße');
    expect(await page.getByLabel('Hausnummer', { exact: true }).inputValue()).toBe('21');
    expect(await page.getByLabel('Postleitzahl', { exact: true }).inputValue()).toBe('41539');
    expect(await page.getByLabel('Ort', { exact: true }).inputValue()).toBe('Dormagen');
    expect(await page.getByLabel('Gemeldet unter dieser Adresse seit').inputValue()).toBe('2018-06-15');
    await checked(page, 'resumed draft');
    await page.getByRole('link', { name: 'Zurück' }).click();
    await stepIs(page, 'Ihre Angaben');
    expect(await page.getByLabel('Vorname').inputValue()).toBe('Dora');
    expect(await page.getByLabel('Familienname', { exact: true }).inputValue()).toBe('Dormagen');
    expect(await page.getByLabel('E-Mail-Adresse').inputValue()).toBe('dora@example.test');
    await api('DELETE', '/drafts/resident-parking', { as: user });
    await context.close();
  }, 180_000);

  it('shows a clear message when the network fails while submitting, keeps the input, and retries with the same Idempotency-Key', async () => {
    const user = demoUser('citizen', 'rommerskirchen');
    const { page, context } = await newPage(browser);
    await api('DELETE', '/drafts/resident-parking', { as: user });
    const form = {
      applicant: { givenName: 'Rosa', familyName: 'Rommerskirchen' },
      residence: { street: 'Bahnstraße', houseNumber: '4', postcode: '41569', city: 'Rommerskirchen' },
      registeredAtAddressSince: '2017-01-01',
      plate: plate('RO'),
      vehicle: { relation: 'keeper', weightKg: 1200 },
      zoneId: 'RO-1',
      validityMonths: 6,
      consent: true,
    };
    // A draft at the check page, as if the person had filled the form in earlier.
    expect((await api('PUT', '/drafts/resident-parking', { as: user, body: { form, step: 'pruefen' } })).status).toBe(201);
    await signIn(page, user, '/dienste/resident-parking/antrag');
    await stepIs(page, 'Prüfen Sie Ihre Angaben');
    await page.locator('#fee-amount').waitFor();
    expect(await page.locator('#fee-amount').textContent()).toMatch(/60,00\s€/);

    const keys: string[] = [];
    await page.route('**/api/applications', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      await route.abort('internetdisconnected');
    });
    await page.getByRole('button', { name: 'Antrag absenden' }).click();
    await page.getByText('Keine Verbindung zum Server. Ihre Eingaben sind erhalten').waitFor();
    expect((await page.locator('.kern-summary').allTextContents()).join(' ')).toContain('Rosa');
    await checked(page, 'network failure');

    await page.unroute('**/api/applications');
    await page.route('**/api/applications', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      await route.continue();
    });
    await page.getByRole('button', { name: 'Erneut absenden' }).click();
    await page.waitForURL('**/bestaetigung/**');
    await page.locator('#case-number').waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    await context.close();
  }, 180_000);
});

describe('a business registers a trade', () => {
  it('goes through the GewA1 task list to the confirmation, then picks the business for a GewA2 from the trade register', async () => {
    const user = demoUser('business', 'korschenbroich');
    const { page, context } = await newPage(browser);
    await startForm(page, user, 'business-registration');
    await checked(page, 'GewA1 service page');
    await page.getByRole('link', { name: 'Antrag starten' }).click();
    await stepIs(page, 'Gewerbe anmelden');
    expect(await page.locator('.kern-task-list__status').first().textContent()).toBe('Noch offen');
    await checked(page, 'task list');

    const openTask = async (title: string) => {
      await page.locator('.kern-task-list__title a', { hasText: new RegExp(`${title.replace(/[()]/g, '\\$&')}$`) }).click();
      await stepIs(page, title);
    };
    const tradeName = `Korsch Röstwaren ${Math.floor(Math.random() * 1e6)}`;
    await openTask('Rechtsform und Name');
    await page.getByLabel('Rechtsform').selectOption('einzelunternehmen');
    await checked(page, 'GewA1 legal form');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await stepIs(page, 'Beteiligte Personen');
    const person = page.locator('#f-operator-persons-0');
    await person.getByLabel('Inhaber:in').check();
    await person.getByLabel('Familienname', { exact: true }).fill('Korsch');
    await person.getByLabel('Vornamen', { exact: true }).fill('Karla');
    await person.getByLabel('weiblich').check();
    await person.getByLabel('Geburtsdatum').fill('1979-11-23');
    await person.getByLabel('Geburtsort', { exact: true }).fill('Mönchengladbach');
    await person.getByLabel('Geburtsland', { exact: true }).fill('Deutschland');
    await person.getByLabel('Staatsangehörigkeit 1').fill('000');
    await person.getByLabel('Straße', { exact: true }).fill('Hochstraße');
    await person.getByLabel('Hausnummer', { exact: true }).fill('8');
    await person.getByLabel('Postleitzahl', { exact: true }).fill('41352');
    await person.getByLabel('Ort', { exact: true }).fill('Korschenbroich');
    // A second person can be added and removed again; the changes are announced and the focus stays sensible.
    await page.getByRole('button', { name: 'Weitere Person hinzufügen' }).click();
    await focused(page, 'document.activeElement?.id').toBe('f-operator-persons-1');
    await page.getByText('Person 2 hinzugefügt.').waitFor({ state: 'attached' });
    await checked(page, 'GewA1 two persons');
    await page.getByRole('button', { name: 'Person 2 entfernen' }).click();
    await focused(page, 'document.activeElement?.id').toBe('f-operator-persons-0');
    await page.getByRole('button', { name: 'Speichern und zur Übersicht' }).click();

    await stepIs(page, 'Gewerbe anmelden');
    await openTask('Angaben zum Betrieb');
    await page.getByLabel('Geschäftsbezeichnung').fill(tradeName);
    await page.getByLabel('Hauptniederlassung').check();
    await page.getByLabel('Handel').check();
    await page.getByLabel('Haupterwerb').check();
    await page.locator('#f-business-itinerant-1').check();
    await checked(page, 'GewA1 business');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await stepIs(page, 'Betriebsstätte und Erreichbarkeit');
    await page.getByLabel('Straße', { exact: true }).fill('Sebastianusstraße');
    await page.getByLabel('Hausnummer', { exact: true }).fill('3');
    await page.getByLabel('Postleitzahl', { exact: true }).fill('41352');
    await page.getByLabel('Ort', { exact: true }).fill('Korschenbroich');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await stepIs(page, 'Tätigkeit');
    await page.getByLabel('Angemeldete Tätigkeit').fill('Einzelhandel mit Kaffee und Röstwaren');
    await page.getByLabel('Wirtschaftszweig (WZ 2008)').fill('4729');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await stepIs(page, 'Beschäftigte');
    await page.getByLabel('Vollzeitbeschäftigte').fill('zwei');
    await page.getByLabel('Teilzeitbeschäftigte').fill('1');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    // The schema's own message for a number that is not one.
    await page.locator('.ok-error-summary').getByText('Vollzeitbeschäftigte: Bitte eine ganze Zahl angeben.').waitFor();
    await checked(page, 'GewA1 employees with an error');
    await page.getByLabel('Vollzeitbeschäftigte').fill('2');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await stepIs(page, 'Erlaubnis und Handwerkskarte');
    await page.getByRole('button', { name: 'Speichern und zur Übersicht' }).click();

    await stepIs(page, 'Gewerbe anmelden');
    await openTask('Beginn und Grund der Anmeldung');
    await page.getByLabel('Beginn der angemeldeten Tätigkeit').fill(new Date().toISOString().slice(0, 10));
    await page.getByLabel('Neuerrichtung').check();
    await page.getByRole('button', { name: 'Speichern und zur Übersicht' }).click();
    await openTask('Erklärung');
    await page.getByLabel(/Ich versichere/).check();
    await page.getByRole('button', { name: 'Speichern und zur Übersicht' }).click();
    await stepIs(page, 'Gewerbe anmelden');
    await expect.poll(async () => new Set(await page.locator('.kern-task-list__status').allTextContents()), { timeout: 5_000 }).toEqual(new Set(['Erledigt']));
    await checked(page, 'task list done');

    await page.getByRole('link', { name: 'Angaben prüfen und absenden' }).click();
    await stepIs(page, 'Prüfen Sie Ihre Angaben');
    await page.locator('#fee-amount').waitFor();
    expect(await page.locator('#fee-amount').textContent()).toMatch(/26,00\s€ – Gewerbeanzeige/);
    expect((await page.locator('.kern-summary').allTextContents()).join(' ')).toContain('Einzelunternehmen (nicht im Handelsregister eingetragen)');
    await checked(page, 'GewA1 check your answers');
    await page.getByRole('button', { name: 'Antrag absenden' }).click();
    await page.waitForURL('**/business-registration/bestaetigung/**');
    await page.locator('#case-number').waitFor();
    expect(await page.locator('#case-number').textContent()).toMatch(/^KO-GEW-/);
    await checked(page, 'GewA1 confirmation');

    // Paid (the status helper's pages take it from here), the acknowledgement issued: the business is in the register.
    const applicationId = page.url().split('/').pop()!;
    const awaiting = await eventually(async () => {
      const body = (await api('GET', `/applications/${applicationId}`, { as: user })).body;
      return body.payment?.checkoutUrl ? body : undefined;
    }, 30_000);
    await api('POST', checkoutPath(awaiting), { body: { action: 'pay' } });
    await eventually(async () => (await api('GET', `/applications/${applicationId}`, { as: user })).body.status === 'completed', 30_000);

    await api('DELETE', '/drafts/business-change', { as: user });
    await page.goto('/dienste/business-change/antrag?schritt=betriebs-id');
    await stepIs(page, 'Um welchen Betrieb geht es?');
    const mine = page.getByLabel(new RegExp(`${tradeName} – Sebastianusstraße 3, 41352 Korschenbroich`));
    await mine.waitFor();
    await checked(page, 'Betriebs-ID picker');
    await mine.check();
    await page.getByRole('button', { name: 'Speichern und zur Übersicht' }).click();
    await stepIs(page, 'Gewerbe ummelden');
    const draft = await eventually(async () => {
      const response = await api('GET', '/drafts/business-change', { as: user });
      return response.status === 200 ? response.body : undefined;
    });
    expect(draft.form.change.businessId).toMatch(/^[0-9a-f-]{36}$/);
    expect(draft.form.change.businessId).toBe((await api('GET', '/businesses', { as: user })).body.items.find((entry: { tradeName?: string }) => entry.tradeName === tradeName).businessId);
    await api('DELETE', '/drafts/business-change', { as: user });
    await context.close();
  }, 300_000);
});
