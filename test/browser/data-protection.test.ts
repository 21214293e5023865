import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, demoUser, tokenFor } from '../support/api-client.ts';
import { expectAccessible, expectReflow, launchBrowser, newPage, signIn } from '../support/browser.ts';

/**
 * The data protection officer's trail page in a real browser against the local platform: the last week's entries on
 * opening, a search by person with the keyboard (a citizen's saved draft is there, ids only), a search the schema
 * refuses (the error summary and the field say why), the CSV download and the chain check. axe and reflow at 320 px
 * on every state.
 */
const TENANT = 'neuss';
const dpo = demoUser('data-protection-officer', TENANT);
const citizen = demoUser('citizen', TENANT);
const WAIT = { timeout: 15_000 };

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function checked(page: Page, label: string) {
  await expect.poll(() => page.locator('.ok-loading').count(), { ...WAIT, message: label }).toBe(0);
  await expectAccessible(page, label);
  await expectReflow(page, label);
}

describe('the audit trail page of the data protection officer', () => {
  it('searches the trail by person, refuses an incomplete search at the field, downloads the CSV and verifies the chain', async () => {
    // Something to find: the citizen saves a draft (a write of personal data, recorded with the citizen as subject).
    const saved = await api('PUT', '/drafts/resident-parking', { as: citizen, body: { form: { plate: 'NE-DS 77' } } });
    expect(saved.status, JSON.stringify(saved.body)).toBeLessThan(300);
    const token = await tokenFor(citizen);
    const citizenId = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;

    const { page, context } = await newPage(browser);
    await signIn(page, dpo, '/');
    await page.waitForURL((url) => url.pathname === '/datenschutz/protokoll');
    await expect.poll(async () => (await page.locator('h1').textContent()) ?? '', WAIT).toBe('Protokoll der Zugriffe');
    await page.locator('table').waitFor(WAIT);
    await checked(page, 'the last week');

    // By person, keyboard only: type the id and press Enter.
    await page.getByLabel(/^Betroffene Person/).focus();
    await page.keyboard.type(citizenId);
    await page.keyboard.press('Enter');
    const row = page.locator('tbody tr', { hasText: 'resident-parking' }).first();
    await row.waitFor(WAIT);
    expect(await row.textContent()).toContain('draft');
    expect(await row.textContent()).toContain('Geändert');
    expect(await page.locator('table').textContent()).not.toContain('NE-DS 77');
    await checked(page, 'by person');

    // The CSV of this search.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Als CSV herunterladen' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^protokoll-neuss-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('Betroffene Person (Kennung)');
    expect(csv).toContain(citizenId);

    // A record id without its type: refused by the same schema the server uses, at the field and in the summary.
    await page.getByLabel(/^Betroffene Person/).fill('');
    await page.getByLabel(/^Kennung des Datensatzes/).fill('resident-parking');
    await page.getByRole('button', { name: 'Suchen' }).click();
    const summary = page.locator('.ok-error-summary');
    await summary.waitFor(WAIT);
    expect(await summary.textContent()).toContain('Bitte zur Kennung auch den Datensatztyp angeben.');
    await expect.poll(() => page.evaluate('document.activeElement?.classList.contains("ok-error-summary")'), WAIT).toBe(true);
    expect(await page.getByLabel(/^Datensatztyp/).getAttribute('aria-invalid')).toBe('true');
    await checked(page, 'an incomplete search');

    // The chain check.
    await page.getByRole('button', { name: 'Protokoll jetzt prüfen' }).click();
    await page.getByText('Das Protokoll ist unversehrt').waitFor(WAIT);
    await checked(page, 'verified');
    await context.close();
  });
});
