/**
 * Economic activity codes of the Klassifikation der Wirtschaftszweige, Ausgabe 2008 (WZ 2008) — the German edition of
 * NACE Rev. 2, which the Gewerbeanzeige uses for the activity (`taetigkeitSchluessel` in XGewerbeordnung).
 *
 * Levels: Abteilung (division, 2 digits, `47`), Gruppe (`47.1`), Klasse (`47.11`), Unterklasse (`47.11.1`; WZ 2008
 * only, NACE stops at the class). We check the shape and that the division exists; the full classification (~840
 * subclasses) is not embedded — the divisions are stable, the rest changes with each revision and would be a data
 * file of its own. An unknown class inside a valid division is therefore accepted; the statistics office validates
 * against the full list.
 *
 * Divisions per section (NACE Rev. 2 structure, identical in WZ 2008): A 01–03, B 05–09, C 10–33, D 35, E 36–39,
 * F 41–43, G 45–47, H 49–53, I 55–56, J 58–63, K 64–66, L 68, M 69–75, N 77–82, O 84, P 85, Q 86–88, R 90–93,
 * S 94–96, T 97–98, U 99. Unused numbers (04, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89) are gaps between sections.
 */

export const WZ_SECTIONS: ReadonlyArray<{ section: string; from: number; to: number; title: string }> = [
  { section: 'A', from: 1, to: 3, title: 'Land- und Forstwirtschaft, Fischerei' },
  { section: 'B', from: 5, to: 9, title: 'Bergbau und Gewinnung von Steinen und Erden' },
  { section: 'C', from: 10, to: 33, title: 'Verarbeitendes Gewerbe' },
  { section: 'D', from: 35, to: 35, title: 'Energieversorgung' },
  { section: 'E', from: 36, to: 39, title: 'Wasserversorgung; Abwasser- und Abfallentsorgung' },
  { section: 'F', from: 41, to: 43, title: 'Baugewerbe' },
  { section: 'G', from: 45, to: 47, title: 'Handel; Instandhaltung und Reparatur von Kraftfahrzeugen' },
  { section: 'H', from: 49, to: 53, title: 'Verkehr und Lagerei' },
  { section: 'I', from: 55, to: 56, title: 'Gastgewerbe' },
  { section: 'J', from: 58, to: 63, title: 'Information und Kommunikation' },
  { section: 'K', from: 64, to: 66, title: 'Erbringung von Finanz- und Versicherungsdienstleistungen' },
  { section: 'L', from: 68, to: 68, title: 'Grundstücks- und Wohnungswesen' },
  { section: 'M', from: 69, to: 75, title: 'Freiberufliche, wissenschaftliche und technische Dienstleistungen' },
  { section: 'N', from: 77, to: 82, title: 'Sonstige wirtschaftliche Dienstleistungen' },
  { section: 'O', from: 84, to: 84, title: 'Öffentliche Verwaltung, Verteidigung; Sozialversicherung' },
  { section: 'P', from: 85, to: 85, title: 'Erziehung und Unterricht' },
  { section: 'Q', from: 86, to: 88, title: 'Gesundheits- und Sozialwesen' },
  { section: 'R', from: 90, to: 93, title: 'Kunst, Unterhaltung und Erholung' },
  { section: 'S', from: 94, to: 96, title: 'Erbringung von sonstigen Dienstleistungen' },
  { section: 'T', from: 97, to: 98, title: 'Private Haushalte' },
  { section: 'U', from: 99, to: 99, title: 'Exterritoriale Organisationen und Körperschaften' },
];

/** `47`, `47.1`, `47.11`, `47.11.1` — a subclass needs the full class before it. */
export const WZ_CODE_PATTERN = /^\d{2}(?:\.\d(?:\d(?:\.\d)?)?)?$/;

export const WZ_MESSAGES = {
  shape: 'Bitte geben Sie einen Wirtschaftszweig-Schlüssel (WZ 2008) an, z. B. 47.11 oder 96.02.1.',
  division: 'Diese Abteilung gibt es in der WZ 2008 nicht (gültig sind z. B. 01–03, 10–33, 45–47, 94–96).',
} as const;

export function wzSection(code: string): (typeof WZ_SECTIONS)[number] | undefined {
  const division = Number(code.slice(0, 2));
  return WZ_SECTIONS.find((section) => division >= section.from && division <= section.to);
}

/**
 * Canonical spelling of a code typed without dots: `96021`, `96 02 1` → `96.02.1`, split by level (2, 2, 1). A code
 * with dots is taken as written (a dot in the wrong place is an error to report, not to repair).
 */
export function normaliseWzCode(input: string): string {
  const text = input.trim();
  if (text.includes('.')) return text;
  const compact = text.replace(/\s/g, '');
  if (!/^\d{2,5}$/.test(compact)) return text;
  const division = compact.slice(0, 2);
  const rest = compact.slice(2);
  if (rest.length === 0) return division;
  if (rest.length <= 2) return `${division}.${rest}`;
  return `${division}.${rest.slice(0, 2)}.${rest.slice(2)}`;
}

export type WzCheck = { ok: true } | { ok: false; message: string };

export function checkWzCode(code: string): WzCheck {
  if (!WZ_CODE_PATTERN.test(code)) return { ok: false, message: WZ_MESSAGES.shape };
  if (!wzSection(code)) return { ok: false, message: WZ_MESSAGES.division };
  return { ok: true };
}

/**
 * The `taetigkeitSchluessel` of XGewerbeordnung: the code without dots, as precise as it was given (`96.02.1` →
 * `96021`, `47.11` → `4711`, `47` → `47`). Never padded: `47000` would claim the subclass 47.00.0, which does not
 * exist; the KoSIT samples' 5-digit keys (`56210`, `96021`) are full subclasses (56.21.0, 96.02.1).
 */
export function wzSchluessel(code: string): string {
  return code.replace(/\./g, '');
}

/** The division (2 digits) of a code, e.g. to look up activities that usually need a permit. */
export function wzDivision(code: string): string {
  return code.slice(0, 2);
}
