import { describe, expect, it } from 'vitest';
import { EURO_ERROR, euroToCents, patchOf } from '../../../web/src/pages/verwaltung/settings-forms.ts';

/** The settings page's fee form turned back into the configuration's shape (what the PATCH sends). */
describe('the fee section of the settings form', () => {
  const version = (amounts: Record<string, string>) => ({ feeSchedules: { 'business-change': [{ validFrom: '2026-01-01', legalBasis: 'Gebührenordnung', amounts }] } });

  it('reads German amounts in euros as cents', () => {
    expect([euroToCents('26'), euroToCents('26,5'), euroToCents('1.200,00 €'), euroToCents('12.5'), euroToCents('zwölf')]).toEqual([2600, 2650, 120000, undefined, undefined]);
  });

  it('leaves an empty amount out (the schedule has no such fee) instead of sending 0 or refusing the section', () => {
    const { patch, problems } = patchOf('fees', version({ standard: '20,00', 'legal-entity': '  ' }));
    expect(problems).toEqual({});
    expect(patch.feeSchedules?.['business-change']?.[0]?.amounts).toEqual({ standard: 2000 });
  });

  it('names the field of an amount that is no amount in euros', () => {
    const { problems } = patchOf('fees', version({ standard: '20 Euro' }));
    expect(problems).toEqual({ 'feeSchedules/business-change/0/amounts/standard': EURO_ERROR });
  });
});
