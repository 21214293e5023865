/**
 * Parcel identifiers of the Liegenschaftskataster (ALKIS) as the Baulastenverzeichnis uses them: Gemarkung, Flur,
 * Flurstück (Zähler[/Nenner]). Pure functions; the zod schemas normalise while parsing, so every later step sees one
 * spelling (`Flur 012`, `Flurstück 00123 / 04` → `12`, `123/4`).
 *
 * What the AdV's ALKIS data model says (AX_Flurstueck, attribute `flurstueckskennzeichen`): Land (2 digits), Gemarkungs-
 * nummer (4), Flurnummer (3), Zähler (5), Nenner (4), Flurstücksfolge (2) — 20 characters, right-aligned, leading zeros;
 * a missing Flur, Nenner or Folge is written as underscores. NRW's Land key is `05`, so a Gemarkung is named by its
 * 4-digit number (unique within the Land) or by the 6-digit Gemarkungsschlüssel `05<nummer>`. Gemarkung *names* are not
 * unique keys; they are resolved against the tenant's Gemarkung directory (see the store).
 */
import type { FieldError } from '#core/problem';
import * as z from '#core/zod';
import { described } from '#functions/services/form-meta';

/** NRW's Land key, the first two digits of a Gemarkungsschlüssel and of a Flurstückskennzeichen. */
export const LAND_NRW = '05';

const GEMARKUNG_NAME = /^\p{L}[\p{L}\p{N} .'()/-]{1,59}$/u;

export type GemarkungRef = { kind: 'number'; number: string } | { kind: 'name'; name: string };

/** A parcel as entered: the Gemarkung still as number or name. */
export interface ParcelInput {
  gemarkung: string;
  flur: string;
  flurstueck: string;
}

/** A parcel with its Gemarkung resolved to the 4-digit number: the form that keys and documents use. */
export interface Parcel {
  gemarkung: string;
  gemarkungName?: string;
  flur: string;
  flurstueck: string;
}

export const GEMARKUNG_MESSAGE =
  'Bitte geben Sie die Gemarkung als Namen (z. B. Neuss) oder als Gemarkungsnummer an (4 Ziffern, z. B. 3404; mit Landeskennung 05 auch 6 Ziffern, z. B. 053404).';
export const FLUR_MESSAGE = 'Die Flur ist eine Zahl mit 1 bis 3 Ziffern, z. B. 12.';
export const FLURSTUECK_MESSAGE =
  'Das Flurstück wird als Zähler oder Zähler/Nenner angegeben, z. B. 123 oder 123/4 (Zähler höchstens 5, Nenner höchstens 4 Ziffern).';

/**
 * `3404` → number 3404; `053404` → number 3404 (the Land prefix of NRW); `Neuss` → a name. Undefined with `message`
 * for anything else (another Land's key, 5 digits, `0000`, signs).
 */
export function parseGemarkung(value: string): { ok: true; ref: GemarkungRef } | { ok: false; message: string } {
  const text = value.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (/^\d+$/.test(text)) {
    if (text.length === 6) {
      if (!text.startsWith(LAND_NRW)) {
        return { ok: false, message: `Der Gemarkungsschlüssel ${text} gehört nicht zu Nordrhein-Westfalen (Landeskennung 05). Bitte geben Sie eine Gemarkung in unserem Zuständigkeitsbereich an.` };
      }
      return numberRef(text.slice(2));
    }
    if (text.length === 4) return numberRef(text);
    return { ok: false, message: GEMARKUNG_MESSAGE };
  }
  if (!GEMARKUNG_NAME.test(text)) return { ok: false, message: GEMARKUNG_MESSAGE };
  return { ok: true, ref: { kind: 'name', name: text } };
}

function numberRef(number: string): { ok: true; ref: GemarkungRef } | { ok: false; message: string } {
  if (number === '0000') return { ok: false, message: 'Die Gemarkungsnummer 0000 gibt es nicht.' };
  return { ok: true, ref: { kind: 'number', number } };
}

/** `12`, `012` → `12`; undefined for anything that is not a Flur number 1–999. */
export function normaliseFlur(value: string): string | undefined {
  const text = value.trim();
  if (!/^\d{1,3}$/.test(text) || Number(text) === 0) return undefined;
  return String(Number(text));
}

/** `123/4`, `00123 / 0004` → `123/4`; `123` → `123`; undefined for anything else (zero, too many digits, letters). */
export function normaliseFlurstueck(value: string): string | undefined {
  const match = /^(\d{1,5})(?:\s*\/\s*(\d{1,4}))?$/.exec(value.trim());
  if (!match) return undefined;
  const zaehler = Number(match[1]);
  const nenner = match[2] === undefined ? undefined : Number(match[2]);
  if (zaehler === 0 || nenner === 0) return undefined;
  return nenner === undefined ? String(zaehler) : `${zaehler}/${nenner}`;
}

/** The canonical Gemarkung as written into keys and forms: the 4-digit number, or the trimmed name. */
function canonicalGemarkung(value: string): string {
  const parsed = parseGemarkung(value);
  if (!parsed.ok) return value;
  return parsed.ref.kind === 'number' ? parsed.ref.number : parsed.ref.name;
}

/** One spelling per Gemarkung name: case, umlauts, `ß`, hyphens and spaces do not matter (`Neuss-Holzheim` = `neuss holzheim`). */
export function normaliseGemarkungName(name: string): string {
  return name
    .normalize('NFC')
    .toLocaleLowerCase('de-DE')
    .replace(/ß/g, 'ss')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/[\s\-\u2010-\u2015.]+/g, ' ')
    .trim();
}

