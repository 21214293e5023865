/**
 * The page a person sees after scanning a QR code with a phone: one big status word, an icon and a sentence, so
 * that colour is never the only signal (WCAG 1.4.1), high contrast, German, no scripts, no external resources.
 */
import { germanDate, germanDateTime } from './german-format.ts';
import type { DocumentStatus, PublicFact } from './verifiers.ts';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const STATUS_WORDS: Record<DocumentStatus | 'unknown', { word: string; icon: string; colour: string }> = {
  valid: { word: 'Gültig', icon: '✓', colour: '#1a6b32' },
  expired: { word: 'Abgelaufen', icon: '!', colour: '#8a4500' },
  revoked: { word: 'Widerrufen', icon: '✗', colour: '#a4161a' },
  unknown: { word: 'Nicht gültig', icon: '✗', colour: '#a4161a' },
};

export const NOT_FOUND_DETAIL =
  'Dieser QR-Code gehört zu keinem gültigen Dokument. Er wurde möglicherweise verändert oder nicht von einer ' +
  'Verwaltung ausgestellt, die OpenKreis nutzt. Bitte prüfen Sie das Dokument auf anderem Weg.';

function sentence(title: string, status: DocumentStatus, checkHint: string | undefined): string {
  switch (status) {
    case 'valid':
      return `Dieser ${title} ist gültig. ${checkHint ?? 'Bitte vergleichen Sie die Angaben unten mit dem Dokument.'}`;
    case 'expired':
      return `Dieser ${title} ist nicht gültig: Er gilt nur im unten genannten Zeitraum.`;
    case 'revoked':
      return `Dieser ${title} wurde von der ausstellenden Behörde widerrufen und ist nicht mehr gültig.`;
  }
}

function page(options: { heading: string; status: DocumentStatus | 'unknown'; message: string; facts?: readonly PublicFact[]; checkedAt: Date }): string {
  const { word, icon, colour } = STATUS_WORDS[options.status];
  const facts = (options.facts ?? [])
    .map((fact) => `<div><dt>${escapeHtml(fact.label)}</dt><dd>${escapeHtml(fact.format === 'date' ? germanDate(fact.value) : fact.value)}</dd></div>`)
    .join('');
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(word)} – ${escapeHtml(options.heading)}</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.125rem;line-height:1.5;color:#111;background:#fff}
main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.25rem;margin:0 0 1rem}
.status{display:flex;align-items:center;gap:1rem;padding:1rem 1.25rem;border:6px solid ${colour};border-radius:.5rem;color:${colour};background:#fff}
.status .icon{display:inline-flex;align-items:center;justify-content:center;width:3.5rem;height:3.5rem;border-radius:50%;background:${colour};color:#fff;font-size:2.25rem;font-weight:700;flex:none}
.status .word{font-size:2.5rem;font-weight:800;text-transform:uppercase;letter-spacing:.03em}
dl{margin:1.5rem 0;display:grid;gap:.75rem}
dl div{border-bottom:1px solid #767676;padding-bottom:.5rem}
dt{font-size:.95rem;color:#444}
dd{margin:0;font-size:1.5rem;font-weight:700}
.checked{color:#444;font-size:.95rem}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(options.heading)}</h1>
<p class="status" role="status"><span class="icon" aria-hidden="true">${icon}</span><span class="word">${escapeHtml(word)}</span></p>
<p>${escapeHtml(options.message)}</p>
${facts ? `<dl>${facts}</dl>` : ''}
<p class="checked">Geprüft am ${escapeHtml(germanDateTime(options.checkedAt))}.</p>
</main>
</body>
</html>
`;
}

export function verificationPage(input: { title: string; checkHint?: string | undefined; status: DocumentStatus; facts: readonly PublicFact[]; checkedAt: Date }): string {
  return page({
    heading: `Prüfung: ${input.title}`,
    status: input.status,
    message: sentence(input.title, input.status, input.checkHint),
    facts: input.facts,
    checkedAt: input.checkedAt,
  });
}

export function notFoundPage(checkedAt: Date): string {
  return page({ heading: 'Prüfung eines Dokuments', status: 'unknown', message: NOT_FOUND_DETAIL, checkedAt });
}

/**
 * True when the client prefers HTML to JSON (a browser after a QR scan); API clients and `*\/*` get JSON.
 * Reads the quality values of `text/html` and `application/json` (or the wildcards that cover them).
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.split(',').map((part) => {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    return { range: range.trim(), q: Number.isFinite(q) ? q : 0 };
  });
  // The most specific matching range decides (RFC 9110 §12.5.1).
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
