import type { Browser, ConsoleMessage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.ts';
import { platformUrl } from '../support/api-client.ts';
import { expectAccessible, expectReflow, launchBrowser, newPage } from '../support/browser.ts';

/**
 * The API reference page (`/api-referenz/`): Swagger UI from this origin renders the generated document under the
 * portal's security headers — every route listed, no CSP violation, no request to another origin, axe-clean.
 */
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('the API reference page', () => {
  it('renders every route of the contract from this origin under the portal\'s CSP, accessible and reflowing at 320 px', async () => {
    const { page, context } = await newPage(browser);
    const violations: string[] = [];
    const foreign: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const origin = new URL(platformUrl()).origin;
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol !== 'data:' && url.origin !== origin) foreign.push(request.url());
    });
    const response = await page.goto('/api-referenz/');
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 20_000 }).toBe(routes.length);
    expect(await page.getByRole('heading', { level: 1 }).allTextContents()).toEqual(['API-Referenz']);
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(violations).toEqual([]);
    expect(foreign).toEqual([]);
    await expectAccessible(page, 'api reference');
    await expectReflow(page, 'api reference');

    // An operation opened with the keyboard: its roles, parameters, request body and answers.
    const operation = page.locator('.opblock-post').filter({ hasText: '/applications/{id}/decision' }).locator('.opblock-summary-control');
    await operation.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Rollen: Sachbearbeitung (caseworker)', { exact: false }).waitFor();
    await expectAccessible(page, 'api reference, an operation opened');
    await expectReflow(page, 'api reference, an operation opened');
    expect(violations).toEqual([]);
    await context.close();
  }, 180_000); // axe over all operations of the API takes its time on two shared cores
});
