import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/**
 * A KERN table inside its own horizontally scrolling box (the page never scrolls sideways at 320 px). The box is a
 * labelled, focusable region, so keyboard users can scroll it too (WCAG 2.1.1; axe `scrollable-region-focusable`).
 */
export function DataTable({ caption, head, children }: { caption: ComponentChildren; head: ComponentChildren; children: ComponentChildren }) {
  const id = useId();
  return (
    <div class="ok-table-wrapper" role="region" aria-labelledby={id} tabIndex={0}>
      <table class="kern-table kern-table--small">
        <caption class="kern-title" id={id}>
          {caption}
        </caption>
        <thead class="kern-table__head">{head}</thead>
        <tbody class="kern-table__body">{children}</tbody>
      </table>
    </div>
  );
}

/** A status as text in a KERN badge: the word carries the meaning, the colour only repeats it. */
export function Badge({ kind, children }: { kind: 'success' | 'warning' | 'danger' | 'info'; children: ComponentChildren }) {
  return (
    <span class={`kern-badge kern-badge--${kind}`}>
      <span class="kern-label">{children}</span>
    </span>
  );
}
