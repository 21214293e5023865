import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, checkoutPath, demoUser, eventually } from '../support/api-client.ts';
import { expectAccessible, expectReflow, launchBrowser, newPage, signIn } from '../support/browser.ts';

/**
 * The change of address in a real browser:
 * - the landlord's confirmation step (Wohnungsgeberbestätigung, § 19 BMG): no choice, a malformed landlord's code and
 *   a missing file each refused at the field (and in the error summary); the code path and the upload path each
 *   through to the submission;
 * - a citizen of a pilot town (Korschenbroich) sees the sticker fee (10.80 €) and what happens with the ZB I before
 *   submitting, pays, and finds it again on the status page;
 * - the town office's caseworker (Jüchen) completes a sticker task ("Aufkleber angebracht"), which reports it to the
 *   county, whose caseworker sees the report;
 * axe and reflow at 320 px on every page and state.
 */
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const WAIT = { timeout: 15_000 };
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
const digits = () => String(1000 + Math.floor(Math.random() * 8999));

async function checked(page: Page, label: string) {
  await expectAccessible(page, label);
  await expectReflow(page, label);
}

async function heading(page: Page): Promise<string> {
  await page.locator('h1').waitFor();
  return (await page.locator('h1').textContent()) ?? '';
}

async function stepIs(page: Page, title: string) {
  await expect.poll(() => heading(page), WAIT).toBe(title);
}

const next = (page: Page) => page.getByRole('button', { name: 'Weiter', exact: true }).click();

/** The error summary's links and the message at the field `fieldId` (`f-…`); on failure the page's errors by id. */
async function expectError(page: Page, fieldId: string, message: string) {
  const summary = page.locator('.ok-error-summary');
  await summary.waitFor(WAIT);
  const errors = async () => {
    const shown: string[] = [];
    for (const node of await page.locator('[id$="-error"]').all()) shown.push(`${await node.getAttribute('id')}: ${(await node.textContent())?.trim()}`);
    return { summary: await summary.getByRole('link').allTextContents(), shown };
  };
  await expect.poll(errors, WAIT).toMatchObject({ summary: expect.arrayContaining([message]), shown: expect.arrayContaining([`${fieldId}-error: Fehler: ${message}`]) });
}

/** From the service page through the steps before the landlord's confirmation. */
async function toLandlordStep(page: Page, user: string, place: { city: string; postcode: string }) {
  await api('DELETE', '/drafts/address-change', { as: user });
  await signIn(page, user, '/dienste/address-change');
  await page.getByRole('link', { name: 'Antrag starten' }).click();
  await stepIs(page, 'Ihre Angaben');
  await page.getByLabel('Vorname').fill('Erika');
  await page.getByLabel('Familienname', { exact: true }).fill('Mustermann');
  await next(page);
  await stepIs(page, 'Ihr Einzug');
  await page.getByLabel('Tag des Einzugs').fill(today());
  await page.getByLabel('Straße', { exact: true }).fill('Am Rathaus');
  await page.getByLabel('Hausnummer', { exact: true }).fill(digits());
  await page.getByLabel('Postleitzahl', { exact: true }).fill(place.postcode);
  await page.getByLabel('Ort', { exact: true }).fill(place.city);
  await next(page);
  await stepIs(page, 'Wohnungsgeberbestätigung');
}

/** From the old home to the check page, with one vehicle. */
async function toCheckPage(page: Page, place: { city: string; postcode: string }, vehicle: { plate: string; zb1Number: string }) {
  await stepIs(page, 'Ihre bisherige Wohnung');
  await page.getByLabel('Straße', { exact: true }).fill('Hochstraße');
  await page.getByLabel('Hausnummer', { exact: true }).fill(digits());
  await page.getByLabel('Postleitzahl', { exact: true }).fill(place.postcode);
  await page.getByLabel('Ort', { exact: true }).fill(place.city);
  await next(page);
  await stepIs(page, 'Ihre Fahrzeuge');
  await page.getByRole('button', { name: 'Fahrzeug hinzufügen' }).click();
  await page.getByLabel('Kennzeichen').fill(vehicle.plate);
  await page.getByLabel('Nummer der Zulassungsbescheinigung Teil I').fill(vehicle.zb1Number);
  await next(page);
  await stepIs(page, 'Einwilligung');
  await page.getByLabel(/Ich bin damit einverstanden/).check();
  await next(page);
  await stepIs(page, 'Prüfen Sie Ihre Angaben');
  await page.locator('#fee-amount').waitFor(WAIT);
}

