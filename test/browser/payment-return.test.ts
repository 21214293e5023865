import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, demoUser } from '../support/api-client.ts';
import { expectAccessible, expectReflow, launchBrowser, newPage, signIn } from '../support/browser.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * The pay/return path with the pull provider (XBezahldienste) in a real browser: the status page's pay link leads to
 * the XBezahldienste sandbox's pay page, the payer pays or cancels there and comes back; the status page shows
 * "Zahlung wird geprüft", asks for the status at once and then shows the result — no confirmation is ever sent.
 * axe and reflow on every page and state reached.
 *
 * Tenant: Dormagen (seeded with the XBezahldienste sandbox; no other browser test pays there).
 */
const TENANT = 'dormagen';
const citizen = demoUser('citizen', TENANT);
const DORMAGEN = { street: 'Kölner Straße', postcode: '41539', city: 'Dormagen', zoneId: 'DO-1' };
const parking = residentParking(api, DORMAGEN, citizen);

let plates = 0;
const nextPlate = () => `DO-BR ${(plates += 1)}`;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function awaitingPayment() {
  const submitted = await parking.submit(parkingForm(DORMAGEN, nextPlate()));
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  return parking.statusIs(submitted.body.applicationId, 'awaiting-payment');
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const statusLine = (page: Page) => page.getByRole('status').filter({ has: page.locator('.kern-badge') }).textContent();
const statusShows = (page: Page, label: string) => expect.poll(() => statusLine(page), { timeout: 30_000 }).toContain(label);

/** Holds the status check back until `release` is called, so the "being checked" state can be looked at. */
async function holdCheck(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/applications/*/payment/check', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

describe('paying through XBezahldienste and coming back', () => {
  it('pays on the pay page, returns, sees "Zahlung wird geprüft" and then the permit — without any confirmation', async () => {
    const app = await awaitingPayment();
    const { page, context } = await newPage(browser);
    await signIn(page, citizen, `/antraege/${app.applicationId}`);
    await statusShows(page, 'Wartet auf Zahlung');
    await expectAccessible(page, 'status: awaiting payment (XBezahldienste)');

    await page.getByRole('link', { name: /Gebühr von .* jetzt bezahlen/ }).click();
    await page.waitForURL('**/xbezahldienste-sandbox/paypage/**');
    expect(await heading(page)).toBe('Bezahlen');
    await expectAccessible(page, 'XBezahldienste pay page');
    await expectReflow(page, 'XBezahldienste pay page');
    await page.getByRole('button', { name: 'Bezahlen' }).click();
    await expect.poll(() => heading(page)).toBe('Ergebnis der Zahlung');
    await expectAccessible(page, 'XBezahldienste result');
    await expectReflow(page, 'XBezahldienste result');

    const release = await holdCheck(page);
    await page.getByRole('link', { name: 'Zurück zum Online-Dienst' }).click();
    await page.getByText('Zahlung wird geprüft …').waitFor();
    // The marker is taken out of the address: a reload does not ask again.
    await page.waitForURL(`**/antraege/${app.applicationId}`);
    await expectAccessible(page, 'status: payment being checked');
    await expectReflow(page, 'status: payment being checked');
    release();

    await statusShows(page, 'Bewohnerparkausweis ausgestellt');
    expect(await page.getByText('Zahlung wird geprüft …').count()).toBe(0);
    expect(await page.getByText(/Bezahlt, Kassenzeichen SBX-\d{4}-\d{8}-\d/).count()).toBe(1);
    await expectAccessible(page, 'status: completed after the check');
    await expectReflow(page, 'status: completed after the check');
    await context.close();
  }, 120_000);

  it('cancels on the pay page and sees the cancelled payment with the offer to pay again', async () => {
    const app = await awaitingPayment();
    const { page, context } = await newPage(browser, { width: 320, height: 800 });
    await signIn(page, citizen, `/antraege/${app.applicationId}`);
    await page.getByRole('link', { name: /Gebühr von .* jetzt bezahlen/ }).click();
    await page.waitForURL('**/xbezahldienste-sandbox/paypage/**');
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await expect.poll(() => heading(page)).toBe('Ergebnis der Zahlung');
    await page.getByRole('link', { name: 'Zurück zum Online-Dienst' }).click();
    await statusShows(page, 'Zahlung fehlgeschlagen');
    await page.getByRole('button', { name: 'Gebühr erneut bezahlen' }).waitFor();
    await expectAccessible(page, 'status: payment cancelled (XBezahldienste)');
    await expectReflow(page, 'status: payment cancelled (XBezahldienste)');
    await context.close();
  }, 120_000);

  it('comes back without paying: the payment is still open, the page says so and keeps the pay link', async () => {
    const app = await awaitingPayment();
    const { page, context } = await newPage(browser);
    await signIn(page, citizen, `/antraege/${app.applicationId}?zahlung=zurueck`);
    await page.getByText('Ihre Zahlung ist noch nicht abgeschlossen').waitFor();
    await statusShows(page, 'Wartet auf Zahlung');
    await page.getByRole('link', { name: /Gebühr von .* jetzt bezahlen/ }).waitFor();
    await expectAccessible(page, 'status: payment still open after the return');
    await expectReflow(page, 'status: payment still open after the return');
    await context.close();
  }, 120_000);
});
