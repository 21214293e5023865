import { describe, expect, it } from 'vitest';
import { z } from '../../../../functions/core/validation.ts';
import {
  flurstueckskennzeichen,
  normaliseFlur,
  normaliseFlurstueck,
  parcelInputSchema,
  parcelKey,
  parcelLabel,
  parseGemarkung,
  resolveGemarkung,
  resolveParcels,
} from '../../../../functions/services/building-encumbrances/parcel.ts';
import { parcelPartition } from '../../../../functions/services/building-encumbrances/store.ts';
import { fieldErrors } from '../../../../functions/core/validation.ts';

const directory = [
  { number: '3404', name: 'Neuss' },
  { number: '3405', name: 'Holzheim' },
  { number: '3410', name: 'Büttgen' },
  { number: '3411', name: 'Büttgen' },
];

function errorsOf(input: unknown) {
  const result = z.safeParse(parcelInputSchema, input);
  return result.success ? [] : fieldErrors(result.error, 'query');
}

describe('parcel identifiers', () => {
  it('reads a Gemarkung as 4-digit number, as 6-digit key with the NRW prefix 05, or as a name', () => {
    expect(parseGemarkung('3404')).toEqual({ ok: true, ref: { kind: 'number', number: '3404' } });
    expect(parseGemarkung(' 053404 ')).toEqual({ ok: true, ref: { kind: 'number', number: '3404' } });
    expect(parseGemarkung('Neuss-Holzheim')).toEqual({ ok: true, ref: { kind: 'name', name: 'Neuss-Holzheim' } });
    expect(parseGemarkung('  Büttgen   Vorst ')).toEqual({ ok: true, ref: { kind: 'name', name: 'Büttgen Vorst' } });
  });

  it('refuses another Land, wrong lengths, 0000 and symbols with a German explanation', () => {
    expect(parseGemarkung('093404')).toMatchObject({ ok: false, message: expect.stringContaining('nicht zu Nordrhein-Westfalen') });
    expect(parseGemarkung('34041')).toMatchObject({ ok: false, message: expect.stringContaining('4 Ziffern') });
    expect(parseGemarkung('0000')).toMatchObject({ ok: false, message: 'Die Gemarkungsnummer 0000 gibt es nicht.' });
    expect(parseGemarkung('<script>')).toMatchObject({ ok: false });
    expect(parseGemarkung('')).toMatchObject({ ok: false });
  });

  it('normalises Flur and Flurstück to one spelling and refuses what the cadastre cannot have', () => {
    expect(normaliseFlur('012')).toBe('12');
    expect(normaliseFlur('0')).toBeUndefined();
    expect(normaliseFlur('1234')).toBeUndefined();
    expect(normaliseFlur('12a')).toBeUndefined();
    expect(normaliseFlurstueck('00123 / 0004')).toBe('123/4');
    expect(normaliseFlurstueck('99999/9999')).toBe('99999/9999');
    expect(normaliseFlurstueck('123')).toBe('123');
    expect(normaliseFlurstueck('123456')).toBeUndefined();
    expect(normaliseFlurstueck('123/12345')).toBeUndefined();
    expect(normaliseFlurstueck('0/4')).toBeUndefined();
    expect(normaliseFlurstueck('123/0')).toBeUndefined();
    expect(normaliseFlurstueck('123-4')).toBeUndefined();
  });

  it('parses a parcel to its canonical form, and names every wrong field in German', () => {
    expect(z.parse(parcelInputSchema, { gemarkung: '053404', flur: '007', flurstueck: '0123/04' })).toEqual({ gemarkung: '3404', flur: '7', flurstueck: '123/4' });
    expect(errorsOf({ gemarkung: '12', flur: '1000', flurstueck: '12/34/5' })).toEqual([
      { field: 'query/gemarkung', message: expect.stringContaining('Gemarkungsnummer') },
      { field: 'query/flur', message: 'Die Flur ist eine Zahl mit 1 bis 3 Ziffern, z. B. 12.' },
      { field: 'query/flurstueck', message: expect.stringContaining('Zähler/Nenner') },
    ]);
    expect(errorsOf({ gemarkung: '3404', flur: 12, flurstueck: '1' })).toEqual([{ field: 'query/flur', message: 'Bitte die Flur als Text angeben, z. B. "12".' }]);
    expect(errorsOf({ gemarkung: '3404', flurstueck: '1' })).toEqual([{ field: 'query/flur', message: 'Bitte geben Sie die Flur an.' }]);
  });

  it('builds the search key <gemarkungsnr>#<flur>#<flurstück> and the GSI partition starting with the tenant', () => {
    const parcel = { gemarkung: '3404', flur: '12', flurstueck: '123/4' };
    expect(parcelKey(parcel)).toBe('3404#12#123/4');
    expect(parcelPartition('neuss', parcel)).toBe('neuss#PARCEL#3404#12#123/4');
    expect(() => parcelPartition('Neuss#x', parcel)).toThrow(/tenant id/);
  });

  it('builds the 20-character ALKIS Flurstückskennzeichen (missing Nenner and Folge as underscores)', () => {
    expect(flurstueckskennzeichen({ gemarkung: '3404', flur: '12', flurstueck: '123/4' })).toBe('053404012001230004__');
    expect(flurstueckskennzeichen({ gemarkung: '3404', flur: '1', flurstueck: '7' })).toBe('05340400100007______');
    expect(flurstueckskennzeichen({ gemarkung: '3404', flur: '1', flurstueck: '7' })).toHaveLength(20);
  });

  it('names a parcel as a German letter does', () => {
    expect(parcelLabel({ gemarkung: '3404', gemarkungName: 'Neuss', flur: '12', flurstueck: '123/4' })).toBe('Gemarkung Neuss (3404), Flur 12, Flurstück 123/4');
    expect(parcelLabel({ gemarkung: '3404', flur: '12', flurstueck: '5' })).toBe('Gemarkung 3404, Flur 12, Flurstück 5');
  });
});

