import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, demoUser } from '../support/api-client.ts';
import { expectAccessible, expectReflow, launchBrowser, newPage, signIn } from '../support/browser.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * The report pages and the open-data page in a real browser: a tenant admin reads the KPIs (commentary, table, charts
 * with their numbers) and downloads the annual report PDF; the county admin sees the municipalities side by side;
 * anybody opens the open data with previews and downloads. axe on every page and state, no sideways scrolling at 320 px.
 */
const TENANT = 'rommerskirchen';
const STREET = { street: 'Bahnstraße', postcode: '41569', city: 'Rommerskirchen', zoneId: 'RO-1' };
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  // One completed application, so the pages have figures to show.
  const citizen = demoUser('citizen', TENANT);
  const parking = residentParking(api, STREET, citizen);
  const submitted = await parking.submit(parkingForm(STREET, `RO-BR ${Math.floor(Math.random() * 9000) + 1}`), randomUUID());
  expect(submitted.status).toBe(201);
  await parking.pay(await parking.statusIs(submitted.body.applicationId, 'awaiting-payment'));
  await parking.statusIs(submitted.body.applicationId, 'completed');
});

afterAll(async () => {
  await browser?.close();
});

async function checked(page: Page, label: string): Promise<void> {
  await expectAccessible(page, label);
  await expectReflow(page, label);
}

describe('reports and open data in the browser', () => {
  it('a tenant admin reads the KPIs and downloads the annual report; the county compares the municipalities', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, demoUser('tenant-admin', TENANT), '/verwaltung/kennzahlen');
    await page.getByRole('heading', { level: 1, name: 'E-Government-Kennzahlen' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Das Jahr in Kürze' }).waitFor();
    await expect(page.getByRole('table', { name: /^Kennzahlen \d{4} und \d{4}$/ }).getByRole('row', { name: /^Anträge/ }).first().textContent()).resolves.toMatch(/Anträge\s*[1-9]/);
    // The charts are images with a text alternative, and their numbers open as a table.
    await expect(page.getByRole('img', { name: /^Anträge je Monat/ }).count()).resolves.toBe(1);
    await page.getByText('Daten als Tabelle').first().click();
    await checked(page, 'kpis');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Jahresbericht als PDF' }).click();
    expect((await download).suggestedFilename()).toMatch(/^jahresbericht-rommerskirchen-\d{4}\.pdf$/);
    await context.close();

    const county = await newPage(browser);
    await signIn(county.page, demoUser('county-admin', 'rhein-kreis-neuss'), '/kreis/kennzahlen');
    await county.page.getByRole('heading', { level: 1, name: 'E-Government-Kennzahlen im Kreis' }).waitFor();
    await county.page.getByRole('rowheader', { name: 'Gemeinde Rommerskirchen' }).waitFor();
    await checked(county.page, 'county kpis');
    await county.context.close();
  });

  it('anybody opens the open data: every dataset with a preview and its downloads', async () => {
    const { page, context } = await newPage(browser);
    await page.goto(`/offene-daten/${TENANT}`);
    await page.getByRole('heading', { level: 1, name: 'Offene Daten – Gemeinde Rommerskirchen' }).waitFor();
    await expect(page.getByRole('heading', { level: 2 }).allTextContents()).resolves.toEqual(expect.arrayContaining(['Online-Anträge nach Leistung und Monat', 'Ausgestellte Bewohnerparkausweise nach Zone und Monat']));
    await page.getByRole('table', { name: /^Vorschau/ }).first().waitFor();
    const csv = page.getByRole('link', { name: /Online-Anträge nach Leistung und Monat \d{4} \(CSV\) herunterladen/ });
    const response = await page.request.get(await csv.getAttribute('href') as string);
    expect(response.status()).toBe(200);
    await checked(page, 'open data');
    await context.close();
  });
});
