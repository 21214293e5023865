/** German formats for what the pages show. */
const euro = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const date = new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' });
const dateTime = new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' });

export function formatEuro(cents: number): string {
  return euro.format(cents / 100);
}

/** `2026-12-07` or an ISO timestamp → `07.12.2026`. */
export function formatDate(value: string): string {
  return date.format(new Date(value.length === 10 ? `${value}T12:00:00Z` : value));
}

export function formatDateTime(value: string): string {
  return dateTime.format(new Date(value));
}

const percent = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });

/** A rate in percent (`85.7`) → `85,7 %`; a missing rate (nothing assigned) → `–`. */
export function formatPercent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '–' : `${percent.format(rate)} %`;
}
