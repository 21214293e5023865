/**
 * The XBezahldienste sandbox's pay page and result page, in the layout of the push sandbox's pages
 * (`../../sandbox/page.ts`): German, no JavaScript, a plain form. The real platform redirects the payer to the
 * service's `redirectUrl` after paying; the sandbox shows the result with that link, so a tester sees what happened.
 */
import { escapeHtml, htmlPage } from '#core/html-page';
import { formatEuro } from '../../domain.ts';
import { SANDBOX_NOTICE, button, descriptionList } from '../../sandbox/page.ts';
import type { XBezahldiensteStatus } from '../protocol.ts';
import type { XbdSandboxTransaction } from './platform.ts';

const STATUS_TEXT: Record<XBezahldiensteStatus, string> = { INITIAL: 'Offen', PAYED: 'Bezahlt', CANCELED: 'Abgebrochen', FAILED: 'Fehlgeschlagen' };

function details(transaction: XbdSandboxTransaction): string {
  return descriptionList([
    ['Verwendungszweck', escapeHtml(transaction.paymentRequest.purpose)],
    ['Betrag', escapeHtml(formatEuro(transaction.paymentRequest.grossAmount))],
    ['Transaktion', `<code>${escapeHtml(transaction.transactionId)}</code>`],
    ...(transaction.transactionReference ? [['Kassenzeichen', `<code>${escapeHtml(transaction.transactionReference)}</code>`] as const] : []),
    ['Status', `${escapeHtml(STATUS_TEXT[transaction.status])} (<code>${transaction.status}</code>)`],
  ]);
}

const back = (transaction: XbdSandboxTransaction) =>
  `<p class="kern-body"><a class="kern-link" href="${escapeHtml(transaction.paymentRequest.redirectUrl)}">Zurück zum Online-Dienst</a></p>`;

const NOTICE = SANDBOX_NOTICE.replace('den Zahlungsdienst', 'einen Bezahldienst nach XBezahldienste');

export function payPage(transaction: XbdSandboxTransaction): string {
  if (transaction.status !== 'INITIAL') return resultPage(transaction);
  return htmlPage({
    title: 'Bezahlen (XBezahldienste-Testumgebung)',
    main: `<h1 class="kern-heading-large">Bezahlen</h1>
${NOTICE}
${details(transaction)}
<form method="post" action="/xbezahldienste-sandbox/paypage/${encodeURIComponent(transaction.transactionId)}">
<fieldset class="kern-fieldset" aria-describedby="aktionen-hinweis">
<legend class="kern-label">Wie soll die Zahlung ausgehen?</legend>
<div class="kern-hint" id="aktionen-hinweis">Der Online-Dienst erfährt das Ergebnis nur, indem er den Status abfragt. Es wird keine Bestätigung gesendet.</div>
<div class="ok-checkout__actions">
${button('pay', 'Bezahlen', 'primary')}
${button('cancel', 'Abbrechen', 'secondary')}
${button('fail', 'Ablehnung simulieren', 'secondary')}
</div>
</fieldset>
</form>
${back(transaction)}`,
  });
}

export function resultPage(transaction: XbdSandboxTransaction): string {
  const kind = transaction.status === 'PAYED' ? 'success' : 'warning';
  return htmlPage({
    title: 'Ergebnis der Zahlung (XBezahldienste-Testumgebung)',
    main: `<h1 class="kern-heading-large">Ergebnis der Zahlung</h1>
${NOTICE}
<div class="kern-alert kern-alert--${kind}" role="status">
<div class="kern-alert__header"><span class="kern-icon kern-icon--${kind}" aria-hidden="true"></span><span class="kern-title">${escapeHtml(STATUS_TEXT[transaction.status])}</span></div>
<div class="kern-alert__body"><p class="kern-body">Diese Zahlung ist abgeschlossen. Bitte kehren Sie zum Online-Dienst zurück.</p></div>
</div>
${details(transaction)}
${back(transaction)}`,
  });
}
