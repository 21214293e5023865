import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { certificateDownload, type CertificateDownload, type EnrolmentView, type MyCourse } from '../../api/training.ts';
import { Alert, ProblemMessage } from '../../components/feedback.tsx';
import { formatDate } from '../../format.ts';

/** What the learning pages share: status badges with words, progress with text, the certificate's download. */

export type BadgeKind = 'info' | 'success' | 'warning' | 'danger';

/** A KERN badge: the word carries the meaning, the colour only repeats it. */
export function Badge({ kind, children }: { kind: BadgeKind; children: ComponentChildren }) {
  return (
    <span class={`kern-badge kern-badge--${kind}`}>
      <span class="kern-label">{children}</span>
    </span>
  );
}

const STATUS: Record<EnrolmentView['status'], { kind: BadgeKind; word: string }> = {
  overdue: { kind: 'danger', word: 'Überfällig' },
  due: { kind: 'info', word: 'Offen' },
  done: { kind: 'success', word: 'Abgeschlossen' },
  expired: { kind: 'warning', word: 'Abgelaufen' },
};

export function StatusBadge({ enrolment }: { enrolment: Pick<EnrolmentView, 'status' | 'progress'> }) {
  const { kind, word } = STATUS[enrolment.status];
  const started = enrolment.progress.lessonsRead > 0 || enrolment.progress.attemptsUsed > 0;
  return <Badge kind={kind}>{enrolment.status === 'due' && started ? 'In Bearbeitung' : word}</Badge>;
}

/** "Zu erledigen bis …", "Überfällig seit …", "Gültig bis …": the date that matters for the cycle, in words. */
export function deadlineText(enrolment: Pick<EnrolmentView, 'status' | 'dueDate' | 'validUntil' | 'completedAt' | 'mandatory'>): string | undefined {
  if (enrolment.status === 'overdue' && enrolment.dueDate) return `Überfällig seit ${formatDate(enrolment.dueDate)}`;
  if (enrolment.status === 'due' && enrolment.dueDate) return `Zu erledigen bis ${formatDate(enrolment.dueDate)}`;
  if (enrolment.status === 'done') {
    if (!enrolment.validUntil) return enrolment.completedAt ? `Abgeschlossen am ${formatDate(enrolment.completedAt)}, unbegrenzt gültig` : undefined;
    return enrolment.mandatory
      ? `Gültig bis ${formatDate(enrolment.validUntil)} – die Auffrischung beginnt 30 Tage vorher`
      : `Gültig bis ${formatDate(enrolment.validUntil)}`;
  }
  if (enrolment.status === 'expired' && enrolment.validUntil) return `Abgelaufen am ${formatDate(enrolment.validUntil)}`;
  return undefined;
}

/** Attempts the learner still has in the open cycle. */
export function attemptsLeft(view: Pick<MyCourse, 'enrolment' | 'attemptsAllowed'>): number {
  return Math.max(0, (view.attemptsAllowed ?? 0) - (view.enrolment?.progress.attemptsUsed ?? 0));
}

/** A progress bar with its meaning in words (the label), for people who cannot see the bar. */
export function LessonProgress({ id, read, total }: { id: string; read: number; total: number }) {
  return (
    <div class="kern-progress">
      <label class="kern-label" for={id}>
        Fortschritt: {read} von {total} Lektionen gelesen
      </label>
      <progress id={id} max={total} value={read}>
        {read} von {total}
      </progress>
    </div>
  );
}

/**
 * A link to a page the server renders (the public verification page), not one of the app's: the browser must load it,
 * so the click does not reach the app's router (which would otherwise show its "not found" page in place).
 */
export function ServerPageLink({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <a class="kern-link" href={href}>
      {children}
    </a>
  );
}

/**
 * The certificate's PDF (a short-lived link, fetched on click, then opened: the browser downloads it) and its public
 * verification page — the address the QR code on the PDF holds.
 */
export function CertificateActions({ certificateId }: { certificateId: string }) {
  const [download, setDownload] = useState<CertificateDownload>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const fetchDownload = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await certificateDownload(certificateId);
      setDownload(next);
      window.location.assign(next.url);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="ok-stack">
      {error !== undefined && <ProblemMessage error={error} />}
      <div class="ok-actions">
        <button type="button" class="kern-btn kern-btn--primary" onClick={fetchDownload} disabled={busy}>
          <span class="kern-label">Nachweis herunterladen (PDF)</span>
        </button>
      </div>
      {download && (
        <Alert kind="success" title="Ihr Nachweis" live>
          <p class="kern-body">
            Der Download startet gleich. Falls nicht:{' '}
            <a class="kern-link" href={download.url} download={download.fileName}>
              {download.fileName} herunterladen
            </a>{' '}
            (der Link gilt {Math.round(download.expiresInSeconds / 60)} Minuten).
          </p>
          <p class="kern-body">
            Jede Person mit dem QR-Code auf dem Nachweis kann ihn prüfen:{' '}
            <ServerPageLink href={download.verifyUrl}>Nachweis online prüfen</ServerPageLink>
          </p>
        </Alert>
      )}
    </div>
  );
}
