/**
 * Parking zones (Bewohnerparkgebiete): which zone an address lies in, from the tenant's configuration.
 * Pure functions; the only inputs are the address and the zones.
 */
import { createHash } from 'node:crypto';
import { Unprocessable } from '#core/problem';
import type { TenantConfig } from '#functions/tenants/schemas';

export type ParkingZone = TenantConfig['parkingZones'][number];

export interface Address {
  street: string;
  houseNumber: string;
  postcode: string;
  city?: string;
}

/**
 * One spelling per street: case, umlauts (`Kölner` = `Koelner`), `ß`/`ss`, `Straße`/`Strasse`/`Str.`/`Str`,
 * hyphens and spaces (`Karl-Marx-Str.` = `Karl Marx Straße`), dots and surrounding whitespace do not matter.
 */
export function normaliseStreet(street: string): string {
  return street
    .normalize('NFC')
    .toLocaleLowerCase('de-DE')
    .replace(/ß/g, 'ss')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/\./g, ' ')
    .replace(/[\s\-\u2010-\u2015]+/g, ' ')
    .trim()
    .replace(/strasse(?= |$)/g, 'str');
}

/** `12`, `12a`, `12 a`, `12/1`, `12-14`: the leading number decides the range; undefined without one. */
export function houseNumberValue(houseNumber: string): number | undefined {
  const match = /^\s*(\d{1,5})/.exec(houseNumber);
  return match ? Number(match[1]) : undefined;
}


function normaliseHouseNumber(houseNumber: string): string {
  return houseNumber.toLowerCase().replace(/\s+/g, '');
}

function streetEntryMatches(entry: ParkingZone['streets'][number], address: Address, street: string, number: number | undefined): boolean {
  if (entry.postcode !== address.postcode.trim() || normaliseStreet(entry.street) !== street) return false;
  const range = entry.houseNumbers;
  if (!range) return true;
  if (number === undefined || number < range.from || number > range.to) return false;
  if (range.parity === 'even') return number % 2 === 0;
  if (range.parity === 'odd') return number % 2 === 1;
  return true;
}

/** The zone with this id, compared without regard to case (`ne-1` is `NE-1`); undefined when the tenant has none. */
export function zoneById(zones: readonly ParkingZone[], id: string): ParkingZone | undefined {
  const wanted = id.trim().toUpperCase();
  return zones.find((zone) => zone.id.toUpperCase() === wanted);
}

/** Every zone with a street entry that covers the address (normally one; zones may share a border street). */
export function zonesForAddress(zones: readonly ParkingZone[], address: Address): ParkingZone[] {
  const street = normaliseStreet(address.street);
  const number = houseNumberValue(address.houseNumber);
  return zones.filter((zone) => zone.streets.some((entry) => streetEntryMatches(entry, address, street, number)));
}

/** `Oberstraße 12a, 41460 Neuss` — for notices to the holder (e-mail, permit record); never in errors or logs. */
export function formatAddress(address: Address): string {
  const place = [address.postcode.trim(), address.city?.trim()].filter(Boolean).join(' ');
  return `${address.street.trim()} ${address.houseNumber.trim()}, ${place}`;
}

function zoneLabel(zone: ParkingZone): string {
  return `„${zone.name}“ (${zone.id})`;
}

/**
 * The requested zone, checked against the address: throws `Unprocessable` with an explanation the applicant
 * understands when the zone is unknown, the address lies in no zone, or in another one. The messages name zones, never
 * the address: error messages may reach logs.
 */
export function zoneForApplication(zones: readonly ParkingZone[], request: { zoneId: string; address: Address; tenantName: string }): ParkingZone {
  const requested = zones.find((zone) => zone.id === request.zoneId);
  if (!requested) {
    throw new Unprocessable(`Die Parkzone „${request.zoneId}“ gibt es bei ${request.tenantName} nicht. Bitte wählen Sie eine der angebotenen Zonen.`, [
      { field: 'body/form/zoneId', message: 'Unbekannte Parkzone.' },
    ]);
  }
  const matching = zonesForAddress(zones, request.address);
  if (matching.length === 0) {
    throw new Unprocessable(
      `Die angegebene Adresse liegt in keiner Bewohnerparkzone von ${request.tenantName}. ` +
        'Ein Bewohnerparkausweis kann nur für eine Hauptwohnung in einer Bewohnerparkzone ausgestellt werden.',
      [{ field: 'body/form/residence', message: 'Die Adresse liegt in keiner Bewohnerparkzone.' }],
    );
  }
  if (!matching.some((zone) => zone.id === requested.id)) {
    throw new Unprocessable(
      `Die angegebene Adresse liegt in der Zone ${matching.map(zoneLabel).join(' bzw. ')}, ` +
        `nicht in der beantragten Zone ${zoneLabel(requested)}.`,
      [{ field: 'body/form/zoneId', message: 'Die Adresse liegt nicht in dieser Zone.' }],
    );
  }
  return requested;
}

/**
 * The household key: a hash of the normalised address (postcode, street, house number). The household limit needs
 * only equality, so index keys carry no readable address. A building with several flats has one key: the form has
 * no flat number, so the household check is a hint for the caseworker (`review`), never an automatic rejection.
 */
export function addressKey(address: Address): string {
  const normalised = [address.postcode.trim(), normaliseStreet(address.street), normaliseHouseNumber(address.houseNumber)].join('|');
  return createHash('sha256').update(normalised).digest('base64url').slice(0, 32);
}
