import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectReflow, launchBrowser, newPage, signIn } from '../support/browser.ts';

/**
 * The app's frame as every person meets it: the start page, sign-in through Cognito's API (cognito-local here), the
 * role-aware navigation, sign-out, the 404 page, and the security headers of pages — each page axe-clean and
 * without horizontal scrolling at 320 px.
 */
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('the web app frame', () => {
  it('shows the start page to everyone, accessible and reflowing at 320 px', async () => {
    const { page, context } = await newPage(browser);
    await page.goto('/');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Verwaltung online');
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    await expectAccessible(page);
    await expectReflow(page);
    await context.close();
  });

  it('signs a citizen in with the keyboard only, shows the citizen navigation and signs out', async () => {
    const { page, context } = await newPage(browser);
    await page.goto('/anmelden');
    await page.getByLabel('Demo-Zugang wählen').waitFor();
    await expectAccessible(page, 'sign-in');
    // Keyboard only: the first Tab reaches the skip link, which leads to the main content.
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Zum Inhalt springen');
    await page.getByLabel('E-Mail-Adresse').focus();
    await page.keyboard.type('citizen@neuss.openkreis.test');
    await page.keyboard.press('Tab');
    const password = (await (await page.request.get('/local/users')).json()).demoPassword as string;
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/dienste');
    await page.getByRole('link', { name: 'Bewohnerparkausweis' }).waitFor();
    const navigation = page.getByRole('navigation', { name: 'Hauptnavigation' });
    expect(await navigation.getByRole('link').allTextContents()).toEqual(['Online-Dienste', 'Meine Anträge', 'Meine Daten']);
    expect(await page.getByText('Offizielles Serviceportal: Stadt Neuss').count()).toBe(1);
    await expectAccessible(page, 'catalogue');
    await expectReflow(page, 'catalogue');
    await page.getByRole('link', { name: 'Abmelden', exact: true }).click();
    await page.waitForURL('**/abgemeldet');
    expect(await page.evaluate("sessionStorage.getItem('openkreis.session')")).toBeNull();
    await context.close();
  });

  it('tells a wrong password in German at the form, without revealing whether the account exists', async () => {
    const { page, context } = await newPage(browser);
    await page.goto('/anmelden');
    await page.getByLabel('E-Mail-Adresse').fill('citizen@neuss.openkreis.test');
    await page.getByLabel('Passwort', { exact: true }).fill('falsch-falsch-falsch');
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('E-Mail-Adresse oder Passwort stimmen nicht');
    await expectAccessible(page, 'sign-in failure');
    await context.close();
  });

  it('shows each role only its own areas', async () => {
    const cases: Array<[string, string, string[]]> = [
      ['caseworker@neuss.openkreis.test', '/sachbearbeitung', ['Posteingang', 'Am Schalter', 'Weiterleitungen', 'Baulasten', 'Gewerberegister', 'Fortbildung']],
      // The county's caseworkers also run the vehicle registration office.
      ['caseworker@rhein-kreis-neuss.openkreis.test', '/sachbearbeitung', ['Posteingang', 'Am Schalter', 'Weiterleitungen', 'Baulasten', 'Gewerberegister', 'Zulassung', 'Fortbildung']],
      ['enforcement@neuss.openkreis.test', '/kontrolle', ['Parkkontrolle', 'Fortbildung']],
      ['employee@neuss.openkreis.test', '/fortbildung', ['Fortbildung', 'Meine Daten']],
      ['business@neuss.openkreis.test', '/dienste', ['Online-Dienste', 'Meine Anträge', 'Meine Betriebe', 'Meine Daten']],
    ];
    for (const [user, landing, links] of cases) {
      const { page, context } = await newPage(browser);
      await signIn(page, user);
      await page.waitForURL(`**${landing}`);
      expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link').allTextContents(), user).toEqual(links);
      await context.close();
    }
  });

  it('answers a browser opening an unknown path with the German 404 page, status 404, and secure headers', async () => {
    const { page, context } = await newPage(browser);
    const response = await page.goto('/gibt-es-nicht');
    expect(response?.status()).toBe(404);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Seite nicht gefunden');
    await expectAccessible(page, '404');
    const headers = response!.headers();
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    await context.close();
  });
});
