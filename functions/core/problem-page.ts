import { escapeHtml, htmlPage } from './html-page.ts';
import type { ProblemDocument } from './problem.ts';

/**
 * A problem as a small German page, for a browser that opened an API address (a link to a payment that does not
 * exist, an address typed wrong, a route that needs a sign-in): the same title, detail and field messages as the
 * problem+json a program gets, and the way back to the portal. The status stays the problem's.
 */
export function problemPage(problem: ProblemDocument): string {
  const errors = problem.errors?.length
    ? `<ul class="kern-list">${problem.errors.map((error) => `<li>${escapeHtml(error.message)}</li>`).join('')}</ul>`
    : '';
  const reference = `Fehlercode ${problem.status}${problem.requestId ? ` · Vorgangsnummer für Rückfragen: <code>${escapeHtml(problem.requestId)}</code>` : ''}`;
  return htmlPage({
    title: problem.title,
    main: `<h1 class="kern-heading-large">${escapeHtml(problem.title)}</h1>
<p class="kern-body kern-body--large">${escapeHtml(problem.detail)}</p>
${errors}
<p class="kern-body">Sie haben eine Adresse der Programmierschnittstelle des Serviceportals geöffnet. Ihre Anträge und alle Dienste finden Sie im Serviceportal.</p>
<p class="kern-body"><a class="kern-link" href="/">Zum Serviceportal</a></p>
<p class="kern-body kern-body--small">${reference}</p>`,
  });
}
