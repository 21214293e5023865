import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { platformUrl } from './api-client.ts';

export { CHROMIUM, launchBrowser, signIn } from './chromium.ts';

/**
 * Browser tests drive Debian's chromium (`./chromium.ts`) through playwright-core against the local platform the
 * integration setup started, and run axe-core on every page they visit: WCAG 2.1 A/AA rules, zero violations.
 */
export async function newPage(browser: Browser, options: { width?: number; height?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: platformUrl(), locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: { width: options.width ?? 1280, height: options.height ?? 900 } });
  const page = await context.newPage();
  // Any script error in the app fails the test that caused it.
  page.on('pageerror', (error) => {
    throw error;
  });
  return { context, page };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** axe-core with the WCAG 2.0/2.1 A and AA rules on the page as it is now: no violation may remain. */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  await page.evaluate(axeSource);
  // Runs in the page (DOM globals), written as an expression: the test code itself is type-checked for Node.
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }).then((result) => result.violations)`,
  )) as AxeViolation[];
  const summary = violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(summary, `axe on ${label}`).toEqual([]);
}

/** WCAG 1.4.10 reflow: at 320 CSS px nothing scrolls sideways (tables scroll inside their own box). */
export async function expectReflow(page: Page, label = page.url()): Promise<void> {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 720 });
  const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
  if (viewport) await page.setViewportSize(viewport);
  expect(overflow, `horizontal scrolling at 320 px on ${label}`).toBeLessThanOrEqual(0);
}

/**
 * Moves the focus with the Tab key alone until `focused` (an expression evaluated in the page, e.g.
 * `document.activeElement?.textContent === 'Weiter'`) is true; fails after `max` presses. Keyboard-only stories use it
 * to reach a control the way a keyboard user does.
 */
export async function tabTo(page: Page, focused: string, max = 60): Promise<void> {
  for (let presses = 0; presses < max; presses += 1) {
    if (await page.evaluate(`Boolean(${focused})`)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab did not reach ${focused} within ${max} presses`);
}
