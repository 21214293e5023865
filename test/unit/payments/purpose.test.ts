import { describe, expect, it } from 'vitest';
import { formatCaseNumber } from '../../../functions/applications/domain.ts';
import { paymentPurpose, PURPOSE_CHARACTERS, PURPOSE_MAX_LENGTH, purposeText, PurposeTooLong } from '../../../functions/payments/purpose.ts';
import { SERVICES } from '../../../functions/services/catalog.ts';

/** ePayBL's Verwendungszweck: at most 27 upper-case characters from the DTA/SEPA set, the case number whole and first. */
describe('the payment purpose (Verwendungszweck) for ePayBL', () => {
  const services = Object.values(SERVICES);

  it.each(services.map((service) => [service.id, service] as const))('fits ePayBL for every case number of %s, the case number first and whole', (_id, service) => {
    for (const prefix of ['A', 'NE', 'JU', 'ABCD']) {
      for (const sequence of [1, 42, 999_999]) {
        const caseNumber = formatCaseNumber(prefix, service.caseCode, 2026, sequence);
        const purpose = paymentPurpose(caseNumber, service.title);
        expect(purpose.length, purpose).toBeLessThanOrEqual(PURPOSE_MAX_LENGTH);
        expect(purpose, purpose).toMatch(PURPOSE_CHARACTERS);
        expect(purpose.startsWith(caseNumber), purpose).toBe(true);
        expect(purpose).toBe(purpose.trim());
      }
    }
  });

  it('names the service with what room is left, umlauts spelled out', () => {
    expect(paymentPurpose('NE-BPA-2026-000123', 'Bewohnerparkausweis')).toBe('NE-BPA-2026-000123 BEWOHNER');
    expect(paymentPurpose('A-BLA-2026-000001', 'Baulastenauskunft')).toBe('A-BLA-2026-000001 BAULASTEN');
    expect(paymentPurpose('JU-UMZ-2026-000001', 'Änderung')).toBe('JU-UMZ-2026-000001 AENDERUN');
  });

  it('spells out umlauts and ß, drops other accents and replaces characters outside the set', () => {
    expect(purposeText('Gebühr für Straße Größe Äpfel')).toBe('GEBUEHR FUER STRASSE GROESSE AEPFEL');
    expect(purposeText('Café Łódź – „Test“ & <x> 100 %')).toBe('CAFE ?ODZ TEST X 100'.replace('?', ' ').replace(/\s+/g, ' '));
    expect(purposeText("Frage? (ja) 1/2 + 3, 4: o'k.")).toBe("FRAGE? (JA) 1/2 + 3, 4: O'K.");
  });

  it('refuses a case number longer than the field rather than cutting it', () => {
    expect(() => paymentPurpose('ABCDEFGHIJ-BPA-2026-0000000001', 'Bewohnerparkausweis')).toThrow(PurposeTooLong);
  });
});
