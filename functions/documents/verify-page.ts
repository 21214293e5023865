/**
 * The page a person sees after scanning a QR code with a phone — in the portal's design (`#core/html-page`), for the
 * authority that issued the document (its name in the header, its imprint, privacy and accessibility pages in the
 * footer): the status as a word in a KERN alert with its icon, so that colour is never the only signal (WCAG 1.4.1),
 * one sentence, and the facts printed on the document. German, no scripts, nothing from other origins. The status
 * word wraps instead of widening the page: the page must not scroll sideways on the smallest phones (320 px).
 */
import { escapeHtml, htmlPage, type PageAuthority } from '#core/html-page';
import { germanDate, germanDateTime } from './german-format.ts';
import type { DocumentStatus, PublicFact } from './verifiers.ts';

/** Each status in words, and the KERN alert (and icon) it is shown in. */
export const STATUS_WORDS: Record<DocumentStatus | 'unknown', { word: string; kind: 'success' | 'warning' | 'danger' }> = {
  valid: { word: 'Gültig', kind: 'success' },
  expired: { word: 'Abgelaufen', kind: 'warning' },
  revoked: { word: 'Widerrufen', kind: 'danger' },
  unknown: { word: 'Nicht gültig', kind: 'danger' },
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

function page(options: { heading: string; status: DocumentStatus | 'unknown'; message: string; facts?: readonly PublicFact[]; checkedAt: Date; authority?: PageAuthority }): string {
  const { word, kind } = STATUS_WORDS[options.status];
  const facts = [
    ...(options.facts ?? []).map((fact) => [fact.label, fact.format === 'date' ? germanDate(fact.value) : fact.value] as const),
    ...(options.authority ? [['Ausgestellt von', options.authority.name] as const] : []),
  ]
    .map(([label, value]) => `<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${escapeHtml(label)}</dt><dd class="kern-description-list-item__value ok-verify__fact">${escapeHtml(value)}</dd></div>`)
    .join('');
  return htmlPage({
    title: `${word} – ${options.heading}`,
    ...(options.authority ? { authority: options.authority } : {}),
    main: `<h1 class="kern-heading-medium">${escapeHtml(options.heading)}</h1>
<div class="kern-alert kern-alert--${kind} ok-verify" role="status">
<div class="kern-alert__header"><span class="kern-icon kern-icon--${kind} kern-icon--large" aria-hidden="true"></span><span class="kern-title ok-verify__word">${escapeHtml(word)}</span></div>
<div class="kern-alert__body"><p class="kern-body">${escapeHtml(options.message)}</p></div>
</div>
${facts ? `<dl class="kern-description-list ok-verify__facts">${facts}</dl>` : ''}
<p class="kern-body kern-body--small">Geprüft am ${escapeHtml(germanDateTime(options.checkedAt))}.</p>`,
  });
}

export function verificationPage(input: {
  title: string;
  checkHint?: string | undefined;
  status: DocumentStatus;
  facts: readonly PublicFact[];
  checkedAt: Date;
  authority?: PageAuthority | undefined;
}): string {
  return page({
    heading: `Prüfung: ${input.title}`,
    status: input.status,
    message: sentence(input.title, input.status, input.checkHint),
    facts: input.facts,
    checkedAt: input.checkedAt,
    ...(input.authority ? { authority: input.authority } : {}),
  });
}

export function notFoundPage(checkedAt: Date): string {
  return page({ heading: 'Prüfung eines Dokuments', status: 'unknown', message: NOT_FOUND_DETAIL, checkedAt });
}
