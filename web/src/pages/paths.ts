/**
 * The paths of the web app's pages — plain data, read by the app's router and by both servers: the local runtime
 * (`infra/local/http/web.ts`) and CloudFront (`infra/stacks/web-stack.ts`) answer a page path with `index.html` and
 * anything else that is neither an API route nor a file with the German "not found" page (status 404).
 *
 * Pages have German paths; API routes live under `/api/` (and, for existing clients, at their old paths). A test
 * (`test/unit/web/paths.test.ts`) asserts that no page path can ever match an API route.
 */
export const PAGE_PATHS = [
  '/',
  '/anmelden',
  '/abgemeldet',
  '/dienste',
  // Tenant administration
  '/verwaltung',
  '/verwaltung/einstellungen',
  '/verwaltung/beschaeftigte',
  '/verwaltung/beschaeftigte/import',
  '/verwaltung/beschaeftigte/:id',
  '/verwaltung/fortbildung',
  '/verwaltung/fortbildung/kurse',
  '/verwaltung/berichte',
  '/verwaltung/berichte/ueberfaellig',
  '/verwaltung/berichte/erinnerungen',
  // County administration
  '/kreis/kommunen',
  '/kreis/kommunen/neu',
  '/kreis/kommunen/:id',
  '/kreis/fortbildung',
] as const;

export type PagePath = (typeof PAGE_PATHS)[number];

/** `/antraege/:id` → a pattern that matches `/antraege/abc` (one segment per parameter, optional trailing slash). */
export function pagePattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source === '' ? '/' : source}/?$`);
}

const PATTERNS = PAGE_PATHS.map(pagePattern);

/** True when `pathname` is a page of the app (the servers answer it with `index.html`). */
export function isPagePath(pathname: string): boolean {
  return PATTERNS.some((pattern) => pattern.test(pathname));
}
