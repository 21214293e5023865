/** Dates as German documents print them. Calendar dates (`2026-04-01`) are taken as they are, without a time zone. */
const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;

export function germanDate(value: string): string {
  const match = dateOnly.exec(value);
  if (match) return `${match[3]}.${match[2]}.${match[1]}`;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });
}

/** `24.11.2026, 14:03 Uhr` in Europe/Berlin. */
export function germanDateTime(date: Date): string {
  const day = date.toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });
  const time = date.toLocaleTimeString('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' });
  return `${day}, ${time} Uhr`;
}
