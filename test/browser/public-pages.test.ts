import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ResidentParkingPermit } from '../../functions/services/resident-parking/permit.ts';
import { api, checkoutPath, demoUser } from '../support/api-client.ts';
import { expectAccessible, expectReflow, launchBrowser, newPage } from '../support/browser.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * The pages people reach without the app: the verification page after a QR scan (in every state, on the smallest
 * phones), the payment sandbox's checkout without JavaScript, the German error pages a browser gets for an API address,
 * and the accessibility statement. Every page: axe, and no sideways scrolling.
 *
 * Tenant: Meerbusch (no other browser test uses it).
 */
const TENANT = 'meerbusch';
const citizen = demoUser('citizen', TENANT);
const MEERBUSCH = { street: 'Moerser Straße', postcode: '40667', city: 'Meerbusch', zoneId: 'ME-1' };
const parking = residentParking(api, MEERBUSCH, citizen);

let browser: Browser;
let signToken: (permitId: string) => Promise<string>;

/**
 * Permits written as the issuer stores them — with the KPI counter of an issued permit in the same transaction, as the
 * store does (the reports e2e recounts Meerbusch) — in the states a QR code can meet; tokens signed with the platform's key.
 */
async function givenPermits(): Promise<Record<'valid' | 'expired' | 'revoked', string>> {
  Object.assign(process.env, inject('platform').environment);
  const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
  const { systemTable, TABLE_NAME } = await import('../../functions/core/ddb.ts');
  const { counterUpdates } = await import('../../functions/reports/counters.ts');
  const { permitEvents } = await import('../../functions/reports/service-counters.ts');
  const { signDocumentToken } = await import('../../functions/documents/signing.ts');
  signToken = (permitId) => signDocumentToken({ typ: 'permit', tid: TENANT, sub: `bpa-${permitId}`, pid: permitId, v: 1 });
  const permit = (state: 'valid' | 'expired' | 'revoked'): ResidentParkingPermit => ({
    permitId: `vp${randomUUID().replaceAll('-', '').slice(0, 18)}`,
    tenantId: TENANT,
    applicationId: randomUUID(),
    caseNumber: 'ME-BPA-2026-000900',
    holderId: 'citizen-verify',
    // The longest the form allows, to test the page at its widest.
    plate: 'ME-XY 9999E',
    zoneId: 'ME-1',
    zoneName: 'Innenstadt',
    validFrom: state === 'expired' ? '2025-01-01' : '2026-01-01',
    validTo: state === 'expired' ? '2025-12-31' : '2099-12-31',
    validityMonths: 12,
    addressKey: 'hash',
    residence: { street: 'Dorfstraße', houseNumber: '1', postcode: '40667', city: 'Meerbusch' },
    vehicle: { relation: 'keeper' },
    status: state === 'revoked' ? 'revoked' : 'valid',
    issuedAt: '2026-01-01T09:00:00.000Z',
  });
  const tokens = {} as Record<'valid' | 'expired' | 'revoked', string>;
  for (const state of ['valid', 'expired', 'revoked'] as const) {
    const item = permit(state);
    await systemTable.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: TABLE_NAME, Item: { PK: `${TENANT}#PERMIT#${item.permitId}`, SK: 'PERMIT', ...item } } }, ...counterUpdates(TENANT, permitEvents(item))],
      }),
    );
    tokens[state] = await signToken(item.permitId);
  }
  return tokens;
}

let tokens: Record<'valid' | 'expired' | 'revoked', string>;

beforeAll(async () => {
  browser = await launchBrowser();
  tokens = await givenPermits();
});

afterAll(async () => {
  await browser?.close();
});

