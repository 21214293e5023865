/**
 * Builds XGewerbeordnung 1.6 messages (namespace `http://www.xgewerbeordnung.de/spezifikation/xga/1.6`, in force
 * since 1 May 2026; it replaced XGewerbeanzeige 2.2, which no recipient accepts any more) from the part of a notice a
 * recipient may receive. The input is already projected by the forwarding matrix: this module can only write what it
 * is given, so a field a recipient is not entitled to cannot end up in its message.
 *
 * Structure and element order follow KoSIT's test messages (github.com/itplr-kosit/validator-configuration-
 * xgewerbeanzeige, `beispiele/`), whose record structure XGewerbeordnung carries on under its new namespace. Every
 * code element is written through the code lists of `codelists/` — `<code>` plus `listURI` and `listVersionID` —
 * never as a bare `<name>`. Nothing outside the standard's namespace is written: form data the standard has no element
 * for stays with the municipality. The official 1.6 XSD was not obtainable (docs/xgewerbeordnung.md says where we
 * looked); the tests validate every message against the schema derived from the documented structure
 * (`xsd/xgewerbeordnung-xga-1.6.derived.xsd`).
 */
import type { FormKind, BusinessChangeForm, BusinessDeregistrationForm, BusinessRegistrationForm } from '../forms.ts';
import type { Address } from '../schemas.ts';
import { wzSchluessel } from '../wz.ts';
import {
  CODE_LISTS,
  codeOf,
  EINTRAGUNG_ART,
  GESCHLECHT,
  GRUND_ABMELDUNG,
  GRUND_ANMELDUNG,
  GRUND_UMMELDUNG,
  janein,
  KANAL,
  nationSchluessel,
  NIEDERLASSUNG_ART,
  PERSON_FUNKTION,
  RECHTSFORM,
  registerCourtKey,
  URSACHE_ABMELDUNG,
  type CodeValue,
} from './codelists/index.ts';
import type { RecipientId } from './matrix.ts';
import { el, group, opt, serialize, type XmlElement } from './xml.ts';

export const XGO_NAMESPACE = 'http://www.xgewerbeordnung.de/spezifikation/xga/1.6';
export const XGO_STANDARD = 'XGewerbeordnung';
export const XGO_VERSION = '1.6';

/**
 * Message type per recipient: root element `xga:<prefix>.gewerbemeldung.<code>`. Only types the KoSIT samples show
 * with their recipient are used (statistics 0100, DGUV 0230, food control 0290, Ausländerbehörde 0500); every other
 * recipient gets the general message `alg.gewerbemeldung.0300`, which the samples address to a further communication
 * partner. The specification defines own types for IHK, HWK, Eichbehörde, Registergericht (its chapters II.2–II.7);
 * their codes were not available and are deliberately not invented.
 */
export const MESSAGE_TYPES: Record<RecipientId, { prefix: string; code: string }> = {
  statistik: { prefix: 'sta', code: '0100' },
  dguv: { prefix: 'dgu', code: '0230' },
  lebensmittelueberwachung: { prefix: 'lue', code: '0290' },
  auslaenderbehoerde: { prefix: 'abh', code: '0500' },
  eichbehoerde: { prefix: 'alg', code: '0300' },
  ihk: { prefix: 'alg', code: '0300' },
  hwk: { prefix: 'alg', code: '0300' },
  immissionsschutz: { prefix: 'alg', code: '0300' },
  arbeitsschutz: { prefix: 'alg', code: '0300' },
  arbeitsagentur: { prefix: 'alg', code: '0300' },
  registergericht: { prefix: 'alg', code: '0300' },
  finanzamt: { prefix: 'alg', code: '0300' },
  zoll: { prefix: 'alg', code: '0300' },
};

