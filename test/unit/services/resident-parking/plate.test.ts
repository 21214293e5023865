import { describe, expect, it } from 'vitest';
import { normalisePlate, parsePlate, PLATE_MESSAGES } from '../../../../functions/services/resident-parking/plate.ts';

describe('German licence plates', () => {
  it.each([
    ['NE-AB 1234', 'NE-AB 1234'],
    ['ne-ab 1234', 'NE-AB 1234'],
    ['NE AB 1234', 'NE-AB 1234'],
    ['NE AB1234', 'NE-AB 1234'],
    ['NE-AB-1234', 'NE-AB 1234'],
    ['  ne – ab   1234 ', 'NE-AB 1234'],
    ['GV-X 1E', 'GV-X 1E'],
    ['gv x 1 e', 'GV-X 1E'],
    ['M-AB 123H', 'M-AB 123H'],
    ['M AB 123 h', 'M-AB 123H'],
    ['B-Z 9', 'B-Z 9'],
    ['TÜ-AB 12', 'TÜ-AB 12'],
    ['tü ab 12', 'TÜ-AB 12'],
    ['LÖ-X 99', 'LÖ-X 99'],
    ['SÜW-AB 12', 'SÜW-AB 12'],
    ['KÖN-Q 7E', 'KÖN-Q 7E'],
    ['BAD-AB 123', 'BAD-AB 123'],
    ['HH-AB 1234', 'HH-AB 1234'],
    // Decomposed umlaut (U + combining diaeresis), as some keyboards send it.
    ['TU\u0308-AB 12', 'TÜ-AB 12'],
    // Without a separator only where the split is unique: 1+1 letters, 3+2 letters, or an umlaut decides.
    ['MA1234', 'M-A 1234'],
    ['BADAB123', 'BAD-AB 123'],
    ['MÜX1', 'MÜ-X 1'],
    // Two letters without separator can only be district + one letter (Nürnberg, E).
    ['NE 1234', 'N-E 1234'],
  ])('accepts %j as %j', (input, canonical) => {
    expect(normalisePlate(input)).toBe(canonical);
  });

  it('splits the plate into its parts and remembers the suffix', () => {
    expect(parsePlate('gv-x 1e')).toEqual({ ok: true, plate: { district: 'GV', letters: 'X', digits: '1', suffix: 'E', canonical: 'GV-X 1E' } });
    expect(parsePlate('NE-AB 1234')).toEqual({ ok: true, plate: { district: 'NE', letters: 'AB', digits: '1234', canonical: 'NE-AB 1234' } });
  });

  it('accepts every district prefix by shape, not from a list', () => {
    expect(normalisePlate('XYZ-AB 12')).toBe('XYZ-AB 12');
    expect(normalisePlate('Q-Q 1')).toBe('Q-Q 1');
  });

  it.each([
    ['', PLATE_MESSAGES.empty],
    ['   ', PLATE_MESSAGES.empty],
    ['NE_AB 1234', PLATE_MESSAGES.characters],
    ['NE-AB 12.34', PLATE_MESSAGES.characters],
    ['NE-ÄB 12', PLATE_MESSAGES.shape],
    ['NEUS-AB 12', PLATE_MESSAGES.shape],
    ['NE-ABC 12', PLATE_MESSAGES.shape],
    ['NE-AB', PLATE_MESSAGES.shape],
    ['1234', PLATE_MESSAGES.shape],
    ['NE-A-B 12', PLATE_MESSAGES.shape],
    ['NE-AB 12X', PLATE_MESSAGES.shape],
    ['NE-AB 12EH', PLATE_MESSAGES.shape],
    ['NE-AB 12345', PLATE_MESSAGES.length],
    ['NE-AB 0123', PLATE_MESSAGES.leadingZero],
    ['NE-AB 0', PLATE_MESSAGES.leadingZero],
    // 9 letters and digits.
    ['BAD-AB 1234', PLATE_MESSAGES.length],
    // 8 letters and digits leave no room for the E or H.
    ['NE-AB 1234E', PLATE_MESSAGES.length],
    ['BAD-A 1234H', PLATE_MESSAGES.length],
    // NEAB could be NE-AB or NEA-B.
    ['NEAB 1234', PLATE_MESSAGES.ambiguous],
    ['MAB1', PLATE_MESSAGES.ambiguous],
  ])('rejects %j with a German message', (input, message) => {
    expect(parsePlate(input)).toEqual({ ok: false, message });
    expect(normalisePlate(input)).toBeUndefined();
  });

  it('accepts exactly 8 letters and digits, and 7 plus the E or H', () => {
    expect(normalisePlate('BAD-AB 123')).toBe('BAD-AB 123');
    expect(normalisePlate('NE-AB 1234')).toBe('NE-AB 1234');
    expect(normalisePlate('NE-AB 123E')).toBe('NE-AB 123E');
    expect(normalisePlate('BAD-A 123H')).toBe('BAD-A 123H');
  });

  it('refuses overlong input before parsing it', () => {
    expect(parsePlate('N'.repeat(100))).toEqual({ ok: false, message: PLATE_MESSAGES.length });
  });
});
