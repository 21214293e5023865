import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * Asks before a consequential act, in place: the question replaces the button that asked for it, and takes the focus
 * (its heading), so keyboard and screen-reader users land on it; "Abbrechen" goes back.
 */
export function Confirm({ title, children, confirmLabel, busy, onConfirm, onCancel }: { title: string; children: ComponentChildren; confirmLabel: string; busy?: boolean; onConfirm: () => void; onCancel: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="kern-alert kern-alert--warning" aria-labelledby="confirm-title">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--warning" aria-hidden="true" />
        <h2 class="kern-title" id="confirm-title" tabIndex={-1} ref={heading}>
          {title}
        </h2>
      </div>
      <div class="kern-alert__body ok-stack">
        {children}
        <div class="ok-actions">
          <button class="kern-btn kern-btn--primary" type="button" disabled={busy} onClick={onConfirm}>
            <span class="kern-label">{confirmLabel}</span>
          </button>
          <button class="kern-btn kern-btn--secondary" type="button" disabled={busy} onClick={onCancel}>
            <span class="kern-label">Abbrechen</span>
          </button>
        </div>
      </div>
    </section>
  );
}