type DeepPartial<T> = T extends readonly (infer U)[] ? DeepPartial<U>[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
/** What a record of any of the three forms may hold after projection. */
export type ProjectedForm = DeepPartial<BusinessRegistrationForm & BusinessChangeForm & BusinessDeregistrationForm>;

export interface AuthorAuthority {
  /** Amtlicher Gemeindeschlüssel of the municipality. */
  ags: string;
  name: string;
  email?: string;
  phone?: string;
}

/** The recipient authority: DVDV prefix (`xga`, or `azr` for an Ausländerbehörde), its key and name. */
export interface ReaderAuthority {
  prefix: string;
  id: string;
  name: string;
}

export interface RecordInput {
  kind: FormKind;
  data: ProjectedForm;
  /** Administrative data of the municipality (not form fields): ids, case number, dates of receipt. */
  meta: {
    satzUuid: string;
    businessId: string;
    caseNumber: string;
    ags: string;
    /** When the notice was received (ISO), and when it was accepted (acknowledged). */
    receivedAt: string;
    acceptedAt: string;
  };
}

export interface MessageInput {
  recipientId: RecipientId;
  messageUuid: string;
  createdAt: string;
  author: AuthorAuthority;
  reader: ReaderAuthority;
  records: readonly RecordInput[];
}

const x = (local: string) => `xga:${local}`;

/** A code element: `<code>` with the list's URI and version — every code element of a message is written here. */
function code(local: string, value: CodeValue): XmlElement {
  const list = CODE_LISTS[value.list];
  return el(x(local), { listURI: 'uri' in list ? list.uri : undefined, listVersionID: list.version }, el('code', {}, value.code));
}

/** Elements whose code the samples write without list attributes (message type, status of a permit). */
function plainCode(local: string, value: string): XmlElement {
  return el(x(local), {}, el('code', {}, value));
}

function janeinElement(local: string, value: boolean | undefined): XmlElement | undefined {
  return value === undefined ? undefined : code(local, janein(value));
}

/** `12a` → von 12a; `12-14` → von 12, bis 14. */
function houseNumbers(value: string | undefined): { von?: string; bis?: string } {
  if (!value) return {};
  const range = /^(\d+\s?[a-zA-Z]?)\s?-\s?(\d+\s?[a-zA-Z]?)$/.exec(value.trim());
  return range ? { von: range[1]!, bis: range[2]! } : { von: value.trim() };
}

function anschrift(address: DeepPartial<Address> | undefined, local = 'anschrift'): XmlElement | undefined {
  if (!address) return undefined;
  const numbers = houseNumbers(address.houseNumber);
  const nation = address.street || address.city || address.postcode ? nationSchluessel(address.country ?? 'DE') : undefined;
  return group(
    x(local),
    {},
    opt(x('strasse'), address.street),
    opt(x('hausNrVon'), numbers.von),
    opt(x('hausNrBis'), numbers.bis),
    opt(x('ort'), address.city),
    opt(x('plz'), address.postcode),
    nation ? code('nationSchluessel', nation) : undefined,
  );
}

function erreichbarkeit(kanal: keyof typeof KANAL, kennung: string | undefined): XmlElement | undefined {
  return kennung ? el(x('erreichbarkeit'), {}, code('kanal', codeOf('erreichbarkeit', KANAL[kanal])), el(x('kennung'), {}, kennung)) : undefined;
}

function behoerde(local: 'autor' | 'leser', kennung: { prefix: CodeValue; id: CodeValue }, name: string, contact: { email?: string | undefined; phone?: string | undefined } = {}): XmlElement {
  return el(
    x(local),
    {},
    el(x('behoerdenkennung'), {}, code('praefix', kennung.prefix), code('kennung', kennung.id)),
    erreichbarkeit('email', contact.email),
    erreichbarkeit('phone', contact.phone),
    el(x('behoerdenname'), {}, name),
  );
}

/** The author authority: the municipality, identified by its AGS under the DVDV prefix `MELDID` (as in the samples). */
function autor(author: AuthorAuthority): XmlElement {
  return behoerde('autor', { prefix: codeOf('dvdvPraefix', 'MELDID'), id: codeOf('ags', author.ags) }, author.name, author);
}

/** The reader: `azr` + Ausländerbehörde key, otherwise `xga` + key of the further communication partners. */
function leser(reader: ReaderAuthority): XmlElement {
  return behoerde('leser', { prefix: codeOf('dvdvPraefix', reader.prefix), id: codeOf(reader.prefix === 'azr' ? 'abhKennung' : 'kommunikationspartner', reader.id) }, reader.name);
}

/** `1965-10-12` → `12101965`, the form of `geburtsdatum` in the samples. */
function birthDate(value: string | undefined): string | undefined {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return match ? `${match[3]}${match[2]}${match[1]}` : undefined;
}

function betrieb(data: ProjectedForm): XmlElement | undefined {
  const operator = data.operator;
  const register = operator?.register;
  const legalForm = operator?.legalForm;
  const court = register?.court && register.type ? registerCourtKey(register.court, register.type) : undefined;
  return group(
    x('betrieb'),
    {},
    el(x('ID'), {}, '1'),
    opt(x('eingetragenerName'), operator?.name),
    opt(x('geschaeftsbezeichnung'), data.business?.tradeName),
    opt(x('eintragungNr'), register?.number),
    opt(x('eintragungOrt'), register?.court),
    register?.type ? code('eintragungArt', codeOf('artDerEintragung', EINTRAGUNG_ART[register.type])) : undefined,
    court ? code('gerichtSchluessel', court) : undefined,
    // A foreign legal form has no key in the list (docs: "Code values to verify"); its name is in eingetragenerName.
    legalForm && legalForm !== 'auslaendisch' ? code('rechtsformSchluessel', codeOf('rechtsformen', RECHTSFORM[legalForm])) : undefined,
  );
}

function beteiligtePerson(person: NonNullable<NonNullable<ProjectedForm['operator']>['persons']>[number]): XmlElement | undefined {
  if (!person) return undefined;
  const permit = person.residencePermit;
  return group(
    x('beteiligtePerson'),
    {},
    person.role ? code('personFunktion', codeOf('funktionEinerPerson', PERSON_FUNKTION[person.role])) : undefined,
    opt(x('doktorgrad'), person.doctoralDegree),
    opt(x('familienname'), person.familyName),
    opt(x('vorname'), person.givenNames),
    person.sex ? code('geschlecht', codeOf('geschlecht', GESCHLECHT[person.sex])) : undefined,
    opt(x('geburtsname'), person.birthName),
    opt(x('geburtsdatum'), birthDate(person.birthDate)),
    opt(x('geburtsort'), person.birthPlace),
    opt(x('geburtsland'), person.birthCountry),
    group(x('staatangehoerigkeiten'), {}, ...(person.nationalities ?? []).map((key) => (key ? code('staatsangehoerigkeitSchluessel', codeOf('staatsangehoerigkeit', key)) : undefined))),
    anschrift(person.residence),
    erreichbarkeit('phone', person.phone),
    erreichbarkeit('email', person.email),
    permit && (permit.issuedOn || permit.issuedBy)
      ? el(x('aufenthaltstitel'), {}, plainCode('status', '1'), opt(x('ausgestelltAm'), permit.issuedOn), opt(x('ausgestelltVonName'), permit.issuedBy))
      : undefined,
  );
}

function gewerbe(data: ProjectedForm): XmlElement | undefined {
  const business = data.business;
  const sectors = business?.sectors;
  const craftsCard = data.permits?.craftsCard;
  return group(
    x('gewerbe'),
    {},
    betrieb(data),
    opt(x('anzahlVollzeitBeschaeftigte'), data.employees?.fullTime),
    opt(x('anzahlTeilzeitBeschaeftigte'), data.employees?.partTime),
    sectors
      ? el(
          x('betriebArt'),
          {},
          janeinElement('industrie', sectors.industry),
          janeinElement('handwerk', sectors.crafts),
          janeinElement('handel', sectors.trade),
          janeinElement('sonstiges', sectors.other),
        )
      : undefined,
    business?.establishment ? code('niederlassungArt', codeOf('artDerNiederlassung', NIEDERLASSUNG_ART[business.establishment])) : undefined,
    janeinElement('istReisegewerbe', business?.itinerant),
    business?.occupation ? janeinElement('istNebenerwerb', business.occupation === 'secondary') : undefined,
    craftsCard ? el(x('handwerkskarte'), {}, plainCode('status', '1'), opt(x('ausgestelltAm'), craftsCard.issuedOn), opt(x('ausgestelltVonName'), craftsCard.issuedBy)) : undefined,
    anschrift(business?.premises),
    erreichbarkeit('phone', business?.contact?.phone),
    erreichbarkeit('email', business?.contact?.email),
    erreichbarkeit('web', business?.contact?.website),
    business?.headOffice ? group(x('hauptniederlassung'), {}, anschrift(business.headOffice)) : undefined,
    ...(data.operator?.persons ?? []).map((person) => (person ? beteiligtePerson(person) : undefined)),
  );
}

function taetigkeiten(activity: ProjectedForm['activity']): XmlElement | undefined {
  if (!activity) return undefined;
  const further = (activity.furtherActivities ?? []).filter((item): item is NonNullable<typeof item> => item !== undefined);
  return group(
    x('taetigkeitenGesamt'),
    {},
    group(x('schwerpunkt'), {}, opt(x('taetigkeitSchwerpunkt'), activity.description), opt(x('taetigkeitSchluessel'), activity.wzCode ? wzSchluessel(activity.wzCode) : undefined)),
    further.length > 0
      ? el(
          x('weitereTaetigkeiten'),
          {},
          opt(x('taetigkeitenZusammengefasst'), further.map((item) => item.description).filter(Boolean).join('|')),
          ...further.map((item) =>
            group(x('taetigkeit'), {}, opt(x('taetigkeitEinzeln'), item.description), opt(x('taetigkeitSchluessel'), item.wzCode ? wzSchluessel(item.wzCode) : undefined)),
          ),
        )
      : undefined,
  );
}

const SATZ_ELEMENT: Record<FormKind, string> = { GewA1: 'anmeldung', GewA2: 'ummeldung', GewA3: 'abmeldung' };

function eventDate(kind: FormKind, data: ProjectedForm): string | undefined {
  if (kind === 'GewA1') return data.registration?.startDate;
  if (kind === 'GewA2') return data.change?.changeDate;
  return data.deregistration?.endDate;
}

function reasons(kind: FormKind, data: ProjectedForm): Array<XmlElement | undefined> {
  if (kind === 'GewA1') {
    const reason = data.registration?.reason;
    return [reason ? code('grundAnmeldungSchluessel', codeOf('grundAnmeldung', GRUND_ANMELDUNG[reason])) : undefined];
  }
  if (kind === 'GewA2') {
    const list = (data.change?.reasons ?? []).filter((reason): reason is NonNullable<typeof reason> => reason !== undefined);
    return [group(x('gruendeUmmeldung'), {}, ...list.map((reason) => code('grundUmmeldungSchluessel', codeOf('grundUmmeldung', GRUND_UMMELDUNG[reason]))))];
  }
  const deregistration = data.deregistration;
  const successor = deregistration?.successor;
  return [
    // Required in every Abmeldung (empty in KoSIT's sample when nobody continues the business).
    el(x('kuenftigesGewerbe'), {}, opt(x('nameFirmaGewerbetreibender'), successor?.name), anschrift(successor?.address)),
    deregistration?.reason ? code('grundAbmeldungSchluessel', codeOf('grundAbmeldung', GRUND_ABMELDUNG[deregistration.reason])) : undefined,
    deregistration?.cause ? code('ursacheAbmeldungSchluessel', codeOf('ursacheAbmeldung', URSACHE_ABMELDUNG[deregistration.cause])) : undefined,
  ];
}

function satz(record: RecordInput, author: AuthorAuthority): XmlElement {
  const { kind, data, meta } = record;
  return el(
    x('satz'),
    {},
    el(
      x(SATZ_ELEMENT[kind]),
      {},
      el(x('satzErstellung'), {}, meta.acceptedAt),
      el(x('ereigniszeitpunkt'), {}, meta.receivedAt),
      autor(author),
      code('istKorrektur', janein(false)),
      code('gemeindeSchluessel', codeOf('ags', meta.ags)),
      el(x('gemeindeMeldungNr'), {}, meta.caseNumber),
      el(x('gewerbebetriebID'), {}, meta.businessId),
      el(x('uuid'), {}, meta.satzUuid),
      gewerbe(data),
      opt(x('gueltigAb'), eventDate(kind, data)),
      el(x('datumMeldung'), {}, meta.receivedAt.slice(0, 10)),
      taetigkeiten(data.activity),
      ...reasons(kind, data),
    ),
  );
}

/**
 * Form data the standard has no element for (as far as its documented structure shows): it stays with the
 * municipality instead of travelling in a foreign-namespace block the schema does not allow.
 */
export const UNWRITTEN_PATHS = [
  'operator.inFormation',
  'operator.persons[].residencePermit.selfEmploymentAllowed',
  'business.manager',
  'business.vendingMachines',
  'permits.permit',
  'registration.previousOperator',
  'registration.previousPremises',
  'change.previousPremises',
  'change.previousActivity',
  'change.registeredSince',
  'deregistration.newPremises',
  'deregistration.businessStartedOn',
] as const;

export function rootElementName(recipientId: RecipientId): string {
  const type = MESSAGE_TYPES[recipientId];
  return x(`${type.prefix}.gewerbemeldung.${type.code}`);
}

/** One message: the header (author, reader, message id and type) and one `satz` per notice (a statistics batch has many). */
export function buildGewerbemeldung(input: MessageInput): string {
  if (input.records.length === 0) throw new Error('A message needs at least one record');
  const type = MESSAGE_TYPES[input.recipientId];
  const root = el(
    rootElementName(input.recipientId),
    { 'xmlns:xga': XGO_NAMESPACE, produkt: 'OpenKreis', produkthersteller: 'OpenKreis', produktversion: '0.1.0', standard: XGO_STANDARD, version: XGO_VERSION },
    el(
      x('nachrichtenkopf'),
      {},
      el(x('identifikation.nachricht'), {}, el(x('nachrichtenUUID'), {}, input.messageUuid), plainCode('nachrichtentyp', type.code), el(x('erstellungszeitpunkt'), {}, input.createdAt)),
      leser(input.reader),
      autor(input.author),
    ),
    ...input.records.map((record) => satz(record, input.author)),
  );
  return serialize(root);
}
