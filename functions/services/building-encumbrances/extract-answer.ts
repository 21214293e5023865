/**
 * The answer of a Baulastenauskunft as data: the machine-readable half of the exchange format documented in
 * `docs/baulastenauskunft.md` (the request half is the form). The PDF is rendered from exactly this object, and the
 * object is issued with it as a JSON document, so a notary's or surveyor's software need not read the PDF.
 *
 * Element names are German, as in XBau, whose messages this format would later map to (XBau has no message for the
 * Baulastenauskunft yet; XLeitstelle ticket XBAU-90). Pure: the register is read by the caller.
 */
import * as z from '#core/zod';
import { APPLICANT_ROLES, PURPOSES, type ExtractForm } from './extract-form.ts';
import { LAND_NRW, flurstueckskennzeichen, parcelLabel, type Parcel } from './parcel.ts';
import { ENCUMBRANCE_KINDS, ENCUMBRANCE_KIND_IDS, type EncumbranceSheet } from './sheet.ts';

export const EXTRACT_ANSWER_SCHEMA = 'https://openkreis.de/schemas/baulastenauskunft/1.0';

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime();

const flurstueckSchema = z.strictObject({
  gemarkung: z.strictObject({
    /** 4-digit Gemarkungsnummer. */
    nummer: z.string().check(z.regex(/^\d{4}$/)),
    /** 6-digit Gemarkungsschlüssel: Land + Gemarkungsnummer. */
    schluessel: z.string().check(z.regex(/^\d{6}$/)),
    name: z.optional(z.string()),
  }),
  flur: z.string().check(z.regex(/^\d{1,3}$/)),
  flurstueck: z.string().check(z.regex(/^\d{1,5}(\/\d{1,4})?$/)),
  /** ALKIS Flurstückskennzeichen, 20 characters. */
  flurstueckskennzeichen: z.string().check(z.regex(/^\d{14}[\d_]{4}__$/)),
  bezeichnung: z.string(),
});

const baulastSchema = z.strictObject({
  baulastenblatt: z.string(),
  laufendeNummer: z.int().check(z.gte(1)),
  art: z.enum(ENCUMBRANCE_KIND_IDS),
  artBezeichnung: z.string(),
  inhalt: z.string(),
  eintragungsdatum: isoDate,
  beguenstigteFlurstuecke: z.array(flurstueckSchema),
  aktenzeichen: z.optional(z.string()),
  /** The version of the register entry the answer was made from. */
  fassung: z.int().check(z.gte(1)),
});

export const extractAnswerSchema = z.strictObject({
  schema: z.literal(EXTRACT_ANSWER_SCHEMA),
  /** `auskunft`: at least one parcel is burdened; `negativbescheinigung`: none of them is. */
  art: z.enum(['auskunft', 'negativbescheinigung']),
  aktenzeichen: z.string(),
  ausgestelltAm: isoDateTime,
  /** When the register was read: the answer describes the register at this moment. */
  stand: isoDateTime,
  behoerde: z.strictObject({
    name: z.string(),
    /** Amtlicher Gemeindeschlüssel of the building authority. */
    ags: z.string().check(z.regex(/^\d{8}$/)),
    kontakt: z.optional(z.string()),
  }),
  empfaenger: z.strictObject({
    name: z.string(),
    organisation: z.optional(z.string()),
  }),
  antrag: z.strictObject({
    eingegangenAm: isoDateTime,
    rolle: z.enum(Object.keys(APPLICANT_ROLES) as [keyof typeof APPLICANT_ROLES]),
    rolleBezeichnung: z.string(),
    zweck: z.enum(Object.keys(PURPOSES) as [keyof typeof PURPOSES]),
    zweckBezeichnung: z.string(),
  }),
  flurstuecke: z
    .array(
      z.strictObject({
        ...flurstueckSchema.shape,
        /** The valid Baulasten burdening the parcel; empty: none. */
        baulasten: z.array(baulastSchema),
      }),
    )
    .check(z.minLength(1)),
  gebuehr: z.optional(
    z.strictObject({
      betragCent: z.int().check(z.nonnegative()),
      waehrung: z.literal('EUR'),
      rechtsgrundlage: z.string(),
      kassenzeichen: z.optional(z.string()),
    }),
  ),
  rechtsgrundlage: z.string(),
  hinweise: z.array(z.string()),
});
export type ExtractAnswer = z.infer<typeof extractAnswerSchema>;
type AnswerParcel = z.infer<typeof flurstueckSchema>;

export const LEGAL_BASIS = '§ 85 Abs. 5 Bauordnung für das Land Nordrhein-Westfalen (BauO NRW 2018)';

