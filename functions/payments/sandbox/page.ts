/**
 * The sandbox checkout pages in the portal's design (`#core/html-page`): German, accessible, every value escaped,
 * and without JavaScript — the choice is a plain HTML form that posts `application/x-www-form-urlencoded` to the page
 * itself (the action route accepts form posts, `formBody`), and the answer is the result page with the way back to
 * the application's status page (the return address the payment was created with).
 */
import { escapeHtml, htmlPage } from '#core/html-page';
import { formatEuro } from '../domain.ts';
import type { PaymentStatus } from '../provider.ts';
import type { SandboxTransaction } from './ledger.ts';

export const STATUS_TEXT: Record<PaymentStatus, string> = {
  INITIAL: 'Offen',
  BOOKED: 'Bezahlt',
  CANCELED: 'Abgebrochen',
  FAILED: 'Fehlgeschlagen',
};

/** KERN description list of `[term, HTML value]` rows (values escaped by the caller). */
export function descriptionList(rows: ReadonlyArray<readonly [string, string]>): string {
  const items = rows
    .map(([term, value]) => `<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${term}</dt><dd class="kern-description-list-item__value">${value}</dd></div>`)
    .join('');
  return `<dl class="kern-description-list">${items}</dl>`;
}

function details(transaction: SandboxTransaction): string {
  return descriptionList([
    ['Verwendungszweck', escapeHtml(transaction.purpose)],
    ['Betrag', escapeHtml(formatEuro(transaction.amountCents))],
    ['Zahlungsnummer', `<code>${escapeHtml(transaction.paymentId)}</code>`],
    ...(transaction.transactionReference ? [['Kassenzeichen', `<code>${escapeHtml(transaction.transactionReference)}</code>`] as [string, string]] : []),
    ['Status', escapeHtml(STATUS_TEXT[transaction.status])],
  ]);
}

export const SANDBOX_NOTICE = '<p class="kern-body ok-sandbox-notice"><strong>Testumgebung:</strong> Auf dieser Seite wird kein Geld bewegt. Sie simuliert den Zahlungsdienst.</p>';

const back = (transaction: SandboxTransaction) =>
  `<p class="kern-body"><a class="kern-link" href="${escapeHtml(transaction.returnUrl)}">Zurück zu Ihrem Antrag</a></p>`;

export const button = (action: string, label: string, kind: 'primary' | 'secondary') =>
  `<button class="kern-btn kern-btn--${kind}" type="submit" name="action" value="${action}"><span class="kern-label">${label}</span></button>`;

/** The checkout page: the three outcomes while the transaction is open, its result afterwards. */
export function checkoutPage(transaction: SandboxTransaction): string {
  if (transaction.status !== 'INITIAL') {
    return htmlPage({
      title: 'Testzahlung abgeschlossen',
      main: `<h1 class="kern-heading-large">Testzahlung abgeschlossen</h1>
${SANDBOX_NOTICE}
${details(transaction)}
<p class="kern-body">Diese Testzahlung ist bereits abgeschlossen. Eine weitere Aktion ist nicht möglich.</p>
${back(transaction)}`,
    });
  }
  return htmlPage({
    title: 'Testzahlung',
    main: `<h1 class="kern-heading-large">Testzahlung</h1>
${SANDBOX_NOTICE}
${details(transaction)}
<form method="post" action="/sandbox-pay/${encodeURIComponent(transaction.paymentId)}">
<fieldset class="kern-fieldset" aria-describedby="aktionen-hinweis">
<legend class="kern-label">Wie soll die Testzahlung ausgehen?</legend>
<div class="kern-hint" id="aktionen-hinweis">Jede Schaltfläche beendet die Testzahlung und sendet eine signierte Zahlungsbestätigung an OpenKreis.</div>
<div class="ok-checkout__actions">
${button('pay', 'Bezahlen', 'primary')}
${button('cancel', 'Abbrechen', 'secondary')}
${button('fail', 'Fehlschlag simulieren', 'secondary')}
</div>
</fieldset>
</form>
${back(transaction)}`,
  });
}

/** The result of an action as a page (for the form post of a browser). */
export function resultPage(transaction: SandboxTransaction, message: string): string {
  const kind = transaction.status === 'BOOKED' ? 'success' : 'warning';
  return htmlPage({
    title: 'Ergebnis der Testzahlung',
    main: `<h1 class="kern-heading-large">Ergebnis der Testzahlung</h1>
${SANDBOX_NOTICE}
<div class="kern-alert kern-alert--${kind}" role="status">
<div class="kern-alert__header"><span class="kern-icon kern-icon--${kind}" aria-hidden="true"></span><span class="kern-title">${escapeHtml(STATUS_TEXT[transaction.status])}</span></div>
<div class="kern-alert__body"><p class="kern-body">${escapeHtml(message)}</p></div>
</div>
${details(transaction)}
${back(transaction)}`,
  });
}
