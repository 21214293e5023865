import { describe, expect, it } from 'vitest';
import { z } from '../../../../functions/core/validation.ts';
import { addDaysIso, addressChangeFormSchema } from '../../../../functions/services/address-change/form.ts';
import { berlinDate } from '../../../../functions/core/dates.ts';
import { moveForm } from './fixtures.ts';

const today = berlinDate(new Date());
const parse = (form: unknown) => z.safeParse(addressChangeFormSchema, form);
const messages = (form: unknown) => {
  const result = parse(form);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('the change-of-address form', () => {
  it('normalises plates and ZB I numbers while parsing', () => {
    const result = parse(moveForm({ moveDate: today, vehicles: [{ plate: 'ne ab 1234', zb1Number: 'ab 123 4567' }] }));
    expect(result.success).toBe(true);
    expect(result.data!.vehicles[0]).toEqual({ plate: 'NE-AB 1234', zb1Number: 'AB1234567' });
  });

  it('accepts a registration from the move-in date on and refuses every date before it, in German (§ 17 Abs. 1 BMG)', () => {
    for (const days of [0, -1, -14, -15]) expect(parse(moveForm({ moveDate: addDaysIso(today, days) })).success, String(days)).toBe(true);
    for (const days of [1, 2, 14, 30]) {
      expect(messages(moveForm({ moveDate: addDaysIso(today, days) })), String(days)).toEqual([
        'Die Anmeldung ist erst ab dem Tag des Einzugs möglich (§ 17 Abs. 1 BMG). Nur die Abmeldung der bisherigen Wohnung ist schon vorher möglich.',
      ]);
    }
  });

  it('takes the landlord’s confirmation (§ 19 BMG) as an upload or as the landlord’s code, and refuses neither or a malformed one', () => {
    expect(parse(moveForm({ moveDate: today, landlordConfirmation: { kind: 'upload', uploadId: 'u-123' } })).success).toBe(true);
    expect(parse(moveForm({ moveDate: today, landlordConfirmation: { kind: 'code', code: ' WGB-2026-4711 ' } })).data?.landlordConfirmation).toEqual({ kind: 'code', code: 'WGB-2026-4711' });
    const { landlordConfirmation: _omitted, ...without } = moveForm({ moveDate: today });
    expect(messages(without).join(' ')).toContain('Wohnungsgeberbestätigung');
    expect(messages(moveForm({ moveDate: today, landlordConfirmation: { kind: 'code', code: 'x' } as never }))).toEqual([
      'Das Zuordnungsmerkmal besteht aus 6 bis 32 Buchstaben, Ziffern oder Bindestrichen.',
    ]);
    expect(messages(moveForm({ moveDate: today, landlordConfirmation: { kind: 'upload' } as never }))).toEqual(['Bitte laden Sie die Wohnungsgeberbestätigung hoch.']);
  });

  it('refuses a move more than a year back', () => {
    expect(messages(moveForm({ moveDate: addDaysIso(today, -400) })).join(' ')).toContain('mehr als ein Jahr');
  });

  it('refuses a malformed ZB I number and a plate given twice', () => {
    expect(messages(moveForm({ moveDate: today, vehicles: [{ plate: 'NE-AB 1', zb1Number: '12345' }] })).join(' ')).toContain('zwei Buchstaben und sieben Ziffern');
    const twice = moveForm({ moveDate: today, vehicles: [{ plate: 'NE-AB 1', zb1Number: 'AB1234567' }, { plate: 'ne-ab 1', zb1Number: 'AB1234568' }] });
    expect(messages(twice)).toContain('Das Kennzeichen NE-AB 1 ist doppelt angegeben.');
  });

  it('requires consent to the handover and refuses unknown fields', () => {
    expect(messages({ ...moveForm({ moveDate: today }), consent: false }).join(' ')).toContain('Weitergabe an die Zulassungsstelle');
    expect(parse({ ...moveForm({ moveDate: today }), birthDate: '1980-01-01' }).success).toBe(false);
  });

  it('allows a move without vehicles and at most 20 vehicles', () => {
    expect(parse(moveForm({ moveDate: today, vehicles: [] })).success).toBe(true);
    const many = Array.from({ length: 21 }, (_, index) => ({ plate: `NE-A ${index + 1}`, zb1Number: 'AB1234567' }));
    expect(messages(moveForm({ moveDate: today, vehicles: many }))).toContain('Höchstens 20 Fahrzeuge je Anmeldung.');
  });
});
