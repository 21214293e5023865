import { BUSY, type ApplicationStatus } from '#functions/applications/model';
import type { ApplicantApplicationView } from '#functions/applications/views';
import { formatDate, formatEuro } from '../format.ts';

/**
 * How an application's status is shown to its applicant, in "Meine Anträge" and on its status page: the status as a
 * KERN badge (its text and icon carry the meaning, colour only adds to it) and the next step in plain words. The
 * labels themselves come from the API (`statusLabel`: each service names its own outcome).
 */
export type Application = ApplicantApplicationView;

type Kind = 'info' | 'success' | 'warning' | 'danger';

const KIND: Record<ApplicationStatus, Kind> = {
  submitted: 'info',
  'fee-computed': 'info',
  'awaiting-payment': 'warning',
  paid: 'info',
  'checks-passed': 'info',
  'awaiting-decision': 'info',
  approved: 'success',
  rejected: 'danger',
  'documents-issued': 'success',
  completed: 'success',
  withdrawn: 'info',
  expired: 'warning',
  'payment-failed': 'warning',
  failed: 'danger',
};

export function StatusBadge({ status, label }: { status: ApplicationStatus; label: string }) {
  const kind = KIND[status];
  return (
    <span class={`kern-badge kern-badge--${kind}`}>
      <span class={`kern-icon kern-icon--${kind}`} aria-hidden="true" />
      <span class="kern-label">{label}</span>
    </span>
  );
}

/**
 * Statuses the workflow leaves by itself within seconds (the busy ones, and the issuing of documents after an
 * approval): a page showing one of them asks again until it changes.
 */
export const CHANGING_SOON: readonly ApplicationStatus[] = [...BUSY, 'approved', 'documents-issued'];

/** Whether the applicant may still pay again now (the server's deadline, `payAgainUntil`). */
export function mayPayAgain(app: Pick<Application, 'payAgainUntil'>, now = new Date()): boolean {
  return app.payAgainUntil !== undefined && Date.parse(app.payAgainUntil) > now.getTime();
}

/** What happens next, or what the applicant has to do — one or two plain sentences. */
export function nextStep(app: Application, now = new Date()): string {
  switch (app.status) {
    case 'submitted':
    case 'fee-computed':
      return 'Die Zahlung wird vorbereitet. Das dauert nur einen Moment.';
    case 'awaiting-payment':
      return app.fee ? `Bitte bezahlen Sie die Gebühr von ${formatEuro(app.fee.amountCents)}. Danach wird Ihr Antrag geprüft.` : 'Bitte bezahlen Sie die Gebühr.';
    case 'paid':
    case 'checks-passed':
      return 'Ihre Angaben werden automatisch geprüft. Sie müssen nichts tun.';
    case 'awaiting-decision':
      if (app.openStep) {
        return `${app.openStep.kind === 'hearing' ? 'Die Verwaltung möchte Sie vor der Entscheidung anhören.' : 'Die Verwaltung braucht noch Unterlagen oder Angaben von Ihnen.'} Bitte antworten Sie bis zum ${formatDate(app.openStep.deadline)} – das Schreiben und das Antwortformular stehen unten.`;
      }
      return 'Die Verwaltung prüft Ihren Antrag. Sie bekommen eine E-Mail, sobald entschieden ist.';
    case 'approved':
    case 'documents-issued':
      return 'Ihre Dokumente werden erstellt. Das dauert nur einen Moment.';
    case 'completed':
      return app.documents.some((document) => document.direction === 'issued')
        ? 'Fertig. Sie können Ihre Dokumente herunterladen.'
        : 'Fertig. Sie müssen nichts mehr tun.';
    case 'rejected':
      return 'Ihr Antrag wurde abgelehnt. Die Begründung steht unten, der Bescheid steht bei den Dokumenten zum Herunterladen bereit. Eine bezahlte Gebühr wird erstattet.';
    case 'withdrawn':
      return 'Sie haben den Antrag zurückgezogen. Eine bezahlte Gebühr wird erstattet.';
    case 'payment-failed':
    case 'expired':
      return mayPayAgain(app, now)
        ? `Die Gebühr wurde nicht bezahlt. Sie können sie bis zum ${formatDate(app.payAgainUntil!)} erneut bezahlen – ohne etwas neu einzugeben.`
        : 'Die Gebühr wurde nicht bezahlt. Bei Bedarf stellen Sie bitte einen neuen Antrag.';
    case 'failed':
      return app.failureReason ?? 'Der Antrag konnte nicht abgeschlossen werden. Eine bezahlte Gebühr wird erstattet.';
  }
}

/** `application/pdf` → `PDF`: the file type named in a download's accessible name. */
export function fileType(contentType: string): string {
  const known: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'application/json': 'JSON' };
  return known[contentType] ?? contentType;
}
