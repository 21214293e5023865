import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * The error summary of the GOV.UK Design System in KERN's alert: at the top of a form, focused when a submit fails,
 * each entry a link to the field. `fieldId` maps an error's field path to the id of its control.
 */
export function ErrorSummary({ errors, fieldId, title = 'Bitte prüfen Sie Ihre Angaben' }: { errors: Record<string, string>; fieldId?: (field: string) => string; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors);
  useEffect(() => {
    if (entries.length > 0) ref.current?.focus();
  }, [JSON.stringify(errors)]);
  if (entries.length === 0) return null;
  return (
    <div class="kern-alert kern-alert--danger ok-error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true" />
        <h2 class="kern-title" id="error-summary-title">
          {title}
        </h2>
      </div>
      <div class="kern-alert__body">
        <ul class="kern-list">
          {entries.map(([field, message]) => (
            <li key={field}>
              <a class="kern-link" href={`#${fieldId ? fieldId(field) : fieldIdOf(field)}`}>
                {message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** `contact/email` → `f-contact-email`: the control id for a field path (ids must not contain `/`). */
export function fieldIdOf(field: string): string {
  return `f-${field.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

export function Alert({ kind, title, children, live }: { kind: 'info' | 'success' | 'warning' | 'danger'; title: string; children?: ComponentChildren; live?: boolean }) {
  return (
    <div class={`kern-alert kern-alert--${kind}`} role={live ? (kind === 'danger' ? 'alert' : 'status') : undefined}>
      <div class="kern-alert__header">
        <span class={`kern-icon kern-icon--${kind}`} aria-hidden="true" />
        <span class="kern-title">{title}</span>
      </div>
      {children && <div class="kern-alert__body">{children}</div>}
    </div>
  );
}

export function Loading({ label = 'Wird geladen …' }: { label?: string }) {
  return (
    <div class="ok-loading" role="status">
      <span class="kern-loader kern-loader--visible" aria-hidden="true" />
      <span class="kern-body">{label}</span>
    </div>
  );
}

/** A problem shown in place of a page's content (not found, no permission, network). */
export function ProblemMessage({ error }: { error: unknown }) {
  const message = error instanceof Error ? error.message : 'Ein unbekannter Fehler ist aufgetreten.';
  return (
    <Alert kind="danger" title="Das hat nicht geklappt" live>
      <p class="kern-body">{message}</p>
    </Alert>
  );
}
