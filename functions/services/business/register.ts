/**
 * Legal forms (Rechtsformen) of the operator and the register they are entered in.
 *
 * Register types: Handelsregister A (HRA: e.K., OHG, KG) and B (HRB: GmbH, UG, AG), Genossenschaftsregister (GnR),
 * Partnerschaftsregister (PR), Vereinsregister (VR) and, since 1 January 2024 (MoPeG), the Gesellschaftsregister
 * (GsR) of the registered GbR (eGbR). Register numbers are digits, optionally followed by a court suffix of one or two
 * letters (e.g. `HRB 12345 B` at Berlin-Charlottenburg).
 */

export const REGISTER_TYPES = ['HRA', 'HRB', 'GnR', 'PR', 'VR', 'GsR'] as const;
export type RegisterType = (typeof REGISTER_TYPES)[number];

export const REGISTER_TYPE_LABELS: Record<RegisterType, string> = {
  HRA: 'Handelsregister Abteilung A',
  HRB: 'Handelsregister Abteilung B',
  GnR: 'Genossenschaftsregister',
  PR: 'Partnerschaftsregister',
  VR: 'Vereinsregister',
  GsR: 'Gesellschaftsregister',
};

/** `12345`, `12345 B`, `1234a` is not a register number (lower-case suffixes do not exist). */
export const REGISTER_NUMBER_PATTERN = /^[1-9]\d{0,6}(?: ?[A-Z]{1,2})?$/;

export const LEGAL_FORMS = [
  'einzelunternehmen',
  'ek',
  'gbr',
  'egbr',
  'ohg',
  'kg',
  'gmbh-co-kg',
  'partg',
  'gmbh',
  'ug',
  'ag',
  'eg',
  'ev',
  'auslaendisch',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

export type OperatorKind = 'natural-person' | 'partnership' | 'legal-entity';

interface LegalFormInfo {
  label: string;
  kind: OperatorKind;
  /** The register the form is entered in; undefined: none (or, for foreign entities, a foreign one). */
  register?: RegisterType;
}

export const LEGAL_FORM_INFO: Record<LegalForm, LegalFormInfo> = {
  einzelunternehmen: { label: 'Einzelunternehmen (nicht im Handelsregister eingetragen)', kind: 'natural-person' },
  ek: { label: 'Eingetragene Kauffrau / eingetragener Kaufmann (e.K.)', kind: 'natural-person', register: 'HRA' },
  gbr: { label: 'Gesellschaft bürgerlichen Rechts (GbR)', kind: 'partnership' },
  egbr: { label: 'Eingetragene Gesellschaft bürgerlichen Rechts (eGbR)', kind: 'partnership', register: 'GsR' },
  ohg: { label: 'Offene Handelsgesellschaft (OHG)', kind: 'partnership', register: 'HRA' },
  kg: { label: 'Kommanditgesellschaft (KG)', kind: 'partnership', register: 'HRA' },
  'gmbh-co-kg': { label: 'GmbH & Co. KG', kind: 'partnership', register: 'HRA' },
  partg: { label: 'Partnerschaftsgesellschaft (PartG)', kind: 'partnership', register: 'PR' },
  gmbh: { label: 'Gesellschaft mit beschränkter Haftung (GmbH)', kind: 'legal-entity', register: 'HRB' },
  ug: { label: 'Unternehmergesellschaft (haftungsbeschränkt)', kind: 'legal-entity', register: 'HRB' },
  ag: { label: 'Aktiengesellschaft (AG)', kind: 'legal-entity', register: 'HRB' },
  eg: { label: 'Eingetragene Genossenschaft (eG)', kind: 'legal-entity', register: 'GnR' },
  ev: { label: 'Eingetragener Verein (e.V.)', kind: 'legal-entity', register: 'VR' },
  auslaendisch: { label: 'Ausländische Rechtsform (z. B. Ltd.)', kind: 'legal-entity' },
};

export function operatorKind(form: LegalForm): OperatorKind {
  return LEGAL_FORM_INFO[form].kind;
}

/** The register a legal form belongs in, or undefined when it has none in Germany. */
export function registerFor(form: LegalForm): RegisterType | undefined {
  return LEGAL_FORM_INFO[form].register;
}

/** `HRB 12345` — for documents and messages. */
export function formatRegisterEntry(entry: { type: RegisterType; number: string; court: string }): string {
  return `${entry.type} ${entry.number}, Amtsgericht ${entry.court}`;
}

/** Accepts common spellings of the number part (`12345b`, `12345-B`): upper case, one space before a court suffix. */
export function normaliseRegisterNumber(input: string): string {
  const text = input.trim().toUpperCase().replace(/\s+/g, ' ');
  const match = /^(\d+)(?:[ -]?([A-Z]{1,2}))?$/.exec(text);
  if (!match) return text;
  return match[2] ? `${match[1]} ${match[2]}` : match[1]!;
}
