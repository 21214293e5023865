import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, demoUser } from '../support/api-client.ts';
import { expectAccessible, expectReflow, launchBrowser, newPage, signIn, tabTo } from '../support/browser.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * After applying, in a real browser: "Meine Anträge", the status page with its payment step, paying in the sandbox,
 * following the status to the permit and downloading it — with the mouse and with the keyboard alone —, a caseworker's
 * decision with its reason, paying again after a cancelled payment, and withdrawing. The applications are submitted
 * over the API (the form pages are built elsewhere); everything after that happens in the browser. axe and reflow on
 * every page and state reached.
 *
 * Tenant: Grevenbroich (no other browser test uses it), so the plates and the list are this file's own.
 */
const TENANT = 'grevenbroich';
const citizen = demoUser('citizen', TENANT);
const caseworker = demoUser('caseworker', TENANT);
const GREVENBROICH = { street: 'Breite Straße', postcode: '41515', city: 'Grevenbroich', zoneId: 'GV-1' };
const parking = residentParking(api, GREVENBROICH, citizen);

let plates = 0;
const nextPlate = () => `GV-ST ${(plates += 1)}`;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A submitted application waiting for its payment (over the API, as the form page would submit it). */
async function awaitingPayment(plate = nextPlate()) {
  const submitted = await parking.submit(parkingForm(GREVENBROICH, plate));
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  return parking.statusIs(submitted.body.applicationId, 'awaiting-payment');
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const statusLine = (page: Page) => page.getByRole('status').filter({ has: page.locator('.kern-badge') }).textContent();

/** Waits until the status page shows `label` in its status line (the page asks the API again by itself). */
async function statusShows(page: Page, label: string) {
  await expect.poll(() => statusLine(page), { timeout: 30_000 }).toContain(label);
}

/** The downloaded file of `trigger` (a click or a key press on a download button). */
async function downloaded(page: Page, trigger: () => Promise<void>): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger()]);
  return readFile((await download.path())!);
}

