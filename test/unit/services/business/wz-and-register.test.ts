import { describe, expect, it } from 'vitest';
import { LEGAL_FORMS, LEGAL_FORM_INFO, normaliseRegisterNumber, REGISTER_NUMBER_PATTERN, registerFor } from '../../../../functions/services/business/register.ts';
import { checkWzCode, normaliseWzCode, wzSchluessel, WZ_SECTIONS, wzSection } from '../../../../functions/services/business/wz.ts';

describe('WZ 2008 codes', () => {
  it('accept every level: division, group, class, subclass', () => {
    for (const code of ['47', '47.1', '47.11', '96.02.1', '01.11', '99.00']) expect(checkWzCode(code), code).toEqual({ ok: true });
  });

  it('refuse malformed codes and the gaps between the sections', () => {
    for (const code of ['4', '471', '47.111', '47.1.1', '47.11.12', 'A47', '']) expect(checkWzCode(code).ok, code).toBe(false);
    for (const division of ['00', '04', '34', '40', '44', '48', '54', '57', '67', '76', '83', '89']) {
      expect(checkWzCode(`${division}.10`).ok, division).toBe(false);
    }
  });

  it('know the 21 sections A–U and the 88 divisions of NACE Rev. 2', () => {
    expect(WZ_SECTIONS.map((section) => section.section).join('')).toBe('ABCDEFGHIJKLMNOPQRSTU');
    const divisions = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')).filter((division) => wzSection(division));
    expect(divisions).toHaveLength(88);
    expect(wzSection('47.11')?.section).toBe('G');
    expect(wzSection('96.02.1')?.section).toBe('S');
  });

  it('normalise codes typed without dots, and leave dotted ones as written', () => {
    expect(normaliseWzCode('96021')).toBe('96.02.1');
    expect(normaliseWzCode(' 4711 ')).toBe('47.11');
    expect(normaliseWzCode('471')).toBe('47.1');
    expect(normaliseWzCode('47')).toBe('47');
    expect(normaliseWzCode('47.1.1')).toBe('47.1.1');
    expect(normaliseWzCode('Friseur')).toBe('Friseur');
  });

  it('become the taetigkeitSchluessel as precise as given, never padded (47 is not 47000)', () => {
    expect(wzSchluessel('96.02.1')).toBe('96021');
    expect(wzSchluessel('52.29.1')).toBe('52291');
    expect(wzSchluessel('56.21')).toBe('5621');
    expect(wzSchluessel('47.1')).toBe('471');
    expect(wzSchluessel('47')).toBe('47');
  });
});

describe('register entries', () => {
  it('normalise the number part', () => {
    expect(normaliseRegisterNumber(' 12345 ')).toBe('12345');
    expect(normaliseRegisterNumber('12345b')).toBe('12345 B');
    expect(normaliseRegisterNumber('12345-B')).toBe('12345 B');
    expect(normaliseRegisterNumber('12-34')).toBe('12-34');
  });

  it('accept digits with an optional court suffix only', () => {
    for (const number of ['1', '12345', '1234567', '12345 B', '98765 HB']) expect(REGISTER_NUMBER_PATTERN.test(number), number).toBe(true);
    for (const number of ['0', '012', '12345678', 'HRB 1', '12345 ABC', '12 b']) expect(REGISTER_NUMBER_PATTERN.test(number), number).toBe(false);
  });

  it('map every legal form to its register', () => {
    expect(registerFor('gmbh')).toBe('HRB');
    expect(registerFor('ek')).toBe('HRA');
    expect(registerFor('eg')).toBe('GnR');
    expect(registerFor('partg')).toBe('PR');
    expect(registerFor('ev')).toBe('VR');
    expect(registerFor('egbr')).toBe('GsR');
    expect(registerFor('gbr')).toBeUndefined();
    for (const form of LEGAL_FORMS) expect(LEGAL_FORM_INFO[form].label.length).toBeGreaterThan(3);
  });
});