describe('Gemarkung directory', () => {
  it('resolves names regardless of case, umlauts and hyphens, and numbers with their name', () => {
    expect(resolveGemarkung({ kind: 'name', name: 'NEUSS' }, directory)).toEqual({ ok: true, number: '3404', name: 'Neuss' });
    expect(resolveGemarkung({ kind: 'number', number: '3405' }, directory)).toEqual({ ok: true, number: '3405', name: 'Holzheim' });
    expect(resolveGemarkung({ kind: 'number', number: '9999' }, directory)).toEqual({ ok: true, number: '9999' });
  });

  it('refuses an unknown or ambiguous name instead of answering "no Baulast"', () => {
    expect(resolveGemarkung({ kind: 'name', name: 'Atlantis' }, directory)).toMatchObject({ ok: false, reason: 'unknown-name', message: expect.stringContaining('Gemarkungsnummer') });
    expect(resolveGemarkung({ kind: 'name', name: 'Buettgen' }, directory)).toMatchObject({ ok: false, reason: 'ambiguous-name', message: expect.stringContaining('3410, 3411') });
  });

  it('resolves a list of parcels and finds a parcel named twice (once by name, once by number)', () => {
    const { parcels, errors } = resolveParcels(
      [
        { gemarkung: 'Neuss', flur: '1', flurstueck: '2' },
        { gemarkung: '3404', flur: '1', flurstueck: '2' },
      ],
      directory,
      'body/form/parcels',
    );
    expect(parcels).toHaveLength(2);
    expect(errors).toEqual([{ field: 'body/form/parcels/1', message: 'Gemarkung Neuss (3404), Flur 1, Flurstück 2 ist doppelt angegeben.' }]);
    expect(resolveParcels([{ gemarkung: 'Atlantis', flur: '1', flurstueck: '2' }], directory, 'p').errors).toEqual([
      { field: 'p/0/gemarkung', message: expect.stringContaining('„Atlantis“') },
    ]);
  });
});
