import { describe, expect, it } from 'vitest';
import { reapply } from '../../../web/src/merge.ts';

/** Reapplying a tenant admin's edits onto a configuration someone else changed meanwhile: nobody's edit is lost. */
const base = {
  contact: { email: 'info@stadt.de', phone: '02131 1' },
  feeSchedules: { 'resident-parking': [{ validFrom: '2026-01-01', legalBasis: 'Satzung', amounts: { annual: '120,00', halfYear: '60,00' } }] },
  zones: ['A', 'B'],
};

describe('reapplying my edits onto a fresh version', () => {
  it('keeps both when we changed different fields, also deep inside the same section', () => {
    const mine = { ...base, feeSchedules: { 'resident-parking': [{ ...base.feeSchedules['resident-parking'][0]!, amounts: { annual: '130,00', halfYear: '60,00' } }] } };
    const theirs = { ...base, contact: { ...base.contact, phone: '02131 2' }, feeSchedules: { 'resident-parking': [{ ...base.feeSchedules['resident-parking'][0]!, legalBasis: 'Satzung 2026' }] } };
    const { value, overwritten } = reapply(base, mine, theirs);
    expect(value).toEqual({
      contact: { email: 'info@stadt.de', phone: '02131 2' },
      feeSchedules: { 'resident-parking': [{ validFrom: '2026-01-01', legalBasis: 'Satzung 2026', amounts: { annual: '130,00', halfYear: '60,00' } }] },
      zones: ['A', 'B'],
    });
    expect(overwritten).toEqual([]);
  });

  it('lets my value win where we both changed the same field, and names it', () => {
    const mine = { ...base, contact: { ...base.contact, phone: '02131 3' } };
    const theirs = { ...base, contact: { ...base.contact, phone: '02131 2' } };
    const { value, overwritten } = reapply(base, mine, theirs);
    expect(value.contact.phone).toBe('02131 3');
    expect(overwritten).toEqual(['contact/phone']);
  });

  it('takes my list as a whole when one of us added or removed an item, and theirs where I left it alone', () => {
    const mine = { ...base, zones: ['A', 'B', 'C'] };
    expect(reapply(base, mine, { ...base, zones: ['A'] })).toEqual({ value: mine, overwritten: ['zones'] });
    expect(reapply(base, base, { ...base, zones: ['A'] }).value.zones).toEqual(['A']);
    expect(reapply(base, mine, { ...base, zones: ['A', 'B'] }).value.zones).toEqual(['A', 'B', 'C']);
  });

  it('does not care about the order of keys, and treats the same change on both sides as no conflict', () => {
    const reordered = { zones: ['A', 'B'], feeSchedules: base.feeSchedules, contact: { phone: '02131 1', email: 'info@stadt.de' } };
    expect(reapply(base, base, reordered).overwritten).toEqual([]);
    const same = { ...base, contact: { ...base.contact, email: 'neu@stadt.de' } };
    expect(reapply(base, same, same)).toEqual({ value: same, overwritten: [] });
  });
});
