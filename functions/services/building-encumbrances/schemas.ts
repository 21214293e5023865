/**
 * Request schemas of the register API (`/baulasten/...`): the TypeScript types, the validation with German messages and
 * the documented shape in one place. Parcel identifiers and the sheet number are normalised while parsing.
 */
import { pageQuerySchema } from '#core/pagination';
import * as z from '#core/zod';
import { duplicateParcelErrors, flurSchema, flurstueckSchema, gemarkungSchema } from './parcel.ts';
import { ENCUMBRANCE_KIND_IDS, ENCUMBRANCE_KINDS, SHEET_STATUSES, normaliseSheetNumber } from './sheet.ts';

const isoDate = z.iso.date({ error: 'Bitte ein Datum im Format JJJJ-MM-TT angeben.' });

const text = (what: string, min: number, max: number) =>
  z.string({ error: `Bitte geben Sie ${what} an.` }).check(
    z.trim(),
    z.minLength(min, min <= 1 ? `Bitte geben Sie ${what} an.` : `Bitte geben Sie ${what} an (mindestens ${min} Zeichen).`),
    z.maxLength(max, `Höchstens ${max} Zeichen.`),
  );

export const uploadIdSchema = z.string({ error: 'Bitte geben Sie die Kennung des hochgeladenen Scans (uploadId) an.' }).check(
  z.regex(/^[A-Za-z0-9-]{1,64}$/, 'Ungültige Upload-Kennung.'),
);

