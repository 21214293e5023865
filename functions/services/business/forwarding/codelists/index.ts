/**
 * The code lists an XGewerbeordnung 1.6 message uses, and the mapping of our form values onto their codes. DATA with
 * provenance, pure functions; the builder (`../xgewerbeordnung.ts`) writes every code element through `codeOf`, so
 * each carries `<code>` (never a bare `<name>`), its `listURI` and its `listVersionID`.
 *
 * Sources — XRepository (where the 1.6 code lists live) is not reachable from this project, so every entry says where
 * its code comes from:
 * - `sample`: KoSIT's official test messages (github.com/itplr-kosit/validator-configuration-xgewerbeanzeige,
 *   `beispiele/xgwa2.1-valid.xml`, `xgwa2.1-invalid-xsd.xml`, `xgwa2.2-valid.xml`), which carry the list URI,
 *   the list version and the code of every code element they use;
 * - `public-list`: a published code list of the same keys (FIM `urn:de:fim:codeliste:rechtsformen-gaengig`
 *   2021-06-18, whose codes 170/180/350/590 are the ones the KoSIT samples use; XUnternehmen
 *   `artdereintragung_2`; ISO 3166-1 numeric; the register courts' keys, see `registergerichte.ts`);
 * - `unverified`: the value follows the numbering of the attested codes but no public source shows it. These are
 *   listed in docs/xgewerbeordnung.md ("Code values to verify") and must be checked against XRepository before
 *   production; the tests enumerate them so none is added silently.
 * List versions are the ones of the samples (the newest public evidence); XGewerbeordnung 1.6 may pin newer ones.
 */
import type { DEREGISTRATION_CAUSES, DEREGISTRATION_REASONS, CHANGE_REASONS, REGISTRATION_REASONS } from '../../forms.ts';
import type { LegalForm, RegisterType } from '../../register.ts';
import type { PersonRole, SEXES } from '../../schemas.ts';
import { ISO_3166_NUMERIC } from './iso3166.ts';
import { REGISTER_COURTS } from './registergerichte.ts';

export type Provenance = 'sample' | 'public-list' | 'unverified';

export interface CodeList {
  /** `listURI` — the code list's URN; absent where the samples write only the version (`nationSchluessel`). */
  uri?: string;
  /** `listVersionID` — the version the message refers to. */
  version: string;
  /** Pattern of its codes (the derived schema restricts the `code` element of the list's elements to it). */
  pattern: RegExp;
}