describe('my applications and the status page', () => {
  it('story 1: lists the application, pays in the sandbox, follows the status to the permit and downloads the PDF', async () => {
    const app = await awaitingPayment();
    const { page, context } = await newPage(browser);
    await signIn(page, citizen, '/antraege');
    await page.waitForURL('**/antraege');
    const card = page.locator('li.kern-card').filter({ hasText: app.caseNumber });
    await expect.poll(() => card.textContent()).toContain('Wartet auf Zahlung');
    expect(await card.textContent()).toContain('Bitte bezahlen Sie die Gebühr von 120,00');
    await expectAccessible(page, 'my applications');
    await expectReflow(page, 'my applications');

    await card.getByRole('link', { name: 'Bewohnerparkausweis' }).click();
    await page.waitForURL(`**/antraege/${app.applicationId}`);
    await expect.poll(() => heading(page)).toBe('Bewohnerparkausweis');
    await statusShows(page, 'Wartet auf Zahlung');
    await expectAccessible(page, 'status: awaiting payment');
    await expectReflow(page, 'status: awaiting payment');

    await page.getByRole('link', { name: /Gebühr von 120,00.€ jetzt bezahlen/ }).click();
    await page.waitForURL('**/sandbox-pay/**');
    await expectAccessible(page, 'sandbox checkout');
    await expectReflow(page, 'sandbox checkout');
    await page.getByRole('button', { name: 'Bezahlen' }).click();
    await expect.poll(() => heading(page)).toBe('Ergebnis der Testzahlung');
    await expectAccessible(page, 'sandbox result');
    await page.getByRole('link', { name: 'Zurück zu Ihrem Antrag' }).click();

    await page.waitForURL(`**/antraege/${app.applicationId}`);
    await statusShows(page, 'Bewohnerparkausweis ausgestellt');
    expect(await page.getByText('Fertig. Sie können Ihre Dokumente herunterladen.').count()).toBe(1);
    expect(await page.getByRole('list').filter({ hasText: 'Zahlung eingegangen' }).count()).toBe(1);
    await expectAccessible(page, 'status: completed');
    await expectReflow(page, 'status: completed');

    const pdf = await downloaded(page, () => page.getByRole('button', { name: 'Bewohnerparkausweis herunterladen (PDF)' }).click());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // The renewal of the permit starts from here too.
    await page.getByRole('link', { name: 'Bewohnerparkausweis verlängern' }).click();
    await expect.poll(() => heading(page)).toBe('Bewohnerparkausweis verlängern');
    await expect.poll(() => page.getByRole('definition').allTextContents()).toContain(app.form.plate);
    const next = await page.getByRole('link', { name: 'Weiter zum Antrag' }).getAttribute('href');
    expect(next).toMatch(/^\/dienste\/resident-parking\/antrag\?verlaengerung=[A-Za-z0-9_-]+$/);
    await expectAccessible(page, 'renewal');
    await expectReflow(page, 'renewal');
    await context.close();
  });

  it('story 2: the same with the keyboard alone (Tab, Enter, Space)', async () => {
    const app = await awaitingPayment();
    const { page, context } = await newPage(browser);
    const password = (await (await page.request.get('/local/users')).json()).demoPassword as string;
    await page.goto('/anmelden?weiter=%2Fantraege');
    await tabTo(page, "document.activeElement?.id === 'f-username'");
    await page.keyboard.type(citizen);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/antraege');

    await tabTo(page, `document.activeElement?.getAttribute('href') === '/antraege/${app.applicationId}'`);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/antraege/${app.applicationId}`);
    await tabTo(page, "document.activeElement?.textContent?.includes('jetzt bezahlen')");
    await page.keyboard.press('Enter');
    await page.waitForURL('**/sandbox-pay/**');
    await tabTo(page, "document.activeElement?.value === 'pay'");
    await page.keyboard.press('Space');
    await expect.poll(() => heading(page)).toBe('Ergebnis der Testzahlung');
    await tabTo(page, "document.activeElement?.textContent === 'Zurück zu Ihrem Antrag'");
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/antraege/${app.applicationId}`);
    await statusShows(page, 'Bewohnerparkausweis ausgestellt');

    await tabTo(page, "document.activeElement?.textContent === 'Bewohnerparkausweis herunterladen (PDF)'");
    // The focused control shows where the keyboard is (a visible focus indicator).
    expect(await page.evaluate("getComputedStyle(document.activeElement).outlineStyle !== 'none' || getComputedStyle(document.activeElement).boxShadow !== 'none'")).toBe(true);
    const pdf = await downloaded(page, () => page.keyboard.press('Enter'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await context.close();
  });

  it('story 3: shows the citizen the caseworker\'s decision and its reason — an approval and a rejection', async () => {
    const approved = await parking.leasedAndPaid(nextPlate());
    const rejected = await parking.leasedAndPaid(nextPlate());
    const { page, context } = await newPage(browser);
    await signIn(page, citizen, `/antraege/${approved.applicationId}`);
    await statusShows(page, 'In Prüfung durch die Verwaltung');
    expect(await page.getByText('Die Verwaltung prüft Ihren Antrag').count()).toBe(1);
    // The proof the citizen uploaded, downloadable again.
    expect(await page.getByRole('button', { name: 'Leasingvertrag.pdf herunterladen (PDF)' }).count()).toBe(1);
    await expectAccessible(page, 'status: awaiting decision');

    expect((await api('POST', `/applications/${approved.applicationId}/decision`, { as: caseworker, body: { outcome: 'approve', reason: 'Der Leasingvertrag weist Sie als Nutzerin aus.' } })).status).toBe(200);
    expect((await api('POST', `/applications/${rejected.applicationId}/decision`, { as: caseworker, body: { outcome: 'reject', reason: 'Der Leasingvertrag ist abgelaufen.', hearingDispensation: 'Die Ablehnung folgt allein aus den Angaben im Antrag (§ 28 Abs. 2 Nr. 3 VwVfG NRW).' } })).status).toBe(200);

    await page.reload();
    await statusShows(page, 'Bewohnerparkausweis ausgestellt');
    const decision = page.getByRole('region', { name: 'Entscheidung' });
    // In the service's own words: a permit is granted (bewilligt).
    expect(await decision.getByText(/^Bewilligt am \d\d\.\d\d\.\d{4}$/).count()).toBe(1);
    expect(await decision.textContent()).toContain('Begründung: Der Leasingvertrag weist Sie als Nutzerin aus.');
    await expectAccessible(page, 'status: approved by a caseworker');

    await page.goto(`/antraege/${rejected.applicationId}`);
    await statusShows(page, 'Abgelehnt');
    await expect.poll(() => page.getByRole('region', { name: 'Entscheidung' }).textContent()).toMatch(/^Entscheidung\s*Abgelehnt am .*Begründung: Der Leasingvertrag ist abgelaufen\.$/);
    await expect.poll(() => page.getByText('Die Gebühr wurde am').count(), { timeout: 20_000 }).toBe(1);
    await expectAccessible(page, 'status: rejected');
    await expectReflow(page, 'status: rejected');
    await context.close();
  });

  it('pays again after a cancelled payment, from the status page, without entering anything again', async () => {
    const app = await awaitingPayment();
    const { page, context } = await newPage(browser);
    await signIn(page, citizen, `/antraege/${app.applicationId}`);
    await page.getByRole('link', { name: /jetzt bezahlen/ }).click();
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await page.getByRole('link', { name: 'Zurück zu Ihrem Antrag' }).click();
    await statusShows(page, 'Zahlung fehlgeschlagen');
    expect(await page.getByText(/erneut bezahlen – ohne etwas neu einzugeben/).count()).toBe(1);
    await expectAccessible(page, 'status: payment cancelled');
    await expectReflow(page, 'status: payment cancelled');

    await page.getByRole('button', { name: 'Gebühr erneut bezahlen' }).click();
    // The link to the new payment appears and takes the focus: that is where the person continues.
    const pay = page.getByRole('link', { name: /jetzt bezahlen/ });
    await expect.poll(() => page.evaluate('document.activeElement?.textContent'), { timeout: 20_000 }).toMatch(/jetzt bezahlen$/);
    expect(await pay.getAttribute('href')).not.toBe(app.payment.checkoutUrl);
    await expectAccessible(page, 'status: paying again');
    await pay.click();
    await page.getByRole('button', { name: 'Bezahlen' }).click();
    await page.getByRole('link', { name: 'Zurück zu Ihrem Antrag' }).click();
    await statusShows(page, 'Bewohnerparkausweis ausgestellt');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bewohnerparkausweis');
    expect((await parking.read(app.applicationId)).caseNumber).toBe(app.caseNumber);
    await context.close();
  });

  it('withdraws after a confirmation that can be declined, and shows the withdrawal', async () => {
    const app = await awaitingPayment();
    const { page, context } = await newPage(browser);
    await signIn(page, citizen, `/antraege/${app.applicationId}`);
    await page.getByRole('button', { name: 'Antrag zurückziehen …' }).click();
    // The question takes the focus, so that a screen reader reads it first.
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe(`Möchten Sie den Antrag ${app.caseNumber} wirklich zurückziehen?`);
    await expectAccessible(page, 'withdraw: confirmation');
    await page.getByRole('button', { name: 'Nein, Antrag behalten' }).click();
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Antrag zurückziehen …');
    expect((await parking.read(app.applicationId)).status).toBe('awaiting-payment');

    await page.getByRole('button', { name: 'Antrag zurückziehen …' }).click();
    await page.getByRole('button', { name: 'Ja, Antrag zurückziehen' }).click();
    await statusShows(page, 'Zurückgezogen');
    expect(await page.getByRole('button', { name: 'Antrag zurückziehen …' }).count()).toBe(0);
    await expectAccessible(page, 'status: withdrawn');
    await context.close();
  });
});
