import { afterEach, describe, expect, it, vi } from 'vitest';
import { fieldErrors, z } from '../../../../functions/core/validation.ts';
import { residentParkingFormSchema } from '../../../../functions/services/resident-parking/form.ts';
import { validForm } from './fixtures.ts';

function errorsOf(input: unknown): Record<string, string> {
  const result = z.safeParse(residentParkingFormSchema, input);
  if (result.success) return {};
  return Object.fromEntries(fieldErrors(result.error, 'body/form').map((error) => [error.field, error.message]));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the resident parking form', () => {
  it('accepts a complete form and normalises the plate and trims names', () => {
    const parsed = z.parse(residentParkingFormSchema, { ...validForm(), plate: 'ne ab 1234', applicant: { givenName: ' Erika ', familyName: 'Mustermann' } });
    expect(parsed.plate).toBe('NE-AB 1234');
    expect(parsed.applicant.givenName).toBe('Erika');
  });

  it('accepts a company car or lease with a proof upload', () => {
    expect(errorsOf({ ...validForm(), vehicle: { relation: 'lease', proofUploadId: '2f1c7a2e-0d7a-4c55-9a1e-3b1b6e5c9d10' } })).toEqual({});
    expect(errorsOf({ ...validForm(), vehicle: { relation: 'company-car', proofUploadId: 'upload-1', weightKg: 2100 } })).toEqual({});
  });

  it('names each failing field with a German message', () => {
    const errors = errorsOf({
      ...validForm(),
      plate: 'NE-AB 12345',
      residence: { street: '', houseNumber: 'zwölf', postcode: '4146', city: 'Neuss' },
      validityMonths: 3,
      consent: false,
      applicant: { givenName: 'Erika', familyName: 'Mustermann', email: 'keine-adresse' },
    });
    expect(errors).toEqual({
      'body/form/plate': expect.stringContaining('höchstens 8 Buchstaben und Ziffern'),
      'body/form/residence/street': 'Bitte geben Sie die Straße an.',
      'body/form/residence/houseNumber': 'Bitte geben Sie eine Hausnummer wie 12 oder 12a an.',
      'body/form/residence/postcode': 'Die Postleitzahl hat 5 Ziffern.',
      'body/form/validityMonths': 'Bitte wählen Sie eine Gültigkeit von 6 oder 12 Monaten.',
      'body/form/consent': expect.stringContaining('Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu'),
      'body/form/applicant/email': 'Bitte geben Sie eine gültige E-Mail-Adresse an.',
    });
  });

  it('requires a proof upload unless the applicant is the keeper', () => {
    expect(errorsOf({ ...validForm(), vehicle: { relation: 'lease' } })).toEqual({
      'body/form/vehicle/proofUploadId': expect.stringContaining('Bitte laden Sie einen Nachweis über die dauerhafte Nutzung des Fahrzeugs hoch'),
    });
  });

  it('refuses an unknown vehicle relation and a weight that is not whole kilograms', () => {
    expect(errorsOf({ ...validForm(), vehicle: { relation: 'friend' } })).toEqual({
      'body/form/vehicle/relation': expect.stringContaining('Halter:in'),
    });
    expect(errorsOf({ ...validForm(), vehicle: { relation: 'keeper', weightKg: 1800.5 } })).toEqual({
      'body/form/vehicle/weightKg': 'Bitte das zulässige Gesamtgewicht in ganzen Kilogramm angeben.',
    });
  });

  it('refuses unknown fields, also nested ones', () => {
    expect(errorsOf({ ...validForm(), isAdmin: true, residence: { ...validForm().residence, floor: 3 } })).toEqual({
      'body/form/isAdmin': 'Unbekanntes Feld.',
      'body/form/residence/floor': 'Unbekanntes Feld.',
    });
  });

  it('refuses a registration date in the future (German calendar day)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-09T23:30:00Z')); // already 10 March in Germany
    expect(errorsOf({ ...validForm(), registeredAtAddressSince: '2026-03-10' })).toEqual({});
    expect(errorsOf({ ...validForm(), registeredAtAddressSince: '2026-03-11' })).toEqual({
      'body/form/registeredAtAddressSince': 'Das Datum der Anmeldung darf nicht in der Zukunft liegen.',
    });
    expect(errorsOf({ ...validForm(), registeredAtAddressSince: '10.03.2026' })).toEqual({
      'body/form/registeredAtAddressSince': 'Bitte ein Datum im Format JJJJ-MM-TT angeben.',
    });
  });

  it('describes itself in German in its JSON Schema', () => {
    const schema = z.toJSONSchema(residentParkingFormSchema, { unrepresentable: 'any', io: 'input' }) as any;
    expect(schema.title).toBe('Antrag auf einen Bewohnerparkausweis');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.plate.title).toBe('Kennzeichen');
    expect(schema.properties.residence.properties.street.title).toBe('Straße');
    expect(schema.properties.consent).toMatchObject({ const: true, title: 'Einwilligung' });
    expect(schema.properties.vehicle.oneOf).toHaveLength(2);
    expect(schema.properties.vehicle.oneOf[1].required).toEqual(['relation', 'proofUploadId']);
    expect(schema.required).toEqual(
      expect.arrayContaining(['applicant', 'residence', 'registeredAtAddressSince', 'plate', 'vehicle', 'zoneId', 'validityMonths', 'consent']),
    );
    expect(schema.required).not.toContain('renewalOf');
  });
});
