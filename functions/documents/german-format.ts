import { berlinDate, germanDate as germanCalendarDate } from '#core/dates';

/**
 * Dates as German documents print them. Calendar dates (`2026-04-01`) are taken as they are, without a time zone;
 * instants (`2026-04-01T21:30:00Z`) as the day they are in Germany.
 */
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

export function germanDate(value: string): string {
  if (dateOnly.test(value)) return germanCalendarDate(value);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return germanCalendarDate(berlinDate(date));
}

/** `24.11.2026, 14:03 Uhr` in Europe/Berlin. */
export function germanDateTime(date: Date): string {
  const day = germanCalendarDate(berlinDate(date));
  const time = date.toLocaleTimeString('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' });
  return `${day}, ${time} Uhr`;
}
