/**
 * 7. The web app: what each page costs on first load, and Lighthouse's verdict on the pages the issue names.
 *
 * Page weight: every page of the page table (`web/src/pages/paths.ts`), opened in a fresh browser context (empty
 * cache) of Debian's chromium through Playwright, as the role the page is for (`web/src/pages/index.ts`; signed in
 * through the sign-in page's demo picker). Counted: the bytes transferred per kind (the local runtime compresses like
 * CloudFront: brotli), the JavaScript and CSS the page loaded gzipped (level 9: the budget is in gzip), the
 * number of requests, and requests to any other origin (third party).
 *
 * Lighthouse (npm `lighthouse`, its default mobile configuration with simulated throttling) drives the same chromium
 * through chrome-launcher; signed-in pages get the session the app keeps in `sessionStorage`, set before the app loads.
 */
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import puppeteer from 'puppeteer-core';
import { gzipSync } from 'node:zlib';
import type { Browser, Request } from 'playwright-core';
import { PAGE_PATHS } from '../../web/src/pages/paths.ts';
import { CHROMIUM, CHROMIUM_ARGS, launchBrowser, signIn } from '../../test/support/chromium.ts';
import { summarize, type Summary } from '../lib/stats.ts';

/** The budget per page on first load (gzip or better). */
export const JS_BUDGET_BYTES = 60 * 1024;
export const CSS_BUDGET_BYTES = 40 * 1024;
export const LIGHTHOUSE_TARGETS = { performance: 95, accessibility: 100, 'best-practices': 95 } as const;
export type LighthouseCategory = keyof typeof LIGHTHOUSE_TARGETS;

/** The pages the issue names for Lighthouse, by their path in the page table (a page not built yet is reported). */
export const NAMED_PAGES = [
  { name: 'catalogue', path: '/dienste' },
  { name: 'form step', path: '/dienste/:serviceId/antrag' },
  { name: 'status page', path: '/antraege/:id' },
  { name: 'inbox', path: '/sachbearbeitung' },
  { name: 'sign-in', path: '/anmelden' },
  // Issue 12: the learner pages.
  { name: 'my training', path: '/fortbildung' },
  { name: 'lesson', path: '/fortbildung/kurse/:courseId/lektionen/:lessonId' },
] as const;

/** The app keeps the signed-in session here (`web/src/auth/session.ts`). */
const SESSION_KEY = 'openkreis.session';

export interface PageWeight {
  path: string;
  url: string;
  /** The demo user the page was opened as; undefined = anonymous. */
  user?: string;
  /** Bytes transferred (compressed) per kind of resource. */
  bytes: { script: number; stylesheet: number; font: number; document: number; api: number; other: number };
  /** The JavaScript and CSS files the page loaded, gzipped (level 9): what the budget is measured in. */
  gzip: { script: number; stylesheet: number };
  requests: number;
  thirdParty: string[];
  /** The page's h1 once loaded: shows that the page, not an error or sign-in prompt, was measured. */
  heading: string;
}

export interface LighthouseResult {
  name: string;
  path: string;
  url: string;
  user?: string;
  runs: number;
  scores: Record<LighthouseCategory, Summary>;
  /** Median of the runs, in ms (CLS unitless). */
  metrics: { fcp: number; lcp: number; tbt: number; cls: number; speedIndex: number };
}

export interface WebFigures {
  chromium: string;
  lighthouseVersion: string;
  pages: PageWeight[];
  lighthouse: LighthouseResult[];
  /** Named pages the page table does not have yet. */
  notBuilt: Array<{ name: string; path: string }>;
}

export interface WebOptions {
  baseUrl: string;
  /** Lighthouse runs per named page (median reported); 0 skips Lighthouse. */
  lighthouseRuns: number;
  /** Only these named pages get Lighthouse runs (undefined = all of them). */
  lighthousePages?: readonly string[];
  /** Only these pages of the page table are weighed (undefined = every page). */
  weighedPages?: readonly string[];
  /** Values for path parameters (`:id` → an application of the citizen), else `x1`. */
  params?: Record<string, string>;
  log: (message: string) => void;
}

/** Who may open each page (`web/src/pages/index.ts`). */
type PageRoles = Record<string, { roles: readonly string[] | 'public' }>;

