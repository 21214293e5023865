/**
 * The form of the change of address (Anmeldung nach Umzug innerhalb des Kreises) with the vehicles the citizen keeps.
 * One zod schema is the type, the validation (German messages) and the JSON Schema the frontend renders.
 */
import * as z from '#core/zod';
import { berlinDate } from '#core/dates';
import { described } from '#functions/services/form-meta';
import { plateSchema } from '#functions/services/resident-parking/plate';
import { HOUSE_NUMBER_PATTERN } from '#functions/services/house-number';
import { zb1NumberSchema } from './schemas.ts';


function requiredText(what: string, max: number) {
  return z.string().check(z.trim(), z.minLength(1, `Bitte geben Sie ${what} an.`), z.maxLength(max, `Höchstens ${max} Zeichen.`));
}

/** At most this many vehicles per move; more go to a caseworker (`review`), far more are refused. */
export const AUTOMATIC_VEHICLE_LIMIT = 5;
export const MAX_VEHICLES = 20;
/**
 * § 17 Abs. 1 BMG: whoever moves into a dwelling registers "innerhalb von zwei Wochen nach dem Einzug" — from the day of
 * moving in, never before (only the deregistration, § 17 Abs. 2 BMG, may precede a move). Later than two weeks is still
 * a registration (the duty stays; the delay is an administrative offence, § 54 BMG): accepted and marked for the
 * caseworker (`service.ts`, finding `late-registration`).
 */
export const REGISTRATION_PERIOD_DAYS = 14;
/** A move further back than this is not a registration any more but a correction of the register (counter case). */
export const MAX_DAYS_BACK = 365;

export const addressSchema = z.strictObject({
  street: described(requiredText('die Straße', 100), { title: 'Straße' }),
  houseNumber: described(z.string().check(z.trim(), z.regex(HOUSE_NUMBER_PATTERN, 'Bitte geben Sie eine Hausnummer wie 12 oder 12a an.')), {
    title: 'Hausnummer',
    examples: ['12', '12a'],
  }),
  postcode: described(z.string().check(z.trim(), z.regex(/^\d{5}$/, 'Die Postleitzahl hat 5 Ziffern.')), { title: 'Postleitzahl' }),
  city: described(requiredText('den Ort', 100), { title: 'Ort' }),
});
export type PostalAddress = z.infer<typeof addressSchema>;

const isoDate = z.iso.date({ error: 'Bitte ein Datum im Format JJJJ-MM-TT angeben.' });
const wellFormed = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

export function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const vehicleSchema = z.strictObject({
  plate: described(plateSchema, { title: 'Kennzeichen', examples: ['NE-AB 1234'] }),
  zb1Number: described(zb1NumberSchema, {
    title: 'Nummer der Zulassungsbescheinigung Teil I',
    description: 'Die Dokumentnummer oben auf der Zulassungsbescheinigung Teil I (Fahrzeugschein).',
  }),
});
export type MovedVehicle = z.infer<typeof vehicleSchema>;

/**
 * The landlord's confirmation of the move-in (Wohnungsgeberbestätigung, § 19 Abs. 1 BMG), which the registration needs:
 * either the confirmation as a file (the landlord's form, signed), or the code (Zuordnungsmerkmal) the landlord got
 * when confirming electronically to the registration office (§ 19 Abs. 4 BMG) and passed on to the tenant.
 */
