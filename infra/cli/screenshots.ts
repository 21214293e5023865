/**
 * `npm run screenshots`: the README's pictures of the main pages, taken from the local platform as its users see it.
 *
 * Starts the platform (seeded, on a free port), completes one resident parking application through the API (so the
 * status page, the inbox and the case view have something to show), then opens each page in Debian's chromium as the
 * role it is for (signed in through the sign-in page's demo picker) and writes `docs/screenshots/<name>.png`.
 * Desktop pages at 1280 × 900, the pages people open on a phone at 390 × 844. Pages not in the page table (yet) are
 * skipped with a note, so the script never invents a path.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { startBenchContext } from '../../bench/lib/context.ts';
import { TINY } from '../../bench/lib/size.ts';
import { launchBrowser, signIn } from '../../test/support/chromium.ts';
import { isPagePath } from '../../web/src/pages/paths.ts';
import { buildWeb } from '../local/web-build.ts';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

interface Shot {
  name: string;
  path: string;
  user?: string;
  viewport?: { width: number; height: number };
}

function shots(applicationId: string): Shot[] {
  return [
    { name: 'start', path: '/' },
    { name: 'catalogue', path: '/dienste', user: 'citizen@neuss.openkreis.test' },
    { name: 'form', path: '/dienste/resident-parking/antrag', user: 'citizen@neuss.openkreis.test' },
    { name: 'status', path: `/antraege/${applicationId}`, user: 'citizen@neuss.openkreis.test' },
    { name: 'status-phone', path: `/antraege/${applicationId}`, user: 'citizen@neuss.openkreis.test', viewport: PHONE },
    { name: 'inbox', path: '/sachbearbeitung?status=completed', user: 'caseworker@neuss.openkreis.test' },
    { name: 'case', path: `/sachbearbeitung/antraege/${applicationId}`, user: 'caseworker@neuss.openkreis.test' },
    { name: 'enforcement-phone', path: '/kontrolle', user: 'enforcement@neuss.openkreis.test', viewport: PHONE },
    { name: 'learning', path: '/fortbildung', user: 'employee@neuss.openkreis.test' },
    { name: 'tenant-admin', path: '/verwaltung/einstellungen', user: 'tenant-admin@neuss.openkreis.test' },
    { name: 'county-admin', path: '/kreis/kommunen', user: 'county-admin@rhein-kreis-neuss.openkreis.test' },
    { name: 'county-training', path: '/kreis/fortbildung', user: 'county-admin@rhein-kreis-neuss.openkreis.test' },
  ];
}

async function take(browser: Browser, baseUrl: string, shot: Shot): Promise<void> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: shot.viewport ?? DESKTOP, locale: 'de-DE' });
  try {
    const page = await context.newPage();
    if (shot.user) await signIn(page, shot.user, shot.path);
    else await page.goto(shot.path);
    await page.waitForLoadState('networkidle');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.screenshot({ path: path.join(OUT, `${shot.name}.png`) });
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  await buildWeb();
  mkdirSync(OUT, { recursive: true });
  const log = (message: string) => console.log(`[screenshots] ${message}`);
  const ctx = await startBenchContext(TINY, log);
  const browser = await launchBrowser();
  try {
    const application = await ctx.completeApplication();
    for (const shot of shots(application.applicationId)) {
      if (!isPagePath(new URL(shot.path, ctx.platform.url).pathname)) {
        log(`skipped ${shot.name}: ${shot.path} is not a page of the app`);
        continue;
      }
      await take(browser, ctx.platform.url, shot);
      log(`docs/screenshots/${shot.name}.png`);
    }
  } finally {
    await browser.close();
    await ctx.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
