import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permitIdOfDocument } from '../../functions/services/resident-parking/permit-document.ts';
import { api, demoUser } from '../support/api-client.ts';
import { expectAccessible, expectReflow, launchBrowser, newPage, signIn } from '../support/browser.ts';
import { textsOf } from '../support/pdf.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * The revocation of a resident parking permit with an online hearing, in two browsers against the local platform: the
 * caseworker announces the revocation on the case page ("Widerruf beabsichtigt"), the holder reads the hearing letter
 * on the status page and answers it, the caseworker revokes — and the holder downloads the Bescheid. Every page and
 * state is axe-clean and reflows at 320 px; an empty letter is refused in the error summary and at its field.
 */
const TENANT = 'grevenbroich';
const caseworker = demoUser('caseworker', TENANT);
const citizen = demoUser('citizen', TENANT);
const street = { street: 'Breite Straße', postcode: '41515', city: 'Grevenbroich', zoneId: 'GV-1' };
const parking = residentParking(api, street, citizen);

const WAIT = { timeout: 15_000 };
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function expectFieldError(page: Page, fieldId: string, message: string) {
  const summary = page.locator('.ok-error-summary');
  await expect.poll(() => summary.textContent(), WAIT).toContain(message);
  expect(await summary.locator(`a[href="#${fieldId}"]`).count()).toBe(1);
  expect(await page.textContent(`#${fieldId}-error`)).toContain(message);
}

describe('revocation with an online hearing', () => {
  it('runs Widerruf beabsichtigt → answer on the status page → revocation, and the holder downloads the Bescheid', async () => {
    const submitted = await parking.submit(parkingForm(street, 'GV-WR 12'));
    expect(submitted.status).toBe(201);
    await parking.pay(await parking.statusIs(submitted.body.applicationId, 'awaiting-payment'));
    const app = await parking.statusIs(submitted.body.applicationId, 'completed');
    const permitId = app.documents.map((document: { documentId: string }) => permitIdOfDocument(document.documentId)).find(Boolean);
    const office = await newPage(browser);
    const home = await newPage(browser);
    await signIn(office.page, caseworker, `/sachbearbeitung/antraege/${app.applicationId}`);
    await signIn(home.page, citizen, `/antraege/${app.applicationId}`);
    const cw = office.page;
    const me = home.page;

    // 1. The caseworker announces the revocation; an empty letter is refused at its field first.
    await cw.getByText('Widerruf beabsichtigt: Anhörung einleiten', { exact: true }).click();
    await expectAccessible(cw, 'case, revocation hearing form');
    await expectReflow(cw, 'case, revocation hearing form');
    await cw.getByRole('button', { name: 'Anhörung zum Widerruf einleiten' }).click();
    await expectFieldError(cw, 'f-revocation-message', 'Bitte nennen Sie die Tatsachen, auf die der beabsichtigte Widerruf gestützt wird (mindestens 20 Zeichen).');
    await expectAccessible(cw, 'case, revocation hearing form error');
    await cw.getByLabel('Tatsachen, auf die der Widerruf gestützt werden soll').fill('Nach dem Melderegister wohnen Sie seit dem 1. März nicht mehr in der Zone GV-1.');
    await cw.getByRole('button', { name: 'Anhörung zum Widerruf einleiten' }).click();
    await expect.poll(() => cw.getByRole('status').filter({ hasText: 'Das Anhörungsschreiben ist versandt' }).count(), WAIT).toBe(1);
    await expect.poll(() => cw.getByText(/Widerruf beabsichtigt: Die Inhaberin oder der Inhaber kann sich bis zum/).count(), WAIT).toBe(1);
    await expectAccessible(cw, 'case, revocation hearing sent');
    await expectReflow(cw, 'case, revocation hearing sent');

    // 2. The holder reads the letter on the status page and answers it.
    await me.reload();
    const letter = me.getByRole('article', { name: /Anhörung vom/ });
    await letter.waitFor(WAIT);
    expect(await letter.textContent()).toContain('Bewohnerparkausweis zu widerrufen');
    expect(await letter.textContent()).toContain('Bis zur Entscheidung bleibt er gültig.');
    await expectAccessible(me, 'status page, revocation hearing open');
    await expectReflow(me, 'status page, revocation hearing open');
    await me.getByLabel('Ihre Stellungnahme').fill('Ich bin innerhalb der Zone umgezogen; die neue Meldebescheinigung reiche ich nach.');
    await me.getByRole('button', { name: 'Antwort senden' }).click();
    await expect.poll(() => me.getByText(/Ihre Antwort vom/).count(), WAIT).toBe(1);
    await expectAccessible(me, 'status page, revocation hearing answered');

    // 3. The caseworker sees the answer and revokes.
    await cw.reload();
    await expect.poll(() => cw.getByText('Die Inhaberin oder der Inhaber hat geantwortet', { exact: false }).count(), WAIT).toBe(1);
    expect(await cw.getByLabel('Warum ist keine Anhörung nötig?').count()).toBe(0);
    await cw.getByLabel('Begründung des Widerrufs').fill('Die neue Adresse liegt nach dem Straßenverzeichnis außerhalb der Zone GV-1.');
    await expectAccessible(cw, 'case, revocation form after the answer');
    await expectReflow(cw, 'case, revocation form after the answer');
    await cw.getByRole('button', { name: 'Bewohnerparkausweis widerrufen' }).click();
    await expect.poll(() => cw.getByRole('status').filter({ hasText: 'Der Bewohnerparkausweis ist widerrufen' }).count(), WAIT).toBe(1);
    await expect.poll(() => cw.getByText('Bescheid (Widerruf des Bewohnerparkausweises)').count(), WAIT).toBeGreaterThan(0);
    await expectAccessible(cw, 'case, revoked');

    // 4. The holder sees the outcome and downloads the Bescheid.
    await me.reload();
    const button = me.getByRole('button', { name: /Bescheid \(Widerruf des Bewohnerparkausweises\) herunterladen/ });
    await button.waitFor(WAIT);
    expect(await me.getByText('Der Bewohnerparkausweis wurde widerrufen. Den Bescheid finden Sie bei den Dokumenten.').count()).toBe(1);
    await expectAccessible(me, 'status page, revoked');
    await expectReflow(me, 'status page, revoked');
    const [download] = await Promise.all([me.waitForEvent('download', WAIT), button.click()]);
    expect(download.suggestedFilename()).toBe(`widerruf-${app.caseNumber}.pdf`);
    const text = (await textsOf(new Uint8Array(await readFile((await download.path())!)))).join(' ');
    expect(text).toContain('zu dem beabsichtigten Widerruf angehört');
    expect(text).toContain('Rechtsbehelfsbelehrung');
    expect(permitId).toEqual(expect.any(String));
    await office.context.close();
    await home.context.close();
  });
});
