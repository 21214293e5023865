import { describe, expect, it } from 'vitest';
import { Unprocessable } from '../../../../functions/core/problem.ts';
import { addDays, berlinDate, daysBetween, germanDate, lastDayOfPeriod, monthsBetween } from '../../../../functions/core/dates.ts';
import { feeFromSchedule, feeKeyForValidity, scheduleVersionOn } from '../../../../functions/services/resident-parking/fees.ts';
import { validityFor } from '../../../../functions/services/resident-parking/permit.ts';
import { neussConfig } from './fixtures.ts';

describe('fees from the tenant schedule', () => {
  const config = neussConfig();

  it('takes the version with the latest validFrom that is not after today, whatever the order of the list', () => {
    expect(scheduleVersionOn(config.feeSchedules['resident-parking'], '2026-06-15')?.legalBasis).toBe('Gebührenordnung 2026');
    expect(scheduleVersionOn(config.feeSchedules['resident-parking'], '2026-01-01')?.legalBasis).toBe('Gebührenordnung 2026');
    expect(scheduleVersionOn(config.feeSchedules['resident-parking'], '2025-12-31')?.legalBasis).toBe('Gebührenordnung 2025');
    expect(scheduleVersionOn(config.feeSchedules['resident-parking'], '2027-01-01')?.legalBasis).toBe('Gebührenordnung 2027');
    expect(scheduleVersionOn(config.feeSchedules['resident-parking'], '2024-12-31')).toBeUndefined();
  });

  it('charges the annual amount for 12 months and the half-year amount for 6, with the legal basis', () => {
    expect(feeFromSchedule(config, feeKeyForValidity(12), '2026-06-15')).toEqual({
      feeKey: 'annual',
      amountCents: 12000,
      currency: 'EUR',
      legalBasis: 'Gebührenordnung 2026',
      scheduleValidFrom: '2026-01-01',
    });
    expect(feeFromSchedule(config, feeKeyForValidity(6), '2025-06-15')).toMatchObject({ feeKey: 'halfYear', amountCents: 1600, scheduleValidFrom: '2025-01-01' });
  });

  it('offers the change and reissue amounts for later processes', () => {
    expect(feeFromSchedule(config, 'reissue', '2026-06-15').amountCents).toBe(1000);
    expect(feeFromSchedule(config, 'change', '2026-06-15').amountCents).toBe(1000);
  });

  it('refuses with a clear message when the tenant has no schedule, no version in force, or no such amount', () => {
    const message = /^Für diesen Dienst ist keine Gebühr hinterlegt\. Stadt Neuss/;
    expect(() => feeFromSchedule(neussConfig({ feeSchedules: {} }), 'annual', '2026-06-15')).toThrow(Unprocessable);
    expect(() => feeFromSchedule(neussConfig({ feeSchedules: {} }), 'annual', '2026-06-15')).toThrow(message);
    expect(() => feeFromSchedule(config, 'annual', '2024-06-15')).toThrow(message);
    // The 2027 version has no reissue amount.
    expect(() => feeFromSchedule(config, 'reissue', '2027-02-01')).toThrow(message);
  });
});

describe('calendar days', () => {
  it('counts the day in Germany, not in UTC', () => {
    expect(berlinDate(new Date('2026-03-31T22:30:00Z'))).toBe('2026-04-01');
    expect(berlinDate(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(berlinDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('adds days across months and years, and counts the days between', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-03-01', '2026-03-15')).toBe(14);
    expect(daysBetween('2026-03-15', '2026-03-01')).toBe(-14);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // across the switch to summer time
  });

  it('writes dates the German way', () => {
    expect(germanDate('2026-03-09')).toBe('09.03.2026');
  });

  it('lists the months a window of days touches', () => {
    expect(monthsBetween('2026-12-15', '2027-01-14')).toEqual(['2026-12', '2027-01']);
    expect(monthsBetween('2026-03-01', '2026-03-31')).toEqual(['2026-03']);
  });
});

describe('validity of a permit', () => {
  it.each([
    ['2026-03-10', 12, '2027-03-09'],
    ['2026-03-10', 6, '2026-09-09'],
    ['2026-01-01', 12, '2026-12-31'],
    ['2026-07-01', 6, '2026-12-31'],
    // A month without the start's day: the period ends on that month's last day (§ 188 (3) BGB).
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-08-30', 6, '2027-02-28'],
    ['2026-03-31', 6, '2026-09-30'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2027-02-28', 12, '2028-02-27'],
  ] as const)('from %s for %i months lasts until %s', (start, months, end) => {
    expect(lastDayOfPeriod(start, months)).toBe(end);
    expect(validityFor({ approvalDate: start, months })).toEqual({ validFrom: start, validTo: end });
  });

  it('starts a renewal the day after the permit it continues ends', () => {
    expect(validityFor({ approvalDate: '2026-03-10', months: 12, renews: { validTo: '2026-03-31' } })).toEqual({ validFrom: '2026-04-01', validTo: '2027-03-31' });
  });

  it('starts a renewal on the approval date when the old permit has already ended', () => {
    expect(validityFor({ approvalDate: '2026-04-05', months: 6, renews: { validTo: '2026-03-31' } })).toEqual({ validFrom: '2026-04-05', validTo: '2026-10-04' });
  });
});
