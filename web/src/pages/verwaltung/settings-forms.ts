import type { TenantConfig, TenantConfigPatch } from '#functions/tenants/schemas';

/**
 * The configuration's sections as the settings page edits them: each section is a few top-level keys of the
 * configuration (what one PATCH replaces), held as form values (text for numbers and euros), and turned back into
 * the configuration's shape for the server's schema — which then checks it on the client and on the server alike.
 * Form values keep the configuration's paths, so a problem at `feeSchedules/resident-parking/0/amounts/annual` is
 * shown at that very field.
 */
export type SectionKey = 'contact' | 'services' | 'fees' | 'parking' | 'addressChange' | 'handovers';

export const SECTIONS: Record<SectionKey, { title: string; keys: ReadonlyArray<keyof TenantConfig> }> = {
  contact: { title: 'Name, Kontakt und Rechtliches', keys: ['displayName', 'contact', 'urls', 'accessibilityFeedback'] },
  services: { title: 'Online-Dienste', keys: ['enabledServices'] },
  fees: { title: 'Gebühren', keys: ['feeSchedules'] },
  parking: { title: 'Bewohnerparken', keys: ['parkingZones', 'residentParking'] },
  addressChange: { title: 'Ummeldung mit Fahrzeugen', keys: ['addressChange'] },
  handovers: { title: 'Weitergabe an andere Behörden', keys: ['handovers'] },
};

const euro = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false });

export function centsToEuro(cents: number): string {
  return euro.format(cents / 100);
}

