/**
 * The application form of the Baulastenauskunft (Antrag auf Auskunft aus dem Baulastenverzeichnis, § 85 Abs. 5
 * BauO NRW 2018): which parcels, in which role, for what purpose, and the statement of the legitimate interest.
 *
 * This is the request half of the JSON exchange format documented in `docs/baulastenauskunft.md` (XBau has no message
 * for it yet). One zod schema is the type, the validation (German messages) and — through `z.toJSONSchema` — the form
 * description `GET /services` delivers.
 */
import * as z from '#core/zod';
import { INTEREST_PROOF_KIND } from './descriptor.ts';
import { described } from '#functions/services/form-meta';
import { duplicateParcelErrors, parcelInputSchema, resolveParcels, type GemarkungEntry } from './parcel.ts';

/** Who asks, and why that matters: § 85 Abs. 5 presumes the interest of publicly appointed surveyors (ÖbVI). */
export const APPLICANT_ROLES = {
  owner: 'Eigentümer:in',
  buyer: 'Kaufinteressent:in',
  architect: 'Architekt:in / Entwurfsverfasser:in',
  notary: 'Notar:in',
  surveyor: 'Öffentlich bestellte:r Vermessungsingenieur:in (ÖbVI)',
  bank: 'Kreditinstitut',
  authorised: 'Bevollmächtigte:r der Eigentümerin oder des Eigentümers',
  other: 'Sonstige',
} as const;
export type ApplicantRole = keyof typeof APPLICANT_ROLES;

export const PURPOSES = {
  purchase: 'Kauf oder Verkauf',
  'building-project': 'Bauvorhaben',
  financing: 'Finanzierung / Beleihung',
  valuation: 'Wertermittlung',
  other: 'Sonstiger Zweck',
} as const;
export type Purpose = keyof typeof PURPOSES;

/** Upload kind of a proof of the legitimate interest (power of attorney, purchase contract draft, commission); kept with the descriptor. */
export { INTEREST_PROOF_KIND };

export const MAX_PARCELS = 10;

const enumKeys = <T extends Record<string, string>>(labels: T) => Object.keys(labels) as [keyof T & string, ...Array<keyof T & string>];

function requiredText(what: string, min: number, max: number) {
  return z.string({ error: `Bitte geben Sie ${what} an.` }).check(
    z.trim(),
    z.minLength(min, min <= 1 ? `Bitte geben Sie ${what} an.` : `Bitte geben Sie ${what} an (mindestens ${min} Zeichen).`),
    z.maxLength(max, `Höchstens ${max} Zeichen.`),
  );
}

export const extractFormSchema = described(
  z.strictObject({
    applicant: described(
      z.strictObject({
        givenName: described(requiredText('Ihren Vornamen', 1, 100), { title: 'Vorname' }),
        familyName: described(requiredText('Ihren Familiennamen', 1, 100), { title: 'Familienname' }),
        organisation: z.optional(described(requiredText('die Organisation', 1, 200), { title: 'Büro, Kanzlei oder Institut', description: 'Wenn Sie für ein Büro, ein Notariat oder eine Bank anfragen.' })),
        email: z.optional(described(z.email({ error: 'Bitte geben Sie eine gültige E-Mail-Adresse an.' }), { title: 'E-Mail-Adresse', description: 'Ohne Angabe die Adresse Ihres Kontos.' })),
      }),
      { title: 'Antragsteller:in' },
    ),
    role: described(
      z.enum(enumKeys(APPLICANT_ROLES), { error: `Bitte wählen Sie Ihre Rolle: ${Object.entries(APPLICANT_ROLES).map(([id, label]) => `${id} (${label})`).join(', ')}.` }),
      { title: 'Ich frage an als', description: Object.entries(APPLICANT_ROLES).map(([id, label]) => `${id}: ${label}`).join('; ') },
    ),
    purpose: described(
      z.enum(enumKeys(PURPOSES), { error: `Bitte wählen Sie den Zweck: ${Object.entries(PURPOSES).map(([id, label]) => `${id} (${label})`).join(', ')}.` }),
      { title: 'Zweck der Auskunft', description: Object.entries(PURPOSES).map(([id, label]) => `${id}: ${label}`).join('; ') },
    ),
    legitimateInterest: described(requiredText('Ihr berechtigtes Interesse', 20, 2000), {
      title: 'Berechtigtes Interesse',
      description:
        'Warum Sie die Auskunft brauchen (z. B. „Kaufvertragsentwurf für das Grundstück liegt vor, Notartermin am …“). ' +
        'Auskunft erhält nach § 85 Abs. 5 BauO NRW 2018, wer ein berechtigtes Interesse darlegt.',
    }),
    parcels: described(
      z.array(parcelInputSchema).check(
        z.minLength(1, 'Bitte geben Sie mindestens ein Flurstück an.'),
        z.maxLength(MAX_PARCELS, `Höchstens ${MAX_PARCELS} Flurstücke je Antrag.`),
        z.superRefine((parcels, context) => {
          for (const error of duplicateParcelErrors(parcels, '')) {
            context.addIssue({ code: 'custom', message: error.message, path: [Number(error.field.split('/').pop())], input: parcels });
          }
        }),
      ),
      { title: 'Flurstücke', description: `Die Flurstücke, für die Sie Auskunft möchten (höchstens ${MAX_PARCELS}). Die Gebühr wird je Flurstück berechnet.` },
    ),
    proofUploadId: z.optional(
      described(z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'Ungültige Upload-Kennung.')), {
        title: 'Nachweis des berechtigten Interesses',
        description: 'Kennung eines hochgeladenen Nachweises (POST /uploads, Art "legitimate-interest-proof"), z. B. Vollmacht oder Kaufvertragsentwurf.',
      }),
    ),
    consent: described(z.literal(true, { error: 'Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu; ohne sie kann der Antrag nicht bearbeitet werden.' }), {
      title: 'Einwilligung',
      description: 'Ich bin damit einverstanden, dass meine Angaben zur Bearbeitung des Antrags verarbeitet werden.',
    }),
  }),
  { title: 'Antrag auf Auskunft aus dem Baulastenverzeichnis' },
);

export type ExtractForm = z.infer<typeof extractFormSchema>;

/** The form's parcels resolved against the tenant's Gemarkung directory, with errors at the form's field paths. */
export function parcelErrors(form: ExtractForm, directory: readonly GemarkungEntry[]) {
  return resolveParcels(form.parcels, directory, 'body/form/parcels');
}