describe('the landlord’s confirmation (Wohnungsgeberbestätigung) and the pilot’s sticker fee', () => {
  it('refuses the step without a choice and with a malformed code at the field; with the code a citizen of Korschenbroich sees the sticker fee and the ZB I explanation, pays and finds it on the status page', async () => {
    const user = demoUser('citizen', 'korschenbroich');
    const place = { city: 'Korschenbroich', postcode: '41352' };
    const { page, context } = await newPage(browser);
    await toLandlordStep(page, user, place);
    await checked(page, 'landlord step');

    await next(page);
    await expectError(page, 'f-landlordConfirmation-kind', 'Bitte geben Sie an, wie Sie die Wohnungsgeberbestätigung vorlegen: als Datei oder mit dem Zuordnungsmerkmal.');
    await checked(page, 'landlord step, no choice');

    await page.getByLabel('Mit dem Zuordnungsmerkmal (elektronische Bestätigung)').check();
    await page.getByLabel('Zuordnungsmerkmal', { exact: true }).fill('ab');
    await next(page);
    await expectError(page, 'f-landlordConfirmation-code', 'Das Zuordnungsmerkmal besteht aus 6 bis 32 Buchstaben, Ziffern oder Bindestrichen.');
    expect(await page.getByLabel('Zuordnungsmerkmal', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await checked(page, 'landlord step, malformed code');
    await page.getByLabel('Zuordnungsmerkmal', { exact: true }).fill('WGB-2026-4711');
    await next(page);

    const vehicle = { plate: `KO-BR ${digits()}`, zb1Number: 'AB1234567' };
    await toCheckPage(page, place, vehicle);
    await expect.poll(() => page.locator('#fee-amount').textContent(), WAIT).toMatch(/10,80\s€/);
    expect(await page.locator('#fee-amount').textContent()).toContain('GebOSt');
    const notes = (await page.locator('#quote-notes').textContent()) ?? '';
    expect(notes).toContain('Bürgerbüro der Stadt Korschenbroich');
    expect(notes).toContain('Aufkleber');
    expect((await page.locator('.kern-summary').allTextContents()).join(' ')).toContain('WGB-2026-4711');
    await checked(page, 'check page with the sticker fee');

    await page.getByRole('button', { name: 'Antrag absenden' }).click();
    await page.waitForURL('**/dienste/address-change/bestaetigung/**');
    const pay = page.getByRole('link', { name: /Jetzt 10,80\s€ bezahlen/ });
    await pay.waitFor({ timeout: 30_000 });
    await checked(page, 'confirmation');
    await pay.click();
    await page.waitForURL('**/sandbox-pay/**');
    await page.getByRole('button', { name: 'Bezahlen' }).click();
    await expect.poll(() => heading(page), WAIT).toBe('Ergebnis der Testzahlung');
    await page.getByRole('link', { name: 'Zurück zu Ihrem Antrag' }).click();
    await page.waitForURL(/\/antraege\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('#zb1-next-steps').textContent(), { timeout: 30_000 }).toContain('Bürgerbüro der Stadt Korschenbroich');
    await expect.poll(() => page.getByText('Bitte bringen Sie die Zulassungsbescheinigung Teil I ins Bürgerbüro').count(), { timeout: 30_000 }).toBe(1);
    await checked(page, 'status page with the ZB I next steps');
    await context.close();
  }, 300_000);

  it('refuses the upload choice without a file at the field, and takes the signed confirmation as a file (Neuss: no fee, the county changes the ZB I)', async () => {
    const user = demoUser('citizen', 'neuss');
    const place = { city: 'Neuss', postcode: '41460' };
    const { page, context } = await newPage(browser);
    await toLandlordStep(page, user, place);
    await page.getByLabel('Als Datei (unterschriebene Bestätigung)').check();
    await next(page);
    await expectError(page, 'f-landlordConfirmation-uploadId', 'Bitte laden Sie die Wohnungsgeberbestätigung hoch.');
    await checked(page, 'landlord step, no file');

    await page.getByLabel('Wohnungsgeberbestätigung', { exact: true }).setInputFiles({ name: 'wohnungsgeberbestaetigung.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await page.getByText('Hochgeladen:').waitFor(WAIT);
    await checked(page, 'landlord step, file uploaded');
    await next(page);

    await toCheckPage(page, place, { plate: `NE-BR ${digits()}`, zb1Number: 'AB1234567' });
    await expect.poll(() => page.locator('#fee-amount').textContent(), WAIT).toContain('gebührenfrei');
    expect(await page.locator('#quote-notes').textContent()).toContain('Zulassungsstelle des Kreises');
    expect((await page.locator('.kern-summary').allTextContents()).join(' ')).toContain('wohnungsgeberbestaetigung.pdf');
    await checked(page, 'check page, county-later');
    await page.getByRole('button', { name: 'Antrag absenden' }).click();
    await page.waitForURL('**/dienste/address-change/bestaetigung/**');
    const applicationId = page.url().split('/').pop()!;
    const app = await eventually(async () => {
      const response = await api('GET', `/applications/${applicationId}`, { as: user });
      return response.status === 200 ? response.body : undefined;
    });
    expect(app.form.landlordConfirmation).toEqual({ kind: 'upload', uploadId: expect.any(String) });
    await context.close();
  }, 300_000);
});

describe('the town office’s sticker tasks (pilot) and the county’s reports', () => {
  it('lets the caseworker of Jüchen put the sticker on ("Aufkleber angebracht"), which reports it to the county, whose caseworker sees the report', async () => {
    const citizen = demoUser('citizen', 'juechen');
    const plate = `JU-BA ${digits()}`;
    const submitted = await api('POST', '/applications', {
      as: citizen,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        serviceId: 'address-change',
        form: {
          applicant: { givenName: 'Erika', familyName: 'Mustermann' },
          moveDate: today(),
          oldAddress: { street: 'Kölner Straße', houseNumber: digits(), postcode: '41363', city: 'Jüchen' },
          newAddress: { street: 'Am Rathaus', houseNumber: '11', postcode: '41363', city: 'Jüchen' },
          vehicles: [{ plate, zb1Number: 'AB1234567' }],
          landlordConfirmation: { kind: 'code', code: 'WGB-2026-4711' },
          consent: true,
        },
      },
    });
    expect(submitted.status).toBe(201);
    const awaiting = await eventually(async () => {
      const response = await api('GET', `/applications/${submitted.body.applicationId}`, { as: citizen });
      return response.body.status === 'awaiting-payment' ? response.body : undefined;
    }, 30_000);
    expect((await api('POST', checkoutPath(awaiting), { body: { action: 'pay' } })).status).toBe(200);
    const task = await eventually(async () => {
      const response = await api('GET', '/vehicle-registration/tasks?status=open&limit=100', { as: demoUser('caseworker', 'juechen') });
      return (response.body.items as Array<{ plate: string; handoverId: string }>).find((candidate) => candidate.plate === plate);
    }, 30_000);

    const { page, context } = await newPage(browser);
    await signIn(page, demoUser('caseworker', 'juechen'));
    await page.waitForURL('**/sachbearbeitung');
    const navigation = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await navigation.getByRole('link', { name: 'Fahrzeugschein-Aufkleber' }).click();
    await page.waitForURL('**/sachbearbeitung/zulassung');
    await stepIs(page, 'Aufkleber für Fahrzeugscheine');
    const taskLink = page.getByRole('link', { name: plate });
    await taskLink.waitFor(WAIT);
    await checked(page, 'sticker tasks');
    await taskLink.click();
    await page.waitForURL(`**/sachbearbeitung/zulassung/${task.handoverId}`);
    await stepIs(page, `Aufkleber für ${plate}`);
    expect(await page.getByLabel('Neue Nummer der Zulassungsbescheinigung Teil I').count()).toBe(0);
    await checked(page, 'sticker task');
    await page.getByRole('button', { name: 'Aufkleber angebracht – an den Kreis melden' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Der Aufkleber ist vermerkt' }).count(), WAIT).toBe(1);
    await expect.poll(() => page.getByText('Aufkleber angebracht – die neue Anschrift ist an den Kreis gemeldet').count(), WAIT).toBeGreaterThan(0);
    await page.getByText('An den Kreis gemeldet', { exact: true }).waitFor(WAIT);
    await checked(page, 'sticker task, done and reported');
    await context.close();

    const county = await newPage(browser);
    await signIn(county.page, demoUser('caseworker', 'rhein-kreis-neuss'), '/sachbearbeitung/zulassung');
    await county.page.getByRole('link', { name: 'Meldungen der Pilotgemeinden (Aufkleber im Bürgerbüro)' }).click();
    await county.page.waitForURL('**/sachbearbeitung/zulassung/meldungen');
    await stepIs(county.page, 'Meldungen der Pilotgemeinden');
    // Newest first: the report just made is on the first page, whatever other tests reported before.
    const reportRow = county.page.getByRole('row', { name: new RegExp(plate) });
    await expect.poll(() => reportRow.count(), WAIT).toBe(1);
    expect(await reportRow.textContent()).toContain('Aktualisiert');
    await checked(county.page, 'county reports');
    await county.context.close();
  }, 300_000);
});

describe('the vehicle variant in the tenant console', () => {
  it('shows a pilot town’s variant with its fee and basis, refuses an amount that is no amount at the field, and saves the fee in cents', async () => {
    const tenant = 'rommerskirchen';
    const admin = demoUser('tenant-admin', tenant);
    const { page, context } = await newPage(browser);
    await signIn(page, admin, '/verwaltung/einstellungen');
    await stepIs(page, 'Einstellungen');
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Ummeldung mit Fahrzeugen' }) });
    await section.waitFor(WAIT);
    expect(await section.getByRole('radio', { name: /Unser Bürgerbüro mit dem Aufkleber/ }).isChecked()).toBe(true);
    const fee = section.getByLabel('Gebühr je Fahrzeugschein in Euro');
    expect(await fee.inputValue()).toBe('10,80');
    expect(await section.getByLabel('Rechtsgrundlage der Gebühr').inputValue()).toContain('GebOSt');
    await checked(page, 'settings with the vehicle variant');

    await fee.fill('zehn');
    await section.getByRole('button', { name: '„Ummeldung mit Fahrzeugen“ speichern' }).click();
    await expectError(page, 'f-addressChange-stickerFeeCents', 'Bitte einen Betrag in Euro angeben, z. B. 120,00.');
    await checked(page, 'settings, fee that is no amount');

    // The same amount written otherwise: saved as 1080 cents, nothing else changes.
    await fee.fill('10,8');
    await section.getByRole('button', { name: '„Ummeldung mit Fahrzeugen“ speichern' }).click();
    await expect.poll(() => section.getByRole('status').textContent(), WAIT).toContain('Es gab nichts zu speichern');
    expect((await api('GET', `/tenants/${tenant}`, { as: admin })).body.config.addressChange).toMatchObject({ vehicleVariant: 'town-office-sticker', stickerFeeCents: 1080 });
    await context.close();
  });
});