/** `120`, `120,5`, `1.200,00` → cents; undefined when it is no amount in euros. */
export function euroToCents(text: string): number | undefined {
  const value = text.trim().replace(/\s*€$/, '');
  if (!/^(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$/.test(value)) return undefined;
  return Math.round(Number(value.replaceAll('.', '').replace(',', '.')) * 100);
}

export const EURO_ERROR = 'Bitte einen Betrag in Euro angeben, z. B. 120,00.';

export interface ContactForm {
  displayName: string;
  contact: { email: string; phone: string; postalAddress: string };
  urls: { imprint: string; privacy: string; accessibility: string };
  accessibilityFeedback: { email: string; phone: string; url: string };
}

export interface FeeVersionForm {
  validFrom: string;
  legalBasis: string;
  amounts: Record<string, string>;
}

export interface ZoneForm {
  id: string;
  name: string;
  streets: Array<{ street: string; postcode: string; from: string; to: string; parity: 'all' | 'even' | 'odd' }>;
}

export interface ParkingForm {
  parkingZones: ZoneForm[];
  residentParking?: {
    validityMonths: string[];
    maxPermitsPerHousehold: string;
    maxVehicleWeightKg: string;
    onMoveOut: 'revoke' | 'rezone';
    cashReference: string;
    paymentTimeoutHours: string;
  };
}

/** The change of address's vehicle variant (`addressChangeSettingsSchema`); the fee as euro text. */
export interface AddressChangeForm {
  vehicleVariant: 'county-later' | 'town-office-sticker';
  stickerFee: string;
  feeBasis: string;
  feeValidFrom: string;
}

export interface Forms {
  contact: ContactForm;
  services: { enabledServices: string[] };
  fees: { feeSchedules: Record<string, FeeVersionForm[]> };
  parking: ParkingForm;
  addressChange: AddressChangeForm;
  handovers: { handovers: NonNullable<TenantConfig['handovers']> };
}

export function toForms(config: TenantConfig): Forms {
  return {
    contact: {
      displayName: config.displayName,
      contact: { email: config.contact.email, phone: config.contact.phone ?? '', postalAddress: config.contact.postalAddress ?? '' },
      urls: { ...config.urls },
      accessibilityFeedback: { email: config.accessibilityFeedback?.email ?? '', phone: config.accessibilityFeedback?.phone ?? '', url: config.accessibilityFeedback?.url ?? '' },
    },
    services: { enabledServices: [...config.enabledServices] },
    fees: {
      feeSchedules: Object.fromEntries(
        Object.entries(config.feeSchedules).map(([service, versions]) => [
          service,
          versions.map((version) => ({ validFrom: version.validFrom, legalBasis: version.legalBasis, amounts: Object.fromEntries(Object.entries(version.amounts).map(([key, cents]) => [key, centsToEuro(cents)])) })),
        ]),
      ),
    },
    parking: {
      parkingZones: config.parkingZones.map((zone) => ({
        id: zone.id,
        name: zone.name,
        streets: zone.streets.map((street) => ({
          street: street.street,
          postcode: street.postcode,
          from: street.houseNumbers ? String(street.houseNumbers.from) : '',
          to: street.houseNumbers ? String(street.houseNumbers.to) : '',
          parity: street.houseNumbers?.parity ?? 'all',
        })),
      })),
      ...(config.residentParking
        ? {
            residentParking: {
              validityMonths: config.residentParking.validityMonths.map(String),
              maxPermitsPerHousehold: String(config.residentParking.maxPermitsPerHousehold),
              maxVehicleWeightKg: config.residentParking.maxVehicleWeightKg === undefined ? '' : String(config.residentParking.maxVehicleWeightKg),
              onMoveOut: config.residentParking.onMoveOut,
              cashReference: config.residentParking.cashReference,
              paymentTimeoutHours: String(config.residentParking.paymentTimeoutHours),
            },
          }
        : {}),
    },
    addressChange:
      config.addressChange?.vehicleVariant === 'town-office-sticker'
        ? { vehicleVariant: 'town-office-sticker', stickerFee: centsToEuro(config.addressChange.stickerFeeCents), feeBasis: config.addressChange.feeBasis, feeValidFrom: config.addressChange.feeValidFrom }
        : { vehicleVariant: 'county-later', stickerFee: '', feeBasis: '', feeValidFrom: '' },
    handovers: { handovers: [...(config.handovers ?? [])] },
  };
}

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
/** A whole number from a text field; NaN for anything else, so that the schema names the field. */
const whole = (value: string) => (/^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN);

/**
 * The patch of one section, and the problems the conversion itself found (an amount that is no amount) by path. The
 * schema checks the rest.
 */
export function patchOf<S extends SectionKey>(section: S, form: Forms[S]): { patch: TenantConfigPatch; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  switch (section) {
    case 'contact': {
      const value = form as ContactForm;
      const feedback = value.accessibilityFeedback;
      const hasFeedback = [feedback.email, feedback.phone, feedback.url].some((entry) => entry.trim() !== '');
      return {
        problems,
        patch: {
          displayName: value.displayName.trim(),
          contact: { email: value.contact.email.trim(), ...strip({ phone: optional(value.contact.phone), postalAddress: optional(value.contact.postalAddress) }) },
          urls: { imprint: value.urls.imprint.trim(), privacy: value.urls.privacy.trim(), accessibility: value.urls.accessibility.trim() },
          ...(hasFeedback ? { accessibilityFeedback: { email: feedback.email.trim(), ...strip({ phone: optional(feedback.phone), url: optional(feedback.url) }) } } : {}),
        },
      };
    }
    case 'services':
      return { problems, patch: { enabledServices: [...(form as Forms['services']).enabledServices] } };
    case 'fees': {
      const schedules: NonNullable<TenantConfigPatch['feeSchedules']> = {};
      for (const [service, versions] of Object.entries((form as Forms['fees']).feeSchedules)) {
        if (versions.length === 0) continue;
        schedules[service] = versions.map((version, index) => ({
          validFrom: version.validFrom,
          legalBasis: version.legalBasis.trim(),
          amounts: Object.fromEntries(
            // An empty amount is no amount: the key is left out (the schedule has no such fee), never sent as 0.
            Object.entries(version.amounts)
              .filter(([, text]) => text.trim() !== '')
              .map(([key, text]) => {
                const cents = euroToCents(text);
                if (cents === undefined) problems[`feeSchedules/${service}/${index}/amounts/${key}`] = EURO_ERROR;
                return [key, cents ?? 0];
              }),
          ),
        }));
      }
      return { problems, patch: { feeSchedules: schedules } };
    }
    case 'parking': {
      const value = form as ParkingForm;
      const settings = value.residentParking;
      return {
        problems,
        patch: {
          parkingZones: value.parkingZones.map((zone) => ({
            id: zone.id.trim(),
            name: zone.name.trim(),
            streets: zone.streets.map((street) => ({
              street: street.street.trim(),
              postcode: street.postcode.trim(),
              ...(street.from.trim() === '' && street.to.trim() === '' ? {} : { houseNumbers: { from: whole(street.from), to: whole(street.to), parity: street.parity } }),
            })),
          })),
          ...(settings
            ? {
                residentParking: {
                  validityMonths: settings.validityMonths.map(Number) as Array<6 | 12>,
                  maxPermitsPerHousehold: whole(settings.maxPermitsPerHousehold),
                  ...(settings.maxVehicleWeightKg.trim() === '' ? {} : { maxVehicleWeightKg: whole(settings.maxVehicleWeightKg) }),
                  onMoveOut: settings.onMoveOut,
                  cashReference: settings.cashReference.trim(),
                  paymentTimeoutHours: whole(settings.paymentTimeoutHours),
                },
              }
            : {}),
        },
      };
    }
    case 'addressChange': {
      const value = form as AddressChangeForm;
      if (value.vehicleVariant === 'county-later') return { problems, patch: { addressChange: { vehicleVariant: 'county-later' } } };
      const cents = euroToCents(value.stickerFee);
      if (cents === undefined) problems['addressChange/stickerFeeCents'] = EURO_ERROR;
      return {
        problems,
        patch: { addressChange: { vehicleVariant: 'town-office-sticker', stickerFeeCents: cents ?? 0, feeBasis: value.feeBasis.trim(), feeValidFrom: value.feeValidFrom.trim() } },
      };
    }
    case 'handovers':
      return { problems, patch: { handovers: [...(form as Forms['handovers']).handovers] } };
  }
  throw new Error(`Unknown section ${section}`);
}

function strip<T extends Record<string, string | undefined>>(value: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as { [K in keyof T]?: string };
}

/** The section a field path belongs to (`contact/email` → `contact`, `feeSchedules/…` → `fees`). */
export function sectionOf(path: string): SectionKey | undefined {
  const key = path.split('/')[0];
  return (Object.keys(SECTIONS) as SectionKey[]).find((section) => SECTIONS[section].keys.includes(key as keyof TenantConfig));
}