export const CODE_LISTS = {
  dvdvPraefix: { uri: 'urn:xoev-de:bund:bmi:bit:codeliste:dvdv.praefix', version: '7', pattern: /^[A-Za-z]{2,10}$/ },
  ags: { uri: 'urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags', version: '2019-05-31', pattern: /^\d{8}$/ },
  /** The reader code list of the samples (the draft's `…:codeliste:empfangsstellen` is attested nowhere). */
  kommunikationspartner: { uri: 'urn:xoev-de:xgewerbeanzeige:codeliste:weiterekommunikationspartner', version: '2018-10-11', pattern: /^[A-Za-z0-9-]{1,20}$/ },
  /** Ausländerbehörden are identified by their key in the XAusländer list (KoSIT 2.2 sample, prefix `azr`). */
  abhKennung: { uri: 'urn:de:xauslaender:codelist:abhkennung', version: '14', pattern: /^\d{6}$/ },
  janein: { uri: 'urn:xoev-de:xgewerbeanzeige:codeliste:janein', version: '1', pattern: /^[01]$/ },
  erreichbarkeit: { uri: 'urn:de:xoev:codeliste:erreichbarkeit', version: '3', pattern: /^\d{2}$/ },
  rechtsformen: { uri: 'urn:xoev-de:xgewerbeanzeige:codeliste:rechtsformen', version: '5', pattern: /^\d{3}$/ },
  artDerEintragung: { uri: 'urn:xoev-de:xgewerbeanzeige:codeliste:artdereintragung', version: '2', pattern: /^[A-Z][A-Za-z]{0,3}$/ },
  registergerichte: { uri: 'urn:xoev-de:xgewerbeanzeige:codeliste:registergerichte', version: '7', pattern: /^[A-Z]\d{4}V?$/ },
  artDerNiederlassung: { uri: 'urn:xoev-de:xgewerbeanzeige:codeliste:artderniederlassung', version: '1', pattern: /^\d$/ },
  funktionEinerPerson: { uri: 'urn:xoev-de:xgewerbeanzeige:codeliste:funktioneinerperson', version: '1', pattern: /^\d$/ },
  geschlecht: { uri: 'urn:xoev-de:xgewerbeanzeige:codeliste:geschlecht', version: '3', pattern: /^\d$/ },
  staatsangehoerigkeit: { uri: 'urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:staatsangehoerigkeit', version: '2019-04-01', pattern: /^\d{3}$/ },
  /** `nationSchluessel`: ISO 3166-1 numeric (276 = Germany); the 2.2 sample writes listVersionID 2 and no URI. */
  staat: { version: '2', pattern: /^\d{3}$/ },
  grundAnmeldung: { uri: 'urn:xoev-de:xgewerbeanzeige:codeliste:grundfueranmeldung', version: '2', pattern: /^\d{2}$/ },
  grundUmmeldung: { uri: 'urn:xoev-de:xgewerbeanzeige:codeliste:grundfuerummeldung', version: '2', pattern: /^\d{2}$/ },
  grundAbmeldung: { uri: 'urn:xoev-de:xgewerbeanzeige:codeliste:grundfuerabmeldung', version: '2', pattern: /^\d{2}$/ },
  ursacheAbmeldung: { uri: 'urn:xoev-de:xgewerbeanzeige:codeliste:ursachefuerabmeldung', version: '2', pattern: /^\d{2}$/ },
} as const satisfies Record<string, CodeList>;
export type CodeListId = keyof typeof CODE_LISTS;

interface Entry {
  code: string;
  provenance: Provenance;
}
const sample = (code: string): Entry => ({ code, provenance: 'sample' });
const listed = (code: string): Entry => ({ code, provenance: 'public-list' });
const unverified = (code: string): Entry => ({ code, provenance: 'unverified' });

/** Legal forms (FIM rechtsformen-gängig = the XGewerbeanzeige keys; samples: 170, 180, 350). */
export const RECHTSFORM: Record<Exclude<LegalForm, 'auslaendisch'>, Entry> = {
  einzelunternehmen: sample('180'),
  ek: sample('170'),
  gbr: listed('270'),
  // The registered GbR (§ 707 BGB, since 2024) is a GbR entered in the Gesellschaftsregister: legal form 270,
  // the entry itself is `eintragungArt` GesR.
  egbr: listed('270'),
  ohg: listed('210'),
  kg: listed('220'),
  'gmbh-co-kg': listed('230'),
  partg: listed('293'),
  gmbh: sample('350'),
  ug: listed('351'),
  ag: listed('310'),
  eg: listed('400'),
  ev: listed('590'),
};

/** Register types (samples: A, B; XUnternehmen artdereintragung_2: G, P, V, GesR). */
export const EINTRAGUNG_ART: Record<RegisterType, Entry> = {
  HRA: sample('A'),
  HRB: sample('B'),
  GnR: listed('G'),
  PR: listed('P'),
  VR: listed('V'),
  GsR: listed('GesR'),
};

export const NIEDERLASSUNG_ART: Record<'main' | 'branch' | 'dependent-branch', Entry> = {
  main: sample('1'),
  branch: unverified('2'),
  'dependent-branch': unverified('3'),
};

export const PERSON_FUNKTION: Record<PersonRole, Entry> = {
  holder: sample('1'),
  'managing-partner': unverified('2'),
  'legal-representative': sample('3'),
};

