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
  '/dienste/:serviceId',
  '/dienste/:serviceId/antrag',
  '/dienste/:serviceId/bestaetigung/:applicationId',
  '/antraege',
  '/antraege/:id',
  '/verlaengerung/:id',
  '/betriebe',
  '/meine-daten',
  '/barrierefreiheit',
  '/offene-daten',
  '/offene-daten/:tenantId',
  '/fortbildung',
  '/fortbildung/kurse/:courseId',
  '/fortbildung/kurse/:courseId/lektionen/:lessonId',
  '/fortbildung/kurse/:courseId/quiz',
  // The caseworker workspace and parking enforcement (a literal path before a parameter of the same shape)
  '/sachbearbeitung',
  '/sachbearbeitung/antraege/:id',
  '/sachbearbeitung/schalter',
  '/sachbearbeitung/schalter/:serviceId',
  '/sachbearbeitung/zulassung',
  '/sachbearbeitung/zulassung/meldungen',
  '/sachbearbeitung/zulassung/:id',
  '/sachbearbeitung/weiterleitungen',
  '/sachbearbeitung/baulasten',
  '/sachbearbeitung/baulasten/neu',
  '/sachbearbeitung/baulasten/:id',
  '/sachbearbeitung/gewerberegister',
  '/sachbearbeitung/gewerberegister/:id',
  '/kontrolle',
  // The data protection officer (issue 14: the person's rights, the record of processing)
  '/datenschutz/loeschantraege',
  '/datenschutz/loeschantraege/:id',
  '/datenschutz/verzeichnis',
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
  '/verwaltung/kennzahlen',
  // The data protection officer
  '/datenschutz/protokoll',
  // County administration
  '/kreis/kommunen',
  '/kreis/kommunen/neu',
  '/kreis/kommunen/:id',
  '/kreis/fortbildung',
  '/kreis/kennzahlen',
] as const;

export type PagePath = (typeof PAGE_PATHS)[number];

/** The API's path on the site's origin, locally and behind CloudFront (which strips it before API Gateway). */
export const API_PREFIX = '/api';

/** `/antraege/:id` → the regular expression source `/antraege/[^/]+` (one segment per parameter). */
function patternSource(path: string): string {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return source === '' ? '/' : source;
}

/** `/antraege/:id` → a pattern that matches `/antraege/abc` (one segment per parameter, optional trailing slash). */
export function pagePattern(path: string): RegExp {
  return new RegExp(`^${patternSource(path)}/?$`);
}

const PATTERNS = PAGE_PATHS.map(pagePattern);

/**
 * The links the app's router may handle in place: the page paths (with any query or fragment). Every other link —
 * the public verification page, the API reference, a download — is a real navigation, so the browser loads it.
 */
export const PAGE_SCOPE = new RegExp(`^(?:${PAGE_PATHS.map(patternSource).join('|')})/?(?:[?#].*)?$`);

/** True when `pathname` is a page of the app (the servers answer it with `index.html`). */
export function isPagePath(pathname: string): boolean {
  return PATTERNS.some((pattern) => pattern.test(pathname));
}