// Schemas -------------------------------------------------------------------------------------------------------------


/** A text field with German messages for a missing value and for a number sent where text is expected. */
const requiredString = (what: string, example: string, message: string) =>
  z.string({
    error: (issue) =>
      issue.input === undefined ? `Bitte geben Sie ${what} an.` : typeof issue.input === 'number' ? `Bitte ${what} als Text angeben, z. B. "${example}".` : message,
  });

export const gemarkungSchema = described(
  requiredString('die Gemarkung', '3404', GEMARKUNG_MESSAGE).check(
    z.maxLength(60, 'Der Name der Gemarkung ist zu lang.'),
    z.overwrite(canonicalGemarkung),
    z.superRefine((value, context) => {
      const parsed = parseGemarkung(value);
      if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.message, input: value });
    }),
  ),
  { title: 'Gemarkung', description: 'Name der Gemarkung oder Gemarkungsnummer (4 Ziffern; mit Landeskennung 05 auch 6 Ziffern).', examples: ['Neuss', '3404'] },
);

export const flurSchema = described(
  requiredString('die Flur', '12', FLUR_MESSAGE).check(
    z.maxLength(10, FLUR_MESSAGE),
    z.overwrite((value) => normaliseFlur(value) ?? value),
    z.refine((value) => normaliseFlur(value) !== undefined, FLUR_MESSAGE),
  ),
  { title: 'Flur', description: 'Flurnummer (1–3 Ziffern).', examples: ['12'] },
);

export const flurstueckSchema = described(
  requiredString('das Flurstück', '123/4', FLURSTUECK_MESSAGE).check(
    z.maxLength(20, FLURSTUECK_MESSAGE),
    z.overwrite((value) => normaliseFlurstueck(value) ?? value),
    z.refine((value) => normaliseFlurstueck(value) !== undefined, FLURSTUECK_MESSAGE),
  ),
  { title: 'Flurstück', description: 'Zähler oder Zähler/Nenner, z. B. 123 oder 123/4.', examples: ['123/4'] },
);

export const parcelInputSchema = described(
  z.strictObject({ gemarkung: gemarkungSchema, flur: flurSchema, flurstueck: flurstueckSchema }),
  { title: 'Flurstück', description: 'Gemarkung, Flur und Flurstück laut Liegenschaftskataster (z. B. aus dem Grundbuch oder der Flurkarte).' },
);

// Keys and labels -------------------------------------------------------------------------------------------------------

/** `3404#12#123/4`: the parcel part of the register's parcel index key. */
export function parcelKey(parcel: Pick<Parcel, 'gemarkung' | 'flur' | 'flurstueck'>): string {
  return `${parcel.gemarkung}#${parcel.flur}#${parcel.flurstueck}`;
}

/** The 20-character ALKIS Flurstückskennzeichen, e.g. `053404012001230004__`. */
export function flurstueckskennzeichen(parcel: Pick<Parcel, 'gemarkung' | 'flur' | 'flurstueck'>): string {
  const [zaehler, nenner] = parcel.flurstueck.split('/') as [string, string | undefined];
  return [
    LAND_NRW,
    parcel.gemarkung.padStart(4, '0'),
    parcel.flur.padStart(3, '0'),
    zaehler.padStart(5, '0'),
    nenner === undefined ? '____' : nenner.padStart(4, '0'),
    '__',
  ].join('');
}

