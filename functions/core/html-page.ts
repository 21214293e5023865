/**
 * The frame of the few pages the API renders itself — the public verification of a QR code, the payment sandbox's
 * checkout, and the German error pages a browser gets when it opens an API address — in the portal's design: they
 * link the app's stylesheet under its stable name (`/static/site.css`, emitted by the web build) and use its KERN
 * classes, with the same skip link, header and footer as the app. No inline styles or scripts: the CSP of these pages
 * allows styles, fonts and KERN's `data:` icons from this origin only. Every text put into a page is escaped here.
 */

/** A text escaped for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The authority a page speaks for: its name in the header, its legal pages in the footer. */
export interface PageAuthority {
  name: string;
  urls?: { imprint: string; privacy: string; accessibility: string };
}

export const PORTAL_NAME = 'OpenKreis';

function footer(authority: PageAuthority | undefined): string {
  const links = authority?.urls
    ? [
        ['Impressum', authority.urls.imprint],
        ['Datenschutz', authority.urls.privacy],
        ['Erklärung zur Barrierefreiheit', authority.urls.accessibility],
      ]
    : [['Erklärung zur Barrierefreiheit', '/barrierefreiheit']];
  const items = links.map(([label, href]) => `<li><a class="kern-link" href="${escapeHtml(href!)}" rel="noopener">${escapeHtml(label!)}</a></li>`).join('');
  return `<footer class="ok-footer"><div class="kern-container"><nav aria-label="Rechtliches und Barrierefreiheit"><ul class="kern-list ok-footer__links">${items}</ul></nav>${
    authority ? `<p class="kern-body kern-body--small">${escapeHtml(authority.name)}</p>` : ''
  }</div></footer>`;
}

/**
 * A whole page: `main` is HTML the caller built (with `escapeHtml` for every value); `title` names the page in the
 * document title and its h1 is the caller's.
 */
export function htmlPage(input: { title: string; main: string; authority?: PageAuthority }): string {
  const name = input.authority?.name ?? PORTAL_NAME;
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(input.title)} – ${escapeHtml(name)}</title>
<link rel="stylesheet" href="/static/site.css">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="ok-skip-link kern-link" href="#inhalt">Zum Inhalt springen</a>
${input.authority ? `<div class="kern-kopfzeile"><div class="kern-container"><div class="kern-kopfzeile__content"><span class="kern-kopfzeile__flagge" aria-hidden="true"></span><span class="kern-kopfzeile__label">Offizielles Serviceportal: ${escapeHtml(name)}</span></div></div></div>\n` : ''}<header class="ok-header"><div class="kern-container ok-header__bar"><a class="ok-brand" href="/"><span class="ok-brand__name">${escapeHtml(name)}</span><span class="ok-brand__service">Serviceportal</span></a></div></header>
<main id="inhalt" class="kern-container ok-main ok-server-page">
${input.main}
</main>
${footer(input.authority)}
</body>
</html>
`;
}

/**
 * The headers of such a page. `formAction`: where its forms may post (the sandbox's checkout posts to itself); none
 * otherwise. The referrer is never sent: these URLs may carry a token (`/verify/<token>`).
 */
export function htmlHeaders(options: { formAction?: "'self'" } = {}): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'none'",
      "style-src 'self'",
      "font-src 'self'",
      "img-src 'self' data:",
      `form-action ${options.formAction ?? "'none'"}`,
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    vary: 'accept',
  };
}

/**
 * True when the client prefers HTML to JSON (a browser's navigation); API clients, `fetch` with
 * `accept: application/json` and `*\/*` get JSON. Reads the quality values of `text/html` and `application/json` (or
 * the wildcards that cover them); the most specific matching range decides (RFC 9110 §12.5.1).
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.split(',').map((part) => {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    return { range: range.trim(), q: Number.isFinite(q) ? q : 0 };
  });
  const quality = (type: string) => {
    const major = type.split('/')[0];
    let specificity = 0;
    let q = 0;
    for (const entry of ranges) {
      const s = entry.range === type ? 3 : entry.range === `${major}/*` ? 2 : entry.range === '*/*' ? 1 : 0;
      if (s > specificity) [specificity, q] = [s, entry.q];
    }
    return q;
  };
  const html = quality('text/html');
  return html > 0 && html > quality('application/json');
}