export const GESCHLECHT: Record<(typeof SEXES)[number], Entry> = {
  male: sample('1'),
  female: unverified('2'),
  diverse: unverified('3'),
  unspecified: unverified('4'),
};

export const GRUND_ANMELDUNG: Record<(typeof REGISTRATION_REASONS)[number], Entry> = {
  new: sample('01'),
  'relocation-from-elsewhere': unverified('02'),
  takeover: unverified('03'),
  'change-of-legal-form': unverified('04'),
  'partner-joining': unverified('05'),
};

export const GRUND_UMMELDUNG: Record<(typeof CHANGE_REASONS)[number], Entry> = {
  relocation: unverified('01'),
  'activity-change': sample('02'),
  'activity-extension': unverified('03'),
  'activity-reduction': unverified('04'),
};

export const GRUND_ABMELDUNG: Record<(typeof DEREGISTRATION_REASONS)[number], Entry> = {
  'complete-cessation': unverified('01'),
  'relocation-elsewhere': unverified('02'),
  'change-of-legal-form': unverified('03'),
  'partner-leaving': sample('04'),
  handover: unverified('05'),
};

export const URSACHE_ABMELDUNG: Record<(typeof DEREGISTRATION_CAUSES)[number], Entry> = {
  'economic-difficulties': unverified('11'),
  insolvency: unverified('12'),
  retirement: unverified('13'),
  other: sample('17'),
};

/** `erreichbarkeit/kanal`: 01 e-mail, 02 phone, 09 web (all three in the samples). */
export const KANAL = { email: sample('01'), phone: sample('02'), web: sample('09') } as const;

/** A code element's content: the code and the list it comes from. */
export interface CodeValue {
  list: CodeListId;
  code: string;
}

export function codeOf(list: CodeListId, entry: Entry | string): CodeValue {
  return { list, code: typeof entry === 'string' ? entry : entry.code };
}

export function janein(value: boolean): CodeValue {
  return codeOf('janein', value ? '1' : '0');
}

/** `nationSchluessel` of an ISO 3166-1 alpha-2 country code, or undefined for a code ISO does not assign. */
export function nationSchluessel(alpha2: string): CodeValue | undefined {
  const numeric = ISO_3166_NUMERIC[alpha2];
  return numeric ? codeOf('staat', numeric) : undefined;
}

/** Court names compare without case, umlauts folded (`Mönchengladbach` = `Moenchengladbach`), `Amtsgericht` dropped. */
function courtKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/^(amtsgericht|ag)\s+/, '')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z]/g, '');
}

const COURTS = new Map<string, string[]>();
for (const [code, court] of REGISTER_COURTS) COURTS.set(courtKey(court), [...(COURTS.get(courtKey(court)) ?? []), code]);

/**
 * The `gerichtSchluessel` of the register court named in the form, or undefined when the name is not in the list.
 * Bavarian keys with the suffix `V` are those of the association registers: they apply to `VR` only.
 */
export function registerCourtKey(court: string, type: RegisterType): CodeValue | undefined {
  const codes = COURTS.get(courtKey(court)) ?? [];
  const code = codes.find((candidate) => candidate.endsWith('V') === (type === 'VR')) ?? codes.find((candidate) => !candidate.endsWith('V'));
  return code ? codeOf('registergerichte', code) : undefined;
}

/** Every mapped value whose code no public source shows — the list docs/xgewerbeordnung.md asks to verify. */
export function unverifiedCodes(): Array<{ table: string; value: string; code: string }> {
  const tables = { RECHTSFORM, EINTRAGUNG_ART, NIEDERLASSUNG_ART, PERSON_FUNKTION, GESCHLECHT, GRUND_ANMELDUNG, GRUND_UMMELDUNG, GRUND_ABMELDUNG, URSACHE_ABMELDUNG };
  return Object.entries(tables).flatMap(([table, entries]) =>
    Object.entries(entries as Record<string, Entry>)
      .filter(([, entry]) => entry.provenance === 'unverified')
      .map(([value, entry]) => ({ table, value, code: entry.code })),
  );
}