/** Horizontal overflow of the page at a viewport width (0: nothing scrolls sideways). */
async function overflowAt(page: Page, width: number): Promise<number> {
  await page.setViewportSize({ width, height: 760 });
  return (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

describe('the verification page after a QR scan', () => {
  const cases = [
    ['valid', 'Gültig', 200],
    ['expired', 'Abgelaufen', 200],
    ['revoked', 'Widerrufen', 200],
    ['unknown', 'Nicht gültig', 404],
  ] as const;

  for (const [state, word, status] of cases) {
    it(`shows the ${state} state in the portal's design without sideways scrolling at 320, 375 and 412 px`, async () => {
      const { page, context } = await newPage(browser, { width: 320 });
      const token = state === 'unknown' ? 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA' : tokens[state];
      const response = await page.goto(`/verify/${token}`);
      expect(response?.status()).toBe(status);
      expect(response?.headers()['content-security-policy']).not.toContain('unsafe-inline');
      const alert = page.getByRole('status');
      expect(await alert.textContent()).toContain(word);
      // The status word is bold and large, yet it wraps; the page never scrolls sideways.
      for (const width of [320, 375, 412]) expect(await overflowAt(page, width), `${state} at ${width} px`).toBeLessThanOrEqual(0);
      expect(await page.evaluate("getComputedStyle(document.querySelector('.ok-verify__word')).fontSize")).not.toBe('16px');
      if (state !== 'unknown') {
        expect(await page.getByRole('definition').allTextContents()).toEqual(expect.arrayContaining(['ME-XY 9999E', 'ME-1', 'Stadt Meerbusch']));
        // The issuing authority's legal pages.
        const footer = page.getByRole('navigation', { name: 'Rechtliches und Barrierefreiheit' });
        const links = await footer.getByRole('link').all();
        expect(await Promise.all(links.map((link) => link.getAttribute('href')))).toEqual([
          'https://www.meerbusch.de/impressum',
          'https://www.meerbusch.de/datenschutz',
          'https://www.meerbusch.de/barrierefreiheit',
        ]);
        expect(await page.getByText('Offizielles Serviceportal: Stadt Meerbusch').count()).toBe(1);
      }
      await page.setViewportSize({ width: 320, height: 760 });
      await expectAccessible(page, `verify: ${state}`);
      await page.setViewportSize({ width: 1280, height: 900 });
      await expectAccessible(page, `verify: ${state}, desktop`);
      await context.close();
    });
  }
});

describe('the payment sandbox without JavaScript', () => {
  it('pays with the plain form and leads back to the application, which then completes', async () => {
    const submitted = await parking.submit(parkingForm(MEERBUSCH, `ME-NJ ${Date.now() % 9000 + 1}`));
    const app = await parking.statusIs(submitted.body.applicationId, 'awaiting-payment');
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'de-DE', viewport: { width: 320, height: 760 } });
    const page = await context.newPage();
    await page.goto(app.payment.checkoutUrl);
    expect(await h1(page)).toBe('Testzahlung');
    await expectReflow(page, 'checkout without JavaScript');
    await page.getByRole('button', { name: 'Bezahlen' }).click();
    await page.waitForURL((url) => url.pathname === checkoutPath(app));
    expect(await h1(page)).toBe('Ergebnis der Testzahlung');
    expect(await page.getByRole('status').textContent()).toContain('Bezahlt');
    await expectReflow(page, 'checkout result without JavaScript');
    expect(await page.getByRole('link', { name: 'Zurück zu Ihrem Antrag' }).getAttribute('href')).toMatch(new RegExp(`/antraege/${app.applicationId}\\?zahlung=zurueck$`));
    await parking.statusIs(app.applicationId, 'completed');
    // The checkout again: finished, no buttons any more.
    await page.goto(app.payment.checkoutUrl);
    expect(await h1(page)).toBe('Testzahlung abgeschlossen');
    expect(await page.getByRole('button').count()).toBe(0);
    await context.close();
  });

  it('is accessible in every state (checked with axe, which needs JavaScript in the page)', async () => {
    const submitted = await parking.submit(parkingForm(MEERBUSCH, `ME-NJ ${Date.now() % 9000 + 1001}`));
    const app = await parking.statusIs(submitted.body.applicationId, 'awaiting-payment');
    const { page, context } = await newPage(browser);
    await page.goto(app.payment.checkoutUrl);
    await expectAccessible(page, 'checkout');
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await page.waitForURL((url) => url.pathname === checkoutPath(app));
    expect(await page.getByRole('status').textContent()).toContain('Abgebrochen');
    await expectAccessible(page, 'checkout result: cancelled');
    await page.goto(app.payment.checkoutUrl);
    await expectAccessible(page, 'checkout: finished');
    await context.close();
  });
});

describe('German error pages for browsers that open an API address', () => {
  const cases = [
    ['an address of the API that does not exist', '/api/gibt-es-nicht', 404, 'Nicht gefunden'],
    ['a payment that does not exist', '/sandbox-pay/meerbusch.AAAAAAAAAAAAAAAAAAAAAA', 404, 'Nicht gefunden'],
    ['a route that needs a sign-in', '/api/applications', 401, 'Anmeldung erforderlich'],
    ['a malformed payment id', '/sandbox-pay/nicht-gueltig', 400, 'Ungültige Anfrage'],
  ] as const;

  for (const [what, path, status, title] of cases) {
    it(`answers ${what} with a German page, status ${status}; a program still gets problem+json`, async () => {
      const { page, context } = await newPage(browser);
      const response = await page.goto(path);
      expect(response?.status()).toBe(status);
      expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
      expect(await h1(page)).toBe(title);
      expect(await page.getByText(`Fehlercode ${status}`).count()).toBe(1);
      await expectAccessible(page, `${path} (${status})`);
      await expectReflow(page, `${path} (${status})`);
      await context.close();

      const program = await fetch(new URL(path, inject('platform').url), { headers: { accept: 'application/json' } });
      expect(program.status).toBe(status);
      expect(program.headers.get('content-type')).toContain('application/problem+json');
      expect(await program.json()).toMatchObject({ status, title });
    });
  }
});

describe('the accessibility statement', () => {
  it("names the authority's feedback contact and the NRW ombudsman, for the county and for a municipality", async () => {
    const { page, context } = await newPage(browser);
    for (const [query, authority, email] of [
      ['', 'Rhein-Kreis Neuss', 'service@rhein-kreis-neuss.openkreis.test'],
      ['?verwaltung=meerbusch', 'Stadt Meerbusch', 'buergerservice@meerbusch.openkreis.test'],
    ] as const) {
      await page.goto(`/barrierefreiheit${query}`);
      await expect.poll(() => page.getByRole('heading', { level: 2 }).allTextContents()).toContain(`Barrieren melden: Ihr Kontakt zu ${authority}`);
      expect(await page.getByRole('link', { name: email }).getAttribute('href')).toBe(`mailto:${email}`);
      expect(await page.getByRole('link', { name: 'ombudsstelle-barrierefreie-it@mags.nrw.de' }).count()).toBe(1);
      expect(await page.getByText('teilweise barrierefrei').count()).toBe(1);
      await expectAccessible(page, `accessibility statement ${authority}`);
      await expectReflow(page, `accessibility statement ${authority}`);
    }
    await context.close();
  });

  it('is reached from the footer of every page of the app', async () => {
    const { page, context } = await newPage(browser);
    await page.goto('/');
    await page.getByRole('link', { name: 'Erklärung zur Barrierefreiheit' }).click();
    await page.waitForURL('**/barrierefreiheit');
    await expect.poll(() => h1(page)).toBe('Erklärung zur Barrierefreiheit');
    await context.close();
  });
});