/** `Gemarkung Neuss (3404), Flur 12, Flurstück 123/4` — as a German letter names a parcel. */
export function parcelLabel(parcel: Parcel): string {
  const gemarkung = parcel.gemarkungName ? `${parcel.gemarkungName} (${parcel.gemarkung})` : parcel.gemarkung;
  return `Gemarkung ${gemarkung}, Flur ${parcel.flur}, Flurstück ${parcel.flurstueck}`;
}

/** The same parcel twice in one list (after normalisation): field errors naming the repeats. */
export function duplicateParcelErrors(parcels: ReadonlyArray<Pick<ParcelInput, 'gemarkung' | 'flur' | 'flurstueck'>>, path: string): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  parcels.forEach((parcel, index) => {
    const key = `${parcel.gemarkung.toLowerCase()}#${parcel.flur}#${parcel.flurstueck}`;
    if (seen.has(key)) errors.push({ field: `${path}/${index}`, message: 'Dieses Flurstück ist bereits angegeben.' });
    seen.add(key);
  });
  return errors;
}

// Gemarkung directory ------------------------------------------------------------------------------------------------

/** What the register knows about a Gemarkung: its number and official name. */
export interface GemarkungEntry {
  number: string;
  name: string;
}

export type GemarkungResolution =
  | { ok: true; number: string; name?: string }
  | { ok: false; reason: 'unknown-name' | 'ambiguous-name'; message: string };

/**
 * Resolves a Gemarkung reference against the tenant's directory: a number is taken as it is (with the directory's name
 * if it has one); a name must match exactly one entry. An unknown name is an error, never a silent "no Baulast": the
 * register cannot certify anything about a Gemarkung it cannot identify.
 */
export function resolveGemarkung(ref: GemarkungRef, directory: readonly GemarkungEntry[]): GemarkungResolution {
  if (ref.kind === 'number') {
    const entry = directory.find((candidate) => candidate.number === ref.number);
    return { ok: true, number: ref.number, ...(entry ? { name: entry.name } : {}) };
  }
  const wanted = normaliseGemarkungName(ref.name);
  const matches = directory.filter((entry) => normaliseGemarkungName(entry.name) === wanted);
  if (matches.length === 1) return { ok: true, number: matches[0]!.number, name: matches[0]!.name };
  if (matches.length === 0) {
    return {
      ok: false,
      reason: 'unknown-name',
      message: `Die Gemarkung „${ref.name}“ ist uns nicht bekannt. Bitte geben Sie die Gemarkungsnummer an (4 Ziffern; sie steht z. B. im Grundbuch oder auf der Flurkarte).`,
    };
  }
  return {
    ok: false,
    reason: 'ambiguous-name',
    message: `Der Name „${ref.name}“ passt zu mehreren Gemarkungen (${matches.map((entry) => entry.number).join(', ')}). Bitte geben Sie die Gemarkungsnummer an.`,
  };
}

/** Resolves a list of parcels; `errors` name each parcel that could not be resolved (`<path>/<index>/gemarkung`). */
export function resolveParcels(
  parcels: readonly ParcelInput[],
  directory: readonly GemarkungEntry[],
  path: string,
): { parcels: Parcel[]; errors: FieldError[] } {
  const resolved: Parcel[] = [];
  const errors: FieldError[] = [];
  parcels.forEach((parcel, index) => {
    const parsed = parseGemarkung(parcel.gemarkung);
    if (!parsed.ok) {
      errors.push({ field: `${path}/${index}/gemarkung`, message: parsed.message });
      return;
    }
    const resolution = resolveGemarkung(parsed.ref, directory);
    if (!resolution.ok) {
      errors.push({ field: `${path}/${index}/gemarkung`, message: resolution.message });
      return;
    }
    resolved.push({
      gemarkung: resolution.number,
      ...(resolution.name ? { gemarkungName: resolution.name } : {}),
      flur: parcel.flur,
      flurstueck: parcel.flurstueck,
    });
  });
  // Indexes line up with the input only when every parcel resolved; a name and a number may name the same parcel.
  if (errors.length === 0) {
    const seen = new Set<string>();
    resolved.forEach((parcel, index) => {
      const key = parcelKey(parcel);
      if (seen.has(key)) errors.push({ field: `${path}/${index}`, message: `${parcelLabel(parcel)} ist doppelt angegeben.` });
      seen.add(key);
    });
  }
  return { parcels: resolved, errors };
}
