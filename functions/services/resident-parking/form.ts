/**
 * The application form of the resident parking permit (Antrag auf einen Bewohnerparkausweis).
 *
 * One zod schema is the type, the validation (German messages) and — through `z.toJSONSchema` — the form description
 * the frontend renders; titles and descriptions are registered in zod's global registry for that.
 * The plate is normalised while parsing (`ne ab 1234` → `NE-AB 1234`), so every later step sees the canonical form.
 */
import * as z from '#core/zod';
import { berlinDate } from '#core/dates';
import { described } from '#functions/services/form-meta';
import { plateSchema } from './plate.ts';
import { HOUSE_NUMBER_PATTERN } from '#functions/services/house-number';


function requiredText(what: string, max: number) {
  return z.string().check(
    z.trim(),
    z.minLength(1, `Bitte geben Sie ${what} an.`),
    z.maxLength(max, `Höchstens ${max} Zeichen.`),
  );
}

export const PERMIT_ID_PATTERN = /^[A-Za-z0-9_-]{10,40}$/;
export const permitIdSchema = z.string().check(z.regex(PERMIT_ID_PATTERN, 'Ungültige Ausweisnummer.'));

const isoDate = z.iso.date({ error: 'Bitte ein Datum im Format JJJJ-MM-TT angeben.' });
const wellFormedDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

const weightKg = described(
  z.int({ error: 'Bitte das zulässige Gesamtgewicht in ganzen Kilogramm angeben.' }).check(
    z.gte(100, 'Das Gewicht ist zu gering.'),
    z.lte(60_000, 'Das Gewicht ist zu hoch.'),
  ),
  { title: 'Zulässiges Gesamtgewicht (kg)', description: 'Feld F.2 der Zulassungsbescheinigung Teil I.' },
);

const proofUploadId = described(
  z.string({
    error: (issue) =>
      issue.input === undefined
        ? 'Bitte laden Sie einen Nachweis über die dauerhafte Nutzung des Fahrzeugs hoch (z. B. Bescheinigung des Arbeitgebers oder Leasingvertrag).'
        : 'Ungültige Upload-Kennung.',
  }).check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'Ungültige Upload-Kennung.')),
  {
    title: 'Nachweis über die Nutzung',
    description: 'Kennung des hochgeladenen Nachweises (Firmenwagen: Bescheinigung des Arbeitgebers; Leasing: Leasingvertrag).',
  },
);

const vehicleSchema = described(
  z.discriminatedUnion(
    'relation',
    [
      z.strictObject({
        relation: described(z.literal('keeper'), { title: 'Ich bin Halterin oder Halter des Fahrzeugs' }),
        weightKg: z.optional(weightKg),
      }),
      z.strictObject({
        relation: described(z.literal(['company-car', 'lease']), {
          title: 'Das Fahrzeug ist mir dauerhaft überlassen (Firmenwagen oder Leasing)',
        }),
        weightKg: z.optional(weightKg),
        proofUploadId,
      }),
    ],
    { error: 'Bitte geben Sie an, ob Sie Halter:in sind oder das Fahrzeug als Firmenwagen oder geleast dauerhaft nutzen.' },
  ),
  { title: 'Fahrzeug', description: 'Halter:in, Firmenwagen (company-car) oder Leasing (lease).' },
);

export const residenceSchema = described(
  z.strictObject({
    street: described(requiredText('die Straße', 100), { title: 'Straße' }),
    houseNumber: described(
      z.string().check(z.trim(), z.regex(HOUSE_NUMBER_PATTERN, 'Bitte geben Sie eine Hausnummer wie 12 oder 12a an.')),
      { title: 'Hausnummer', examples: ['12', '12a'] },
    ),
    postcode: described(z.string().check(z.trim(), z.regex(/^\d{5}$/, 'Die Postleitzahl hat 5 Ziffern.')), { title: 'Postleitzahl' }),
    city: described(requiredText('den Ort', 100), { title: 'Ort' }),
  }),
  { title: 'Hauptwohnung', description: 'Die Adresse, unter der Sie mit Hauptwohnsitz gemeldet sind.' },
);

export const residentParkingFormSchema = described(
  z.strictObject({
    applicant: described(
      z.strictObject({
        givenName: described(requiredText('Ihren Vornamen', 100), { title: 'Vorname' }),
        familyName: described(requiredText('Ihren Familiennamen', 100), { title: 'Familienname' }),
        email: z.optional(
          described(z.email({ error: 'Bitte geben Sie eine gültige E-Mail-Adresse an.' }), {
            title: 'E-Mail-Adresse',
            description: 'Für Nachrichten zum Antrag und zur Verlängerung; ohne Angabe die Adresse Ihres Kontos.',
          }),
        ),
      }),
      { title: 'Antragsteller:in' },
    ),
    residence: residenceSchema,
    registeredAtAddressSince: described(
      isoDate.check(
        // Only well-formed dates are compared; the format check above reports the others.
        z.refine((date) => !wellFormedDate(date) || date <= berlinDate(new Date()), 'Das Datum der Anmeldung darf nicht in der Zukunft liegen.'),
        z.refine((date) => !wellFormedDate(date) || date >= '1900-01-01', 'Bitte prüfen Sie das Datum der Anmeldung.'),
      ),
      { title: 'Gemeldet unter dieser Adresse seit', description: 'Datum der Anmeldung (Einzug) laut Meldebescheinigung.' },
    ),
    plate: described(plateSchema, { title: 'Kennzeichen', description: 'Deutsches Kennzeichen, z. B. NE-AB 1234 oder GV-X 1E.', examples: ['NE-AB 1234'] }),
    vehicle: vehicleSchema,
    zoneId: described(z.string().check(z.regex(/^[A-Za-z0-9-]{1,20}$/, 'Bitte wählen Sie eine Parkzone.')), {
      title: 'Parkzone',
      description: 'Die Bewohnerparkzone, in der Ihre Hauptwohnung liegt.',
    }),
    validityMonths: described(z.union([z.literal(6), z.literal(12)], { error: 'Bitte wählen Sie eine Gültigkeit von 6 oder 12 Monaten.' }), {
      title: 'Gültigkeit in Monaten',
    }),
    renewalOf: z.optional(
      described(permitIdSchema, { title: 'Verlängerung von', description: 'Nummer des bisherigen Ausweises, wenn dies eine Verlängerung ist.' }),
    ),
    consent: described(z.literal(true, { error: 'Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu; ohne sie kann der Antrag nicht bearbeitet werden.' }), {
      title: 'Einwilligung',
      description: 'Ich bin damit einverstanden, dass meine Angaben zur Bearbeitung des Antrags verarbeitet werden.',
    }),
  }),
  { title: 'Antrag auf einen Bewohnerparkausweis' },
);

export type ResidentParkingForm = z.infer<typeof residentParkingFormSchema>;
export type VehicleRelation = ResidentParkingForm['vehicle']['relation'];
