import type { ComponentChildren } from 'preact';

/**
 * Small KERN building blocks for pages that show records: a badge that always carries its text (never colour alone),
 * a description list (key/value summary) and the links of a cursor-paged list.
 */
export type BadgeKind = 'info' | 'success' | 'warning' | 'danger';

export function Badge({ kind, children }: { kind: BadgeKind; children: ComponentChildren }) {
  return (
    <span class={`kern-badge kern-badge--${kind}`}>
      <span class={`kern-icon kern-icon--${kind}`} aria-hidden="true" />
      <span class="kern-label kern-label--small">{children}</span>
    </span>
  );
}

export type SummaryRow = readonly [label: ComponentChildren, value: ComponentChildren];

/** KERN's description list; rows without a value (undefined, null, false, '') are left out. */
export function SummaryList({ rows, label }: { rows: ReadonlyArray<SummaryRow | false | undefined>; label?: string }) {
  const shown = rows.filter((row): row is SummaryRow => !!row && row[1] !== undefined && row[1] !== null && row[1] !== '' && row[1] !== false);
  return (
    <dl class="kern-description-list" aria-label={label}>
      {shown.map(([key, value], index) => (
        <div class="kern-description-list-item" key={index}>
          <dt class="kern-description-list-item__key">{key}</dt>
          <dd class="kern-description-list-item__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Paging with the API's opaque cursor: "next page" carries the cursor in the page's URL (so a page can be bookmarked and
 * the browser's back button goes back a page); "first page" drops it.
 */
export function CursorPager({ next, first, label }: { next?: string | undefined; first?: string | undefined; label: string }) {
  if (!next && !first) return null;
  return (
    <nav aria-label={label}>
      <ul class="kern-list kern-list--horizontal ok-pager">
        {first && (
          <li>
            <a class="kern-link" href={first}>
              <span class="kern-icon kern-icon--keyboard-double-arrow-left" aria-hidden="true" />
              Zur ersten Seite
            </a>
          </li>
        )}
        {next && (
          <li>
            <a class="kern-link" href={next}>
              Nächste Seite
              <span class="kern-icon kern-icon--chevron-right" aria-hidden="true" />
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** `base?name=value&…` without empty values. */
export function pageUrl(base: string, query: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `${base}?${text}` : base;
}
