/**
 * Calendar dates (`yyyy-mm-dd`) as the municipalities count them: in German local time, whole days. A permit valid
 * "bis 31.12.2026" or a course due "am 31.03." counts through the end of that day in Neuss, whatever UTC says.
 *
 * Pure arithmetic, no Intl: the first `Intl.DateTimeFormat` with a time zone loads ICU data (~11 ms), which at module
 * level lands in the cold start of every function importing this (bench/RESULTS.md, cold init). German local time
 * follows the EU summer-time rule (Directive 2000/84/EC, since 1996): CEST (UTC+2) from the last Sunday of March,
 * 01:00 UTC, to the last Sunday of October, 01:00 UTC; CET (UTC+1) otherwise. A unit test compares it with Intl's
 * Europe/Berlin hour by hour; should the EU end the clock change, that test fails with the new tz data.
 */
const HOUR_MS = 3_600_000;

/** 00:00 UTC of the last Sunday of a month (`month` 0-based). */
function lastSundayUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay());
}

/** The offset of German local time from UTC at `instant`, in milliseconds. */
function berlinOffsetMs(instant: Date): number {
  const year = instant.getUTCFullYear();
  const summer = instant.getTime() >= lastSundayUtc(year, 2) + HOUR_MS && instant.getTime() < lastSundayUtc(year, 9) + HOUR_MS;
  return summer ? 2 * HOUR_MS : HOUR_MS;
}

/** The calendar day of `instant` in Germany. */
export function berlinDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid time value');
  const local = new Date(instant.getTime() + berlinOffsetMs(instant));
  return format(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
}

function parts(date: string): [number, number, number] {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return [year, month, day];
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = parts(date);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return format(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** The same day `months` later (or earlier); a day the target month lacks becomes its last day (31.01. + 1 → 28./29.02.). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const length = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return format(targetYear, targetMonth, Math.min(day, length));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/**
 * The last day of a period of `months` months that starts on `start` (inclusive), counted like § 188 (2), (3) BGB:
 * it ends on the day before the day of the same number in the last month; if that month has no such day (a period
 * starting on 31 August, 6 months), it ends on that month's last day.
 */
export function lastDayOfPeriod(start: string, months: number): string {
  const [year, month, day] = parts(start);
  const monthIndex = month - 1 + months;
  const targetYear = year + Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  const length = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  if (day > length) return format(targetYear, targetMonth, length);
  return addDays(format(targetYear, targetMonth, day), -1);
}

/** `yyyy-mm` of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The `yyyy-mm` months that the days `from`..`to` touch, in order. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = parts(from);
  const [lastYear, lastMonth] = parts(to);
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    months.push(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** `31.12.2026`, as dates appear in German letters. */
export function germanDate(date: string): string {
  const [year, month, day] = date.slice(0, 10).split('-');
  return `${day}.${month}.${year}`;
}
