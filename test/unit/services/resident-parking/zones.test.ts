import { describe, expect, it } from 'vitest';
import { Unprocessable } from '../../../../functions/core/problem.ts';
import {
  addressKey,
  houseNumberValue,
  normaliseStreet,
  zoneForApplication,
  zonesForAddress,
} from '../../../../functions/services/resident-parking/zones.ts';
import { neussConfig } from './fixtures.ts';

const zones = neussConfig().parkingZones;
const ids = (street: string, houseNumber: string, postcode = '41460') => zonesForAddress(zones, { street, houseNumber, postcode }).map((zone) => zone.id);

describe('street names', () => {
  it.each([
    ['Krefelder Straße', 'krefelder str'],
    ['Krefelder Strasse', 'krefelder str'],
    ['Krefelder Str.', 'krefelder str'],
    ['krefelder str', 'krefelder str'],
    ['  KREFELDER   STRASSE ', 'krefelder str'],
    ['Oberstraße', 'oberstr'],
    ['Oberstr.', 'oberstr'],
    ['Karl-Arnold-Str.', 'karl arnold str'],
    ['Karl Arnold Straße', 'karl arnold str'],
    ['Kölner Straße', 'koelner str'],
    ['Koelner Strasse', 'koelner str'],
    ['Straße des 17. Juni', 'str des 17 juni'],
  ])('%j is spelled %j', (street, normalised) => {
    expect(normaliseStreet(street)).toBe(normalised);
  });

  it('keeps words that merely contain "strasse" in the middle', () => {
    expect(normaliseStreet('Strassenbahnweg')).toBe('strassenbahnweg');
  });
});

describe('house numbers', () => {
  it.each([
    ['12', 12],
    ['12a', 12],
    ['12 A', 12],
    ['12/1', 12],
    ['12-14', 12],
    ['a12', undefined],
  ])('%j counts as %j', (houseNumber, value) => {
    expect(houseNumberValue(houseNumber)).toBe(value);
  });
});

describe('the zone of an address', () => {
  it('finds the zone of a street in its house-number range, whatever the spelling', () => {
    expect(ids('Oberstraße', '12a')).toEqual(['NE-1']);
    expect(ids('oberstr.', '99')).toEqual(['NE-1']);
    expect(ids('Oberstrasse', '100')).toEqual([]);
  });

  it('respects the parity of a range: even numbers in one zone, odd ones in the other', () => {
    expect(ids('Krefelder Straße', '20')).toEqual(['NE-1']);
    expect(ids('Krefelder Strasse', '21')).toEqual(['NE-2']);
    expect(ids('Krefelder Str.', '21b')).toEqual(['NE-2']);
    expect(ids('Krefelder Straße', '42')).toEqual([]);
    expect(ids('Krefelder Straße', '41')).toEqual([]);
  });

  it('takes a whole street when no range is configured', () => {
    expect(ids('Markt', '1')).toEqual(['NE-1']);
    expect(ids('Markt', '250 c')).toEqual(['NE-1']);
  });

  it('requires the postcode of the street entry', () => {
    expect(ids('Karl-Arnold-Str.', '3', '41462')).toEqual(['NE-2']);
    expect(ids('Karl-Arnold-Str.', '3', '41460')).toEqual([]);
  });

  it('returns the requested zone when the address lies in it', () => {
    const zone = zoneForApplication(zones, { zoneId: 'NE-2', address: { street: 'Krefelder Str', houseNumber: '7', postcode: '41460' }, tenantName: 'Stadt Neuss' });
    expect(zone.name).toBe('Hafen');
  });

  it('explains in German, naming the address, when it lies in no zone', () => {
    const attempt = () =>
      zoneForApplication(zones, { zoneId: 'NE-1', address: { street: 'Hauptstraße', houseNumber: '5', postcode: '41460', city: 'Neuss' }, tenantName: 'Stadt Neuss' });
    expect(attempt).toThrow(Unprocessable);
    expect(attempt).toThrow('Die angegebene Adresse liegt in keiner Bewohnerparkzone von Stadt Neuss.');
  });

  it('explains which zone the address lies in when another one was requested', () => {
    expect(() =>
      zoneForApplication(zones, { zoneId: 'NE-2', address: { street: 'Oberstraße', houseNumber: '12a', postcode: '41460' }, tenantName: 'Stadt Neuss' }),
    ).toThrow('Die angegebene Adresse liegt in der Zone „Innenstadt“ (NE-1), nicht in der beantragten Zone „Hafen“ (NE-2).');
  });

  it('refuses an unknown zone id', () => {
    try {
      zoneForApplication(zones, { zoneId: 'NE-9', address: { street: 'Oberstraße', houseNumber: '1', postcode: '41460' }, tenantName: 'Stadt Neuss' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Unprocessable);
      expect((error as Unprocessable).message).toBe('Die Parkzone „NE-9“ gibt es bei Stadt Neuss nicht. Bitte wählen Sie eine der angebotenen Zonen.');
      expect((error as Unprocessable).errors).toEqual([{ field: 'body/form/zoneId', message: 'Unbekannte Parkzone.' }]);
    }
  });
});

describe('the household key', () => {
  it('is the same for spellings of the same address and carries no readable address', () => {
    const key = addressKey({ street: 'Oberstraße', houseNumber: '12a', postcode: '41460' });
    expect(addressKey({ street: 'oberstr.', houseNumber: '12 A', postcode: ' 41460 ' })).toBe(key);
    expect(key).not.toMatch(/ober/i);
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('differs between house numbers', () => {
    expect(addressKey({ street: 'Oberstraße', houseNumber: '12a', postcode: '41460' })).not.toBe(
      addressKey({ street: 'Oberstraße', houseNumber: '12b', postcode: '41460' }),
    );
  });
});
