import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlate } from '../../functions/services/resident-parking/plate.ts';
import { api, demoUser } from '../support/api-client.ts';
import { expectAccessible, expectReflow, launchBrowser, newPage, signIn } from '../support/browser.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * Parking enforcement on a phone (360 × 740 CSS px): a valid permit, a plate without one, a revoked permit and a zone
 * the municipality does not have — each answer large and in words, the zone kept between checks, touch targets of at
 * least 44 px, axe-clean in every state and without horizontal scrolling at 320 px.
 */
const TENANT = 'kaarst';
const street = { street: 'Neersener Straße', postcode: '41564', city: 'Kaarst', zoneId: 'KA-1' };
const citizen = demoUser('citizen', TENANT);
const officer = demoUser('enforcement', TENANT);
const parking = residentParking(api, street, citizen);

/** The platform answers within seconds even under load; the default of one second is for unit tests. */
const WAIT = { timeout: 15_000 };

let browser: Browser;

/** A paid permit for a keeper: approved automatically, issued, valid from today. */
async function permitFor(plate: string) {
  const submitted = await parking.submit(parkingForm(street, plate));
  expect(submitted.status).toBe(201);
  const awaiting = await parking.statusIs(submitted.body.applicationId, 'awaiting-payment');
  expect((await parking.pay(awaiting)).status).toBe(200);
  return parking.statusIs(awaiting.applicationId, 'completed', 30_000);
}

beforeAll(async () => {
  browser = await launchBrowser();
  await Promise.all([permitFor('KA-EC 301'), permitFor('KA-EC 302')]);
  // The second one is revoked by a caseworker (the caseworker's plate check names the permit).
  const caseworker = demoUser('caseworker', TENANT);
  const found = await api('GET', `/permits/check?plate=${encodeURIComponent('KA-EC 302')}`, { as: caseworker });
  expect((await api('POST', `/permits/${found.body.permitId}/revoke`, { as: caseworker, body: { reason: 'Umzug aus der Zone', hearingDispensation: 'Die Inhaberin hat den Umzug selbst mitgeteilt; von ihren Angaben wird nicht abgewichen (§ 28 Abs. 2 Nr. 3 VwVfG NRW).' } })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

async function checkPlate(page: Page, plate: string, zone?: string) {
  await page.getByLabel('Kennzeichen', { exact: true }).fill(plate);
  if (zone !== undefined) await page.getByLabel('Parkzone').fill(zone);
  await page.getByRole('button', { name: 'Prüfen' }).click();
}

const verdict = (page: Page) => page.getByRole('heading', { level: 2 });

describe('parking enforcement on a 360 px phone', () => {
  it('answers valid, not valid, revoked and an unknown zone in words, usable with one thumb', async () => {
    const { page, context } = await newPage(browser, { width: 360, height: 740 });
    await signIn(page, officer);
    await page.waitForURL('**/kontrolle');
    await page.getByLabel('Kennzeichen', { exact: true }).waitFor();
    await expectAccessible(page, 'enforcement');
    await expectReflow(page, 'enforcement');
    // Touch targets: the inputs and the button are at least 44 px high; the button spans the column.
    for (const target of [page.getByLabel('Kennzeichen', { exact: true }), page.getByLabel('Parkzone'), page.getByRole('button', { name: 'Prüfen' })]) {
      const box = (await target.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
    }
    expect((await page.getByRole('button', { name: 'Prüfen' }).boundingBox())!.width).toBeGreaterThanOrEqual(300);

    // Any common spelling of the plate, the zone in any case.
    await checkPlate(page, 'ka ec 301', 'ka-1');
    await expect.poll(() => verdict(page).textContent(), WAIT).toBe('Gültig');
    expect(await page.textContent('.ok-verdict')).toContain('KA-EC 301: Bewohnerparkausweis für Zone KA-1 (Innenstadt), gültig bis');
    // The answer takes the focus, so a screen reader reads it at once.
    expect(await page.evaluate('document.activeElement?.tagName')).toBe('H2');
    await expectAccessible(page, 'enforcement, valid');
    await expectReflow(page, 'enforcement, valid');

    // The next check keeps the zone and starts in the plate field.
    await page.getByRole('button', { name: 'Nächstes Kennzeichen' }).click();
    expect(await page.getByLabel('Kennzeichen', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('Parkzone').inputValue()).toBe('ka-1');
    expect(await page.evaluate('document.activeElement?.id')).toBe('f-plate');

    await checkPlate(page, 'KA-ZZ 999');
    await expect.poll(() => verdict(page).textContent(), WAIT).toBe('Nicht gültig: kein Bewohnerparkausweis');
    expect(await page.textContent('.ok-verdict')).toContain('Für KA-ZZ 999 gibt es in Zone KA-1 keinen Bewohnerparkausweis.');
    await expectAccessible(page, 'enforcement, none');

    await checkPlate(page, 'KA-EC 302');
    await expect.poll(() => verdict(page).textContent(), WAIT).toBe('Nicht gültig: widerrufen');
    await expectAccessible(page, 'enforcement, revoked');

    // A zone the municipality does not have is an error at the zone field, never "not valid".
    await checkPlate(page, 'KA-EC 301', 'ZZ-9');
    await expect.poll(() => page.locator('#f-zone-error').textContent(), WAIT).toContain('Unbekannte Parkzone. Zonen: KA-1.');
    expect(await page.locator('.ok-verdict').count()).toBe(0);
    expect(await page.locator('.ok-error-summary a[href="#f-zone"]').count()).toBe(1);
    await expectAccessible(page, 'enforcement, unknown zone');
    await expectReflow(page, 'enforcement, unknown zone');

    // A plate that cannot be one is refused before asking the server, with the server's own German message.
    const checks: string[] = [];
    page.on('request', (request) => request.url().includes('/permits/check') && checks.push(request.url()));
    const refused = parsePlate('KAEC-12345678');
    expect(refused.ok).toBe(false);
    await checkPlate(page, 'KAEC-12345678', 'KA-1');
    await expect.poll(() => page.locator('#f-plate-error').count(), WAIT).toBe(1);
    expect(await page.locator('#f-plate-error').textContent()).toContain(refused.ok ? '' : refused.message);
    expect(checks).toEqual([]);
    await expectAccessible(page, 'enforcement, bad plate');
    await context.close();
  });
});