/** A parcel as staff register it: the Gemarkung by number (or a name the register knows), its name optional. */
const registerParcelSchema = z.strictObject({
  gemarkung: gemarkungSchema,
  gemarkungName: z.optional(
    z.string().check(
      z.trim(),
      z.regex(/^\p{L}[\p{L}\p{N} .'()/-]{1,59}$/u, 'Der Name der Gemarkung besteht aus Buchstaben, Ziffern, Leerzeichen und Bindestrichen (2–60 Zeichen).'),
    ),
  ),
  flur: flurSchema,
  flurstueck: flurstueckSchema,
});
export type RegisterParcelInput = z.infer<typeof registerParcelSchema>;

const parcelList = (min: number, what: string) =>
  z.array(registerParcelSchema).check(
    z.minLength(min, `Bitte geben Sie mindestens ein ${what} Flurstück an.`),
    z.maxLength(20, 'Höchstens 20 Flurstücke je Baulast.'),
    z.superRefine((parcels, context) => {
      for (const error of duplicateParcelErrors(parcels, '')) {
        context.addIssue({ code: 'custom', message: error.message, path: [Number(error.field.split('/').pop())], input: parcels });
      }
    }),
  );

const kindSchema = z.enum(ENCUMBRANCE_KIND_IDS, {
  error: `Unbekannte Art der Baulast. Möglich sind: ${Object.entries(ENCUMBRANCE_KINDS).map(([id, label]) => `${id} (${label})`).join(', ')}.`,
});

const sheetNumberSchema = z.string({ error: 'Bitte geben Sie die Nummer des Baulastenblatts an.' }).check(
  z.trim(),
  z.regex(/^[0-9A-Za-z][0-9A-Za-z ./-]{0,19}$/, 'Die Nummer des Baulastenblatts besteht aus Ziffern und Buchstaben (z. B. 1234 oder B 12a), höchstens 20 Zeichen.'),
  z.overwrite(normaliseSheetNumber),
);

const entryNumberSchema = z.int({ error: 'Die laufende Nummer ist eine ganze Zahl von 1 bis 999.' }).check(
  z.gte(1, 'Die laufende Nummer ist eine ganze Zahl von 1 bis 999.'),
  z.lte(999, 'Die laufende Nummer ist eine ganze Zahl von 1 bis 999.'),
);

const aktenzeichenSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(60, 'Das Aktenzeichen ist zu lang (höchstens 60 Zeichen).'));

/** `POST /baulasten/sheets` */
export const createSheetSchema = z.strictObject({
  uploadId: uploadIdSchema,
  baulastenblatt: sheetNumberSchema,
  laufendeNummer: z._default(entryNumberSchema, 1),
  parcels: parcelList(1, 'belastetes'),
  favouredParcels: z._default(parcelList(0, 'begünstigtes'), []),
  kind: kindSchema,
  content: text('den Inhalt der Baulast', 3, 2000),
  eintragungsdatum: isoDate,
  loeschungsdatum: z.optional(isoDate),
  status: z._default(z.enum(SHEET_STATUSES, { error: 'Status: "valid" (gültig) oder "deleted" (gelöscht).' }), 'valid'),
  aktenzeichen: z.optional(aktenzeichenSchema),
  note: z.optional(text('eine Bemerkung', 1, 500)),
});
export type CreateSheetRequest = z.infer<typeof createSheetSchema>;

/** `POST /baulasten/sheets/{id}/versions` */
export const addVersionSchema = z.strictObject({
  basedOnVersion: z.int({ error: 'Bitte geben Sie die Fassung an, auf der Ihre Änderung beruht (basedOnVersion).' }).check(z.gte(1)),
  note: text('den Grund der neuen Fassung (z. B. „besserer Scan“, „Flurstück berichtigt“)', 3, 500),
  uploadId: z.optional(uploadIdSchema),
  changes: z._default(
    z.strictObject({
      parcels: z.optional(parcelList(1, 'belastetes')),
      favouredParcels: z.optional(parcelList(0, 'begünstigtes')),
      kind: z.optional(kindSchema),
      content: z.optional(text('den Inhalt der Baulast', 3, 2000)),
      eintragungsdatum: z.optional(isoDate),
      loeschungsdatum: z.optional(isoDate),
      aktenzeichen: z.optional(aktenzeichenSchema),
    }),
    {},
  ),
});
export type AddVersionRequest = z.infer<typeof addVersionSchema>;

/** `POST /baulasten/sheets/{id}/delete` */
export const deleteSheetSchema = z.strictObject({
  reason: text('den Grund der Löschung', 10, 1000),
  loeschungsdatum: z.optional(isoDate),
  basedOnVersion: z.optional(z.int().check(z.gte(1))),
});

export const sheetPathSchema = z.strictObject({ id: z.uuid({ error: 'Ungültige Kennung der Baulast.' }) });

export const versionPathSchema = z.strictObject({
  id: z.uuid({ error: 'Ungültige Kennung der Baulast.' }),
  version: z.coerce.number({ error: 'Die Fassung ist eine ganze Zahl ab 1.' }).check(z.int('Die Fassung ist eine ganze Zahl ab 1.'), z.gte(1, 'Die Fassung ist eine ganze Zahl ab 1.'), z.lte(1_000_000)),
});

/** `GET /baulasten/sheets?gemarkung=&flur=&flurstueck=&status=` */
export const searchQuerySchema = z.strictObject({
  gemarkung: gemarkungSchema,
  flur: flurSchema,
  flurstueck: flurstueckSchema,
  status: z.optional(z.enum(SHEET_STATUSES, { error: 'Status: "valid" (gültig) oder "deleted" (gelöscht).' })),
});

const reasonMessage = 'Bitte geben Sie den Grund des Zugriffs an (Parameter reason, z. B. „Baulastenauskunft NE-BLA-2026-000012“ oder „Bauantrag 63/123/2026“).';

/** `GET /baulasten/sheets/{id}`: the reason is recorded when given. */
export const viewQuerySchema = z.strictObject({
  reason: z.optional(z.string().check(z.trim(), z.minLength(3, reasonMessage), z.maxLength(500, 'Höchstens 500 Zeichen.'))),
});

/** `GET /baulasten/sheets/{id}/versions/{version}/file`: no scan without a recorded reason. */
export const fileQuerySchema = z.strictObject({
  reason: z.string({ error: reasonMessage }).check(z.trim(), z.minLength(5, reasonMessage), z.maxLength(500, 'Höchstens 500 Zeichen.')),
});

export const accessLogQuerySchema = pageQuerySchema;

/** `POST /baulasten/uploads` */
export const scanUploadSchema = z.strictObject({
  fileName: z.string({ error: 'Bitte geben Sie den Dateinamen an.' }).check(z.minLength(1, 'Bitte geben Sie den Dateinamen an.'), z.maxLength(255, 'Der Dateiname ist zu lang.')),
  // Any string here: an unsupported type is answered with a clear 422 naming the allowed ones.
  contentType: z.string({ error: 'Bitte geben Sie das Dateiformat an (z. B. image/tiff).' }).check(z.maxLength(255)),
  sizeBytes: z.int({ error: 'Bitte geben Sie die Dateigröße in Bytes an.' }).check(z.positive('Eine leere Datei kann nicht hochgeladen werden.')),
});
