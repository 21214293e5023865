/**
 * The sandbox checkout page: German, accessible (document language, landmarks, a described button group, a live
 * region for the result, visible focus), self-contained (no external assets), every value escaped. The inline script
 * and style are allowed by their hashes in the Content-Security-Policy, nothing else is.
 *
 * The core HTTP middleware accepts JSON bodies only, so the buttons post `{ "action": … }` with a small script;
 * without JavaScript the page says so.
 */
import { createHash } from 'node:crypto';
import { formatEuro } from '../domain.ts';
import type { PaymentStatus } from '../provider.ts';
import type { SandboxTransaction } from './ledger.ts';

export const STATUS_TEXT: Record<PaymentStatus, string> = {
  INITIAL: 'Offen',
  BOOKED: 'Bezahlt',
  CANCELED: 'Abgebrochen',
  FAILED: 'Fehlgeschlagen',
};

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;margin:0;color:#1a1a1a;background:#f5f5f5}
main{max-width:36rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #767676;border-radius:.5rem}
h1{font-size:1.5rem;margin-top:0}
.hinweis{background:#fff4ce;border-left:.3rem solid #8a6d00;padding:.5rem .75rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
fieldset{border:1px solid #767676;border-radius:.5rem;padding:1rem}
legend{font-weight:600;padding:0 .25rem}
button{font:inherit;font-size:1rem;padding:.6rem 1.2rem;margin:.25rem .5rem .25rem 0;border-radius:.3rem;border:2px solid #1a1a1a;background:#fff;color:#1a1a1a;cursor:pointer}
button.primaer{background:#0b5394;border-color:#0b5394;color:#fff}
button:focus-visible,#ergebnis:focus-visible{outline:3px solid #c00;outline-offset:2px}
button[disabled]{opacity:.6;cursor:not-allowed}
#ergebnis{font-weight:600;min-height:1.5em}
`.trim();

const SCRIPT = `
(function () {
  var form = document.getElementById('aktionen');
  if (!form) return;
  var result = document.getElementById('ergebnis');
  var status = document.getElementById('status');
  var buttons = form.querySelectorAll('button');
  function enable(on) { for (var i = 0; i < buttons.length; i++) buttons[i].disabled = !on; }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var action = event.submitter ? event.submitter.value : '';
    enable(false);
    result.textContent = 'Wird verarbeitet …';
    fetch(location.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ action: action })
    }).then(function (response) {
      return response.json().then(function (data) {
        result.textContent = data.message || data.detail || ('Antwort HTTP ' + response.status);
        if (data.statusText) status.textContent = data.statusText;
        if (response.status >= 500) enable(true);
        else if (response.ok || response.status === 409) form.hidden = true;
        else enable(true);
        result.focus();
      });
    }).catch(function () {
      result.textContent = 'Die Aktion konnte nicht gesendet werden. Bitte versuchen Sie es erneut.';
      enable(true);
      result.focus();
    });
  });
})();
`.trim();

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Only the inline style and script of this page may run; requests go to the page's own origin. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${hash(STYLE)}`,
  `script-src ${hash(SCRIPT)}`,
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const HTML_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function layout(title: string, content: string, withScript: boolean): string {
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} – OpenKreis Sandbox</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${content}
</main>
${withScript ? `<script>${SCRIPT}</script>` : ''}
</body>
</html>`;
}

function details(transaction: SandboxTransaction): string {
  const rows: Array<[string, string]> = [
    ['Verwendungszweck', escapeHtml(transaction.purpose)],
    ['Betrag', escapeHtml(formatEuro(transaction.amountCents))],
    ['Zahlungsnummer', `<code>${escapeHtml(transaction.paymentId)}</code>`],
  ];
  if (transaction.transactionReference) rows.push(['Kassenzeichen', `<code>${escapeHtml(transaction.transactionReference)}</code>`]);
  const body = rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('\n');
  return `<dl>
${body}
<dt>Status</dt><dd id="status">${escapeHtml(STATUS_TEXT[transaction.status])}</dd>
</dl>`;
}

const SANDBOX_NOTICE = '<p class="hinweis"><strong>Testumgebung:</strong> Auf dieser Seite wird kein Geld bewegt. Sie simuliert den Zahlungsdienst.</p>';

/** The checkout page: the three outcomes while the transaction is open, its result afterwards. */
export function checkoutPage(transaction: SandboxTransaction): string {
  if (transaction.status !== 'INITIAL') {
    return layout(
      'Testzahlung abgeschlossen',
      `<h1>Testzahlung abgeschlossen</h1>
${SANDBOX_NOTICE}
${details(transaction)}
<p>Diese Testzahlung ist bereits abgeschlossen. Eine weitere Aktion ist nicht möglich.</p>`,
      false,
    );
  }
  return layout(
    'Testzahlung',
    `<h1>Testzahlung</h1>
${SANDBOX_NOTICE}
${details(transaction)}
<form id="aktionen" method="post" aria-describedby="aktionen-hinweis">
<fieldset>
<legend>Wie soll die Testzahlung ausgehen?</legend>
<p id="aktionen-hinweis">Jede Schaltfläche beendet die Testzahlung und sendet eine signierte Zahlungsbestätigung an OpenKreis.</p>
<button type="submit" name="action" value="pay" class="primaer">Bezahlen</button>
<button type="submit" name="action" value="cancel">Abbrechen</button>
<button type="submit" name="action" value="fail">Fehlschlag simulieren</button>
</fieldset>
</form>
<noscript><p>Diese Testseite benötigt JavaScript, um die gewählte Aktion zu senden.</p></noscript>
<p id="ergebnis" role="status" aria-live="polite" tabindex="-1"></p>`,
    true,
  );
}

/** The result of an action as a page (for clients that ask for HTML rather than JSON). */
export function resultPage(transaction: SandboxTransaction, message: string): string {
  return layout(
    'Ergebnis der Testzahlung',
    `<h1>Ergebnis der Testzahlung</h1>
${SANDBOX_NOTICE}
${details(transaction)}
<p id="ergebnis" role="status">${escapeHtml(message)}</p>`,
    false,
  );
}