export const landlordConfirmationSchema = described(
  z.discriminatedUnion(
    'kind',
    [
      z.strictObject({
        kind: described(z.literal('upload'), { title: 'Als Datei hochladen' }),
        uploadId: described(
          z.string({ error: (issue) => (issue.input === undefined ? 'Bitte laden Sie die Wohnungsgeberbestätigung hoch.' : 'Ungültige Upload-Kennung.') }).check(
            z.regex(/^[A-Za-z0-9-]{1,64}$/, 'Ungültige Upload-Kennung.'),
          ),
          { title: 'Wohnungsgeberbestätigung (Datei)' },
        ),
      }),
      z.strictObject({
        kind: described(z.literal('code'), { title: 'Zuordnungsmerkmal des Wohnungsgebers' }),
        code: described(
          z.string({ error: 'Bitte geben Sie das Zuordnungsmerkmal an, das Ihnen Ihre Vermieterin oder Ihr Vermieter mitgeteilt hat.' }).check(
            z.trim(),
            z.regex(/^[A-Za-z0-9-]{6,32}$/, 'Das Zuordnungsmerkmal besteht aus 6 bis 32 Buchstaben, Ziffern oder Bindestrichen.'),
          ),
          { title: 'Zuordnungsmerkmal' },
        ),
      }),
    ],
    { error: 'Bitte geben Sie an, wie Sie die Wohnungsgeberbestätigung vorlegen: als Datei oder mit dem Zuordnungsmerkmal.' },
  ),
  { title: 'Wohnungsgeberbestätigung (§ 19 BMG)', description: 'Als Datei (upload) oder mit dem Zuordnungsmerkmal der elektronischen Bestätigung (code).' },
);
export type LandlordConfirmation = z.infer<typeof landlordConfirmationSchema>;

export const addressChangeFormSchema = described(
  z.strictObject({
    applicant: described(
      z.strictObject({
        givenName: described(requiredText('Ihren Vornamen', 100), { title: 'Vorname' }),
        familyName: described(requiredText('Ihren Familiennamen', 100), { title: 'Familienname' }),
        email: z.optional(described(z.email({ error: 'Bitte geben Sie eine gültige E-Mail-Adresse an.' }), { title: 'E-Mail-Adresse' })),
      }),
      { title: 'Meldepflichtige Person' },
    ),
    moveDate: described(
      isoDate.check(
        z.refine(
          (date) => !wellFormed(date) || date <= berlinDate(new Date()),
          'Die Anmeldung ist erst ab dem Tag des Einzugs möglich (§ 17 Abs. 1 BMG). Nur die Abmeldung der bisherigen Wohnung ist schon vorher möglich.',
        ),
        z.refine(
          (date) => !wellFormed(date) || date >= addDaysIso(berlinDate(new Date()), -MAX_DAYS_BACK),
          'Der Einzug liegt mehr als ein Jahr zurück. Bitte wenden Sie sich an das Bürgerbüro.',
        ),
      ),
      { title: 'Tag des Einzugs', description: 'Anmeldung ab dem Tag des Einzugs, innerhalb von zwei Wochen danach (§ 17 Abs. 1 BMG).' },
    ),
    landlordConfirmation: landlordConfirmationSchema,
    oldAddress: described(addressSchema, { title: 'Bisherige Hauptwohnung' }),
    newAddress: described(addressSchema, { title: 'Neue Hauptwohnung', description: 'Die neue Wohnung muss in Ihrer Gemeinde liegen.' }),
    vehicles: described(
      z.array(vehicleSchema).check(z.maxLength(MAX_VEHICLES, `Höchstens ${MAX_VEHICLES} Fahrzeuge je Anmeldung.`)),
      { title: 'Fahrzeuge', description: 'Fahrzeuge, deren Halter:in Sie sind; die Zulassungsstelle des Kreises ändert die Anschrift in der Zulassungsbescheinigung Teil I.' },
    ),
    consent: described(z.literal(true, { error: 'Bitte stimmen Sie der Verarbeitung und der Weitergabe an die Zulassungsstelle zu.' }), {
      title: 'Einwilligung',
      description: 'Ich bin damit einverstanden, dass meine Angaben verarbeitet und die Fahrzeugdaten an die Zulassungsstelle des Kreises weitergegeben werden.',
    }),
  }).check(
    z.superRefine((form, context) => {
      const plates = form.vehicles.map((vehicle) => vehicle.plate);
      const duplicate = plates.find((plate, index) => plates.indexOf(plate) !== index);
      if (duplicate) context.addIssue({ code: 'custom', message: `Das Kennzeichen ${duplicate} ist doppelt angegeben.`, path: ['vehicles'], input: form.vehicles });
    }),
  ),
  { title: 'Anmeldung nach Umzug (mit Fahrzeugen)' },
);

export type AddressChangeForm = z.infer<typeof addressChangeFormSchema>;