function answerParcel(parcel: Parcel): AnswerParcel {
  return {
    gemarkung: { nummer: parcel.gemarkung, schluessel: `${LAND_NRW}${parcel.gemarkung}`, ...(parcel.gemarkungName ? { name: parcel.gemarkungName } : {}) },
    flur: parcel.flur,
    flurstueck: parcel.flurstueck,
    flurstueckskennzeichen: flurstueckskennzeichen(parcel),
    bezeichnung: parcelLabel(parcel),
  };
}

export interface ExtractAnswerInput {
  caseNumber: string;
  submittedAt: string;
  form: Pick<ExtractForm, 'applicant' | 'role' | 'purpose'>;
  authority: { name: string; ags: string; contactEmail?: string };
  /** Each requested parcel (resolved) with the sheets the register holds for it, valid or not. */
  parcels: ReadonlyArray<{ parcel: Parcel; sheets: readonly EncumbranceSheet[] }>;
  fee?: { amountCents: number; legalBasis: string; transactionReference?: string };
  readAt: Date;
  issuedAt: Date;
}

/** Sheets that burden the parcel today: valid, and still naming the parcel (the index may lag behind a new version). */
function validSheets(parcel: Parcel, sheets: readonly EncumbranceSheet[]): EncumbranceSheet[] {
  const key = `${parcel.gemarkung}#${parcel.flur}#${parcel.flurstueck}`;
  return sheets
    .filter((sheet) => sheet.status === 'valid' && sheet.parcels.some((candidate) => `${candidate.gemarkung}#${candidate.flur}#${candidate.flurstueck}` === key))
    .sort((a, b) => a.baulastenblatt.localeCompare(b.baulastenblatt, 'de', { numeric: true }) || a.laufendeNummer - b.laufendeNummer);
}

export function buildExtractAnswer(input: ExtractAnswerInput): ExtractAnswer {
  const flurstuecke = input.parcels.map(({ parcel, sheets }) => ({
    ...answerParcel(parcel),
    baulasten: validSheets(parcel, sheets).map((sheet) => ({
      baulastenblatt: sheet.baulastenblatt,
      laufendeNummer: sheet.laufendeNummer,
      art: sheet.kind,
      artBezeichnung: ENCUMBRANCE_KINDS[sheet.kind],
      inhalt: sheet.content,
      eintragungsdatum: sheet.eintragungsdatum,
      beguenstigteFlurstuecke: sheet.favouredParcels.map(answerParcel),
      ...(sheet.aktenzeichen ? { aktenzeichen: sheet.aktenzeichen } : {}),
      fassung: sheet.version,
    })),
  }));
  const burdened = flurstuecke.some((parcel) => parcel.baulasten.length > 0);
  const { applicant } = input.form;
  const answer: ExtractAnswer = {
    schema: EXTRACT_ANSWER_SCHEMA,
    art: burdened ? 'auskunft' : 'negativbescheinigung',
    aktenzeichen: input.caseNumber,
    ausgestelltAm: input.issuedAt.toISOString(),
    stand: input.readAt.toISOString(),
    behoerde: { name: input.authority.name, ags: input.authority.ags, ...(input.authority.contactEmail ? { kontakt: input.authority.contactEmail } : {}) },
    empfaenger: { name: `${applicant.givenName} ${applicant.familyName}`, ...(applicant.organisation ? { organisation: applicant.organisation } : {}) },
    antrag: {
      eingegangenAm: input.submittedAt,
      rolle: input.form.role,
      rolleBezeichnung: APPLICANT_ROLES[input.form.role],
      zweck: input.form.purpose,
      zweckBezeichnung: PURPOSES[input.form.purpose],
    },
    flurstuecke,
    ...(input.fee
      ? {
          gebuehr: {
            betragCent: input.fee.amountCents,
            waehrung: 'EUR' as const,
            rechtsgrundlage: input.fee.legalBasis,
            ...(input.fee.transactionReference ? { kassenzeichen: input.fee.transactionReference } : {}),
          },
        }
      : {}),
    rechtsgrundlage: LEGAL_BASIS,
    hinweise: [
      burdened
        ? 'Aufgeführt sind die gültigen Baulasten, die die genannten Flurstücke belasten. Gelöschte Baulasten sind nicht aufgeführt.'
        : 'Für die genannten Flurstücke sind im Baulastenverzeichnis keine gültigen Baulasten eingetragen.',
      'Baulasten zugunsten der genannten Flurstücke, die auf anderen Grundstücken lasten, sind nicht Gegenstand dieser Auskunft.',
      'Die Auskunft gibt den Inhalt des Baulastenverzeichnisses zum angegebenen Stand wieder. Baulasten sind nicht im Grundbuch eingetragen; sie gelten auch gegenüber Rechtsnachfolgerinnen und Rechtsnachfolgern.',
    ],
  };
  // The documented format is the contract: an answer that does not fit it is a bug, not something to send.
  return z.parse(extractAnswerSchema, answer);
}
