import { MissingConfiguration, optionalEnv } from './config.ts';

/**
 * Links to the portal's pages that the platform sends out — in e-mails and as the payment provider's return address —
 * so that a person lands on the page for their matter, not on an API answer.
 *
 * `PUBLIC_SITE_URL` is the portal's public origin (the CloudFront distribution or its custom domain in AWS; locally
 * the one origin of `npm start`). Where it is not set, `PUBLIC_API_URL` stands in: the API is served on the site's
 * origin too (under `/api/` and at its old paths). Read once at load time; a function that sends no links does not
 * need it, so its absence fails the first link, not the cold start.
 *
 * The paths are pages of the web app (`web/src/pages/paths.ts`; a unit test asserts that every link built here is one).
 */
const SITE_URL = (optionalEnv('PUBLIC_SITE_URL') ?? optionalEnv('PUBLIC_API_URL'))?.replace(/\/+$/, '');

function siteUrl(path: string): string {
  if (!SITE_URL) throw new MissingConfiguration('Environment variable PUBLIC_SITE_URL (or PUBLIC_API_URL) is not set');
  return `${SITE_URL}${path}`;
}

export const sitePages = {
  /** The status page of an application (`/antraege/<id>`): timeline, payment, documents, withdraw, pay again. */
  application: (applicationId: string) => siteUrl(`/antraege/${encodeURIComponent(applicationId)}`),
  /** The renewal of a resident parking permit (`/verlaengerung/<permitId>`), from the reminder e-mail. */
  permitRenewal: (permitId: string) => siteUrl(`/verlaengerung/${encodeURIComponent(permitId)}`),
  /** "Meine Daten" (`/meine-daten`): access exports and erasure requests with their answers (functions/privacy/). */
  myData: () => siteUrl('/meine-daten'),
};

/** The portal's public origin (`https://…`, no trailing slash): for absolute links in published documents (DCAT). */
export function siteOrigin(): string {
  return siteUrl('');
}
