import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's chromium (`.ci/run` installs it with apt; browsers are never downloaded), driven through playwright-core —
 * shared by the browser tests and the bench's web suite, so it imports nothing of the test runner.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags of a headless chromium on a machine without network access and as root (CI). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Signs in through the sign-in page as a person would, with the local demo user picker. */
export async function signIn(page: Page, username: string, next = '/'): Promise<void> {
  await page.goto(`/anmelden?weiter=${encodeURIComponent(next)}`);
  await page.getByLabel('Demo-Zugang wählen').selectOption(username);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await page.waitForURL((url) => url.pathname !== '/anmelden');
}