/**
 * The page table with its roles, loaded at run time: a static import would pull the app's TSX pages (and the DOM's
 * types) into the Node project's type check; loading it evaluates no page (they are lazy).
 */
async function pageRoles(): Promise<PageRoles> {
  const module = (await import(new URL('../../web/src/pages/index.ts', import.meta.url).href)) as { PAGES: PageRoles };
  return module.PAGES;
}

/** Pages only the county's people open: its admins' console and its vehicle registration office. */
const COUNTY_PAGES = /^\/(?:kreis(?:\/|$)|sachbearbeitung\/zulassung)/;

/**
 * The demo user a page is opened as: anonymous for public pages, else the account of its first role — at the county
 * for the county's pages and roles (there is no county admin in Neuss), in Neuss otherwise.
 */
export function userFor(entry: PageRoles[string] | undefined, path = ''): string | undefined {
  if (!entry || entry.roles === 'public') return undefined;
  const role = entry.roles[0]!;
  const tenant = role === 'county-admin' || COUNTY_PAGES.test(path) ? 'rhein-kreis-neuss' : 'neuss';
  return `${role}@${tenant}.openkreis.test`;
}

export function concretePath(pattern: string, params: Record<string, string> = {}): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? 'x1'));
}

export async function runWeb(options: WebOptions): Promise<WebFigures> {
  const roles = await pageRoles();
  const browser = await launchBrowser();
  try {
    const sessions = new Map<string, string>();
    const sessionOf = async (user: string | undefined) => {
      if (!user) return undefined;
      if (!sessions.has(user)) sessions.set(user, await signedInSession(browser, options.baseUrl, user));
      return sessions.get(user);
    };

    const pages: PageWeight[] = [];
    for (const pattern of PAGE_PATHS.filter((candidate) => !options.weighedPages || options.weighedPages.includes(candidate))) {
      const user = userFor(roles[pattern], pattern);
      const weight = await pageWeight(browser, options.baseUrl, concretePath(pattern, options.params), await sessionOf(user));
      pages.push({ ...weight, path: pattern, ...(user ? { user } : {}) });
      options.log(`web: ${pattern} ${(weight.gzip.script / 1024).toFixed(1)} KB JS, ${(weight.gzip.stylesheet / 1024).toFixed(1)} KB CSS (gzip), ${weight.requests} requests`);
    }

    const known = new Set<string>(PAGE_PATHS);
    const notBuilt = NAMED_PAGES.filter((named) => !known.has(named.path)).map(({ name, path }) => ({ name, path }));
    const lighthouseResults: LighthouseResult[] = [];
    let lighthouseVersion = 'not run';
    if (options.lighthouseRuns > 0) {
      for (const named of NAMED_PAGES.filter((page) => known.has(page.path) && (!options.lighthousePages || options.lighthousePages.includes(page.name)))) {
        const user = userFor(roles[named.path], named.path);
        const url = new URL(concretePath(named.path, options.params), options.baseUrl).href;
        const reports: LighthouseReport[] = [];
        for (let run = 0; run < options.lighthouseRuns; run += 1) reports.push(await lighthouseRun(url, await sessionOf(user)));
        lighthouseVersion = reports[0]!.lighthouseVersion;
        const median = (pick: (report: LighthouseReport) => number) => summarize(reports.map(pick)).median;
        lighthouseResults.push({
          name: named.name,
          path: named.path,
          url,
          ...(user ? { user } : {}),
          runs: reports.length,
          scores: Object.fromEntries(
            (Object.keys(LIGHTHOUSE_TARGETS) as LighthouseCategory[]).map((category) => [category, summarize(reports.map((report) => Math.round((report.categories[category]?.score ?? 0) * 100)))]),
          ) as Record<LighthouseCategory, Summary>,
          metrics: {
            fcp: median((report) => audit(report, 'first-contentful-paint')),
            lcp: median((report) => audit(report, 'largest-contentful-paint')),
            tbt: median((report) => audit(report, 'total-blocking-time')),
            cls: median((report) => audit(report, 'cumulative-layout-shift')),
            speedIndex: median((report) => audit(report, 'speed-index')),
          },
        });
        const last = lighthouseResults.at(-1)!;
        options.log(`lighthouse: ${named.name} performance ${last.scores.performance.median}, accessibility ${last.scores.accessibility.median}, best practices ${last.scores['best-practices'].median}`);
      }
    }
    return { chromium: browser.version(), lighthouseVersion, pages, lighthouse: lighthouseResults, notBuilt };
  } finally {
    await browser.close();
  }
}

