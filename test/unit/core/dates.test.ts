import { describe, expect, it } from 'vitest';
import { berlinDate } from '../../../functions/core/dates.ts';

const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

describe('berlinDate (German calendar day without Intl)', () => {
  it('agrees with the Europe/Berlin time zone data every hour from 2020 to 2040', () => {
    const mismatches: string[] = [];
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2041, 0, 1); t += 3_600_000) {
      const instant = new Date(t);
      if (berlinDate(instant) !== intl.format(instant)) mismatches.push(instant.toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it('agrees to the minute around the clock changes, 1996 to 2099', () => {
    const mismatches: string[] = [];
    for (let year = 1996; year < 2100; year += 1) {
      for (const month of [2, 9]) {
        // Local midnight falls between 22:00 and 23:00 UTC: the minutes around it on the days of the change.
        for (let day = 24; day <= 31; day += 1) {
          for (let minute = 21 * 60; minute < 24 * 60; minute += 1) {
            const instant = new Date(Date.UTC(year, month, day, 0, minute));
            if (berlinDate(instant) !== intl.format(instant)) mismatches.push(instant.toISOString());
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('counts the day in German time at the edges of a day and a year', () => {
    expect(berlinDate(new Date('2026-12-31T22:59:59.999Z'))).toBe('2026-12-31');
    expect(berlinDate(new Date('2026-12-31T23:00:00.000Z'))).toBe('2027-01-01');
    expect(berlinDate(new Date('2026-07-31T21:59:59.999Z'))).toBe('2026-07-31');
    expect(berlinDate(new Date('2026-07-31T22:00:00.000Z'))).toBe('2026-08-01');
  });

  it('refuses an invalid date as Intl does', () => {
    expect(() => berlinDate(new Date('not a date'))).toThrow(RangeError);
  });
});
