/**
 * German vehicle registration plates (Kfz-Kennzeichen), as the Fahrzeug-Zulassungsverordnung (FZV, § 8 and
 * Anlage 4) shapes them:
 *
 * - Unterscheidungszeichen (district code): 1–3 letters; umlauts occur (TÜ, LÖ, SÜW, KÖN, …),
 * - Erkennungsnummer: 1–2 letters (A–Z, never umlauts) and a number of 1–4 digits that never starts with 0,
 * - at most 8 letters and digits in total; an E (electric vehicle, § 9a FZV) or H (historic vehicle, § 9 FZV) is
 *   appended after the digits and takes one of the 8 positions of the plate, so with a suffix at most 7 letters and
 *   digits remain (plate tables of the FZV: "8 Zeichen insgesamt", historic "7 Zeichen" + H).
 *
 * We validate the shape only: the list of district codes changes (codes are reintroduced, e.g. GV), so no list is
 * embedded. Special plates (Behördenkennzeichen such as `THW 12345`, Bundeswehr `Y-123 456`, diplomats, red dealer
 * plates) do not fit the shape and are rejected; they are not eligible for resident parking anyway.
 *
 * Canonical form: `NE-AB 1234`, `GV-X 1E`, `M-AB 123H` — district, hyphen, letters, space, digits, suffix.
 */

import * as z from '#core/zod';

export interface Plate {
  /** Unterscheidungszeichen, e.g. `NE`, `TÜ`. */
  district: string;
  letters: string;
  digits: string;
  suffix?: 'E' | 'H';
  /** `NE-AB 1234`, `GV-X 1E`. */
  canonical: string;
}

export type PlateResult = { ok: true; plate: Plate } | { ok: false; message: string };

export const PLATE_MESSAGES = {
  empty: 'Bitte geben Sie das Kennzeichen an.',
  characters: 'Das Kennzeichen darf nur Buchstaben, Ziffern, Leerzeichen und Bindestriche enthalten.',
  shape:
    'Bitte geben Sie ein deutsches Kennzeichen an, z. B. NE-AB 1234: Unterscheidungszeichen (1–3 Buchstaben), ' +
    '1–2 Buchstaben und 1–4 Ziffern, bei E- oder H-Kennzeichen mit E bzw. H am Ende.',
  leadingZero: 'Die Zahl eines Kennzeichens beginnt nicht mit 0.',
  length:
    'Ein Kennzeichen hat höchstens 8 Buchstaben und Ziffern (ohne Trennzeichen); bei E- und H-Kennzeichen zählt ' +
    'das E bzw. H mit.',
  ambiguous: 'Bitte trennen Sie das Unterscheidungszeichen mit einem Bindestrich ab, z. B. NE-AB 1234.',
} as const;

const MAX_INPUT_LENGTH = 24;
const DISTRICT = /^[A-ZÄÖÜ]{1,3}$/;
const LETTERS = /^[A-Z]{1,2}$/;
const DIGITS = /^\d{1,4}$/;
const MAX_CHARACTERS = 8;

/** Upper case, composed umlauts, every dash as `-`, every kind of space as one space. */
function clean(input: string): string {
  return input
    .normalize('NFC')
    .toUpperCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits a run of letters without separator into district + letters; unique splits only. */
function splitLetters(run: string): Array<[string, string]> {
  const splits: Array<[string, string]> = [];
  for (let districtLength = 1; districtLength <= 3; districtLength++) {
    const district = run.slice(0, districtLength);
    const letters = run.slice(districtLength);
    if (DISTRICT.test(district) && LETTERS.test(letters)) splits.push([district, letters]);
  }
  return splits;
}

export function parsePlate(input: string): PlateResult {
  const text = clean(input);
  if (text === '') return { ok: false, message: PLATE_MESSAGES.empty };
  if (text.length > MAX_INPUT_LENGTH) return { ok: false, message: PLATE_MESSAGES.length };
  if (!/^[A-ZÄÖÜ0-9 -]+$/.test(text)) return { ok: false, message: PLATE_MESSAGES.characters };

  const match = /^([A-ZÄÖÜ -]+?)[ -]*(\d+)(?:[ -]?([EH]))?$/.exec(text);
  if (!match) return { ok: false, message: PLATE_MESSAGES.shape };
  const [, letterPart = '', digits = '', suffix] = match;
  const groups = letterPart.split(/[ -]+/).filter((group) => group.length > 0);

  let district: string;
  let letters: string;
  if (groups.length === 2) {
    [district, letters] = groups as [string, string];
    if (!DISTRICT.test(district) || !LETTERS.test(letters)) return { ok: false, message: PLATE_MESSAGES.shape };
  } else if (groups.length === 1) {
    const splits = splitLetters(groups[0]!);
    if (splits.length === 0) return { ok: false, message: PLATE_MESSAGES.shape };
    if (splits.length > 1) return { ok: false, message: PLATE_MESSAGES.ambiguous };
    [district, letters] = splits[0]!;
  } else {
    return { ok: false, message: PLATE_MESSAGES.shape };
  }

  if (!DIGITS.test(digits)) return { ok: false, message: digits.length > 4 ? PLATE_MESSAGES.length : PLATE_MESSAGES.shape };
  if (digits.startsWith('0')) return { ok: false, message: PLATE_MESSAGES.leadingZero };
  const characters = district.length + letters.length + digits.length + (suffix ? 1 : 0);
  if (characters > MAX_CHARACTERS) return { ok: false, message: PLATE_MESSAGES.length };

  const plate: Plate = {
    district,
    letters,
    digits,
    ...(suffix ? { suffix: suffix as 'E' | 'H' } : {}),
    canonical: `${district}-${letters} ${digits}${suffix ?? ''}`,
  };
  return { ok: true, plate };
}

/** The canonical form, or undefined when the input is not a German plate. */
export function normalisePlate(input: string): string | undefined {
  const result = parsePlate(input);
  return result.ok ? result.plate.canonical : undefined;
}

/**
 * A plate in any common spelling, as a zod schema: normalised to the canonical form while parsing, refused with the
 * German message of `parsePlate`. Browser-safe (the web app validates with it too).
 */
export const plateSchema = z.string().check(
  z.maxLength(24, 'Das Kennzeichen ist zu lang.'),
  z.overwrite((value) => {
    const result = parsePlate(value);
    return result.ok ? result.plate.canonical : value;
  }),
  z.superRefine((value, context) => {
    const result = parsePlate(value);
    if (!result.ok) context.addIssue({ code: 'custom', message: result.message, input: value });
  }),
);