/** Signs the user in through the app's sign-in page and returns the session the app stored. */
async function signedInSession(browser: Browser, baseUrl: string, user: string): Promise<string> {
  const context = await browser.newContext({ baseURL: baseUrl });
  try {
    const page = await context.newPage();
    await signIn(page, user);
    const stored = (await page.evaluate(`sessionStorage.getItem(${JSON.stringify(SESSION_KEY)})`)) as string | null;
    if (!stored) throw new Error(`bench: signing in as ${user} stored no session`);
    return stored;
  } finally {
    await context.close();
  }
}

const KINDS: Record<string, keyof PageWeight['bytes']> = { script: 'script', stylesheet: 'stylesheet', font: 'font', document: 'document', fetch: 'api', xhr: 'api' };

/** One first load in a fresh context: the bytes every request transferred, by kind, until the network is idle. */
async function pageWeight(browser: Browser, baseUrl: string, path: string, session: string | undefined): Promise<Omit<PageWeight, 'path' | 'user'>> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 412, height: 823 } });
  try {
    if (session) await context.addInitScript(`sessionStorage.setItem(${JSON.stringify(SESSION_KEY)}, ${JSON.stringify(session)})`);
    const page = await context.newPage();
    const origin = new URL(baseUrl).origin;
    const bytes: PageWeight['bytes'] = { script: 0, stylesheet: 0, font: 0, document: 0, api: 0, other: 0 };
    const gzip: PageWeight['gzip'] = { script: 0, stylesheet: 0 };
    const requests: Request[] = [];
    page.on('request', (request) => requests.push(request));
    await page.goto(path, { waitUntil: 'networkidle' });
    const heading = (await page.getByRole('heading', { level: 1 }).first().textContent({ timeout: 10_000 })) ?? '';
    // Counted once everything has arrived, from the requests themselves: 'requestfinished' events may come after the
    // page is idle.
    for (const request of requests) {
      const response = await request.response();
      if (!response) continue;
      await response.finished();
      const kind = KINDS[request.resourceType()] ?? 'other';
      bytes[kind] += (await request.sizes()).responseBodySize;
      if (kind === 'script' || kind === 'stylesheet') gzip[kind] += gzipSync(await response.body(), { level: 9 }).length;
    }
    const thirdParty = requests.map((request) => request.url()).filter((url) => new URL(url).origin !== origin);
    return { url: page.url(), bytes, gzip, requests: requests.length, thirdParty, heading: heading.trim() };
  } finally {
    await context.close();
  }
}

interface LighthouseReport {
  lighthouseVersion: string;
  categories: Record<string, { score: number | null } | undefined>;
  audits: Record<string, { numericValue?: number } | undefined>;
}

const audit = (report: LighthouseReport, id: string) => report.audits[id]?.numericValue ?? Number.NaN;

/** One Lighthouse navigation (mobile, simulated throttling) in a fresh chromium, with the session set if any. */
async function lighthouseRun(url: string, session: string | undefined): Promise<LighthouseReport> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', ...CHROMIUM_ARGS] });
  try {
    const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
    try {
      const page = await browser.newPage();
      if (session) {
        // Before any script of the app runs, on every document of the site (about:blank has no storage).
        await page.evaluateOnNewDocument(`try { sessionStorage.setItem(${JSON.stringify(SESSION_KEY)}, ${JSON.stringify(session)}); } catch {}`);
      }
      const result = await lighthouse(url, { logLevel: 'error', output: 'json', onlyCategories: Object.keys(LIGHTHOUSE_TARGETS) }, undefined, page);
      if (!result) throw new Error(`bench: Lighthouse returned nothing for ${url}`);
      const report = result.lhr as unknown as LighthouseReport;
      const failed = Object.entries(report.categories).filter(([, category]) => category?.score === null);
      if (failed.length > 0) throw new Error(`bench: Lighthouse could not score ${failed.map(([name]) => name).join(', ')} on ${url}`);
      return report;
    } finally {
      await browser.disconnect();
    }
  } finally {
    chrome.kill();
  }
}
