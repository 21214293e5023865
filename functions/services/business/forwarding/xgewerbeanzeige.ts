/**
 * Builds XGewerbeanzeige 2.2 messages (namespace `http://www.xgewerbeanzeige.de/spezifikation/2.2`) from the part of
 * a notice a recipient may receive. The input is already projected by the forwarding matrix: this module can only
 * write what it is given, so a field a recipient is not entitled to cannot end up in its message.
 *
 * Structure and element order follow the KoSIT test messages of the XGewerbeanzeige validator configuration
 * (github.com/itplr-kosit/validator-configuration-xgewerbeanzeige, `beispiele/xgwa2.2-valid.xml` and the 2.0/2.1
 * samples); docs/xgewerbeanzeige.md documents every element we write. Code values are written only where the samples
 * show their meaning; otherwise a code element carries the German label as `<name>` without a `<code>`. Data of the
 * forms without a known element of the standard goes to an OpenKreis extension block (namespace below) at the end of
 * the record.
 */
import type { FormKind, BusinessChangeForm, BusinessDeregistrationForm, BusinessRegistrationForm } from '../forms.ts';
import {
  CHANGE_REASON_LABELS,
  DEREGISTRATION_CAUSE_LABELS,
  DEREGISTRATION_REASON_LABELS,
  REGISTRATION_REASON_LABELS,
} from '../forms.ts';
import { LEGAL_FORM_INFO, type LegalForm, type RegisterType } from '../register.ts';
import { ESTABLISHMENT_LABELS, PERSON_ROLE_LABELS, type Address } from '../schemas.ts';
import { taetigkeitSchluessel } from '../wz.ts';
import type { RecipientId } from './matrix.ts';
import { el, group, opt, serialize, type XmlElement } from './xml.ts';

export const XGA_NAMESPACE = 'http://www.xgewerbeanzeige.de/spezifikation/2.2';
export const XGA_VERSION = '2.2';
/** Elements for form data the standard has no (known) element for. */
export const OPENKREIS_NAMESPACE = 'urn:openkreis:xgewerbeanzeige:erweiterung:1';

/**
 * Message type per recipient: root element `xga:<prefix>.gewerbemeldung.<code>`. `sample`: the type occurs in the
 * KoSIT test messages with an evident recipient; `assumed`: the type occurs there but its assignment is ours.
 */
export const MESSAGE_TYPES: Record<RecipientId, { prefix: string; code: string; provenance: 'sample' | 'assumed' }> = {
  statistik: { prefix: 'sta', code: '0100', provenance: 'sample' },
  eichbehoerde: { prefix: 'ea', code: '0220', provenance: 'assumed' },
  dguv: { prefix: 'dgu', code: '0230', provenance: 'sample' },
  lebensmittelueberwachung: { prefix: 'lue', code: '0290', provenance: 'sample' },
  ihk: { prefix: 'alg', code: '0300', provenance: 'assumed' },
  hwk: { prefix: 'alg', code: '0300', provenance: 'assumed' },
  immissionsschutz: { prefix: 'alg', code: '0300', provenance: 'assumed' },
  arbeitsschutz: { prefix: 'alg', code: '0300', provenance: 'assumed' },
  arbeitsagentur: { prefix: 'alg', code: '0300', provenance: 'assumed' },
  registergericht: { prefix: 'alg', code: '0300', provenance: 'assumed' },
  finanzamt: { prefix: 'alg', code: '0300', provenance: 'assumed' },
  zoll: { prefix: 'alg', code: '0300', provenance: 'assumed' },
};

/** Codes seen in the KoSIT samples with an evident meaning; everything else is written as a label only. */
const RECHTSFORM_CODES: Partial<Record<LegalForm, string>> = { einzelunternehmen: '180', ek: '170', gmbh: '350', ev: '590' };
const EINTRAGUNG_ART: Partial<Record<RegisterType, string>> = { HRA: 'A', HRB: 'B', VR: 'V' };
const PERSON_FUNCTION: Partial<Record<keyof typeof PERSON_ROLE_LABELS, string>> = { holder: '1', 'legal-representative': '3' };
const SEX: Record<string, { code?: string; label: string }> = {
  male: { code: '1', label: 'männlich' },
  female: { code: '2', label: 'weiblich' },
  diverse: { label: 'divers' },
  unspecified: { label: 'ohne Angabe' },
};
const NIEDERLASSUNG_ART: Record<string, string> = { main: '1', branch: '2', 'dependent-branch': '3' };
const GRUND_ANMELDUNG: Partial<Record<string, string>> = { new: '01' };
/** ISO 3166-1 numeric codes (as `nationSchluessel` 276 for Germany in the samples). */
const NATION: Record<string, string> = {
  DE: '276', AT: '040', BE: '056', CH: '756', CZ: '203', DK: '208', ES: '724', FR: '250', GB: '826', IT: '380', LU: '442', NL: '528', PL: '616', TR: '792', US: '840',
};
const KANAL = { email: '01', phone: '02', web: '09' } as const;

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

export interface ReaderAuthority {
  prefix: string;
  id: string;
  listUri: string;
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
  /** `YYYY-MM` of a monthly statistics batch. */
  period?: string;
  records: readonly RecordInput[];
}

const x = (local: string) => `xga:${local}`;
const ok = (local: string) => `ok:${local}`;

/** A code element: `<code>` when the value is known, `<name>` with the German label for people. */
function code(local: string, value: string | undefined, label?: string, attributes: Record<string, string> = {}): XmlElement {
  return el(x(local), attributes, value !== undefined ? el('code', {}, value) : undefined, label !== undefined ? el('name', {}, label) : undefined);
}

function janein(local: string, value: boolean | undefined): XmlElement | undefined {
  return value === undefined ? undefined : code(local, value ? '1' : '0');
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
  const country = address.country ?? 'DE';
  return group(
    x(local),
    {},
    opt(x('strasse'), address.street),
    opt(x('hausNrVon'), numbers.von),
    opt(x('hausNrBis'), numbers.bis),
    opt(x('ort'), address.city),
    opt(x('plz'), address.postcode),
    address.street || address.city || address.postcode ? code('nationSchluessel', NATION[country], NATION[country] ? undefined : country) : undefined,
  );
}

function erreichbarkeit(kanal: string, kennung: string | undefined): XmlElement | undefined {
  return kennung ? el(x('erreichbarkeit'), {}, el(x('kanal'), {}, el('code', {}, kanal)), el(x('kennung'), {}, kennung)) : undefined;
}

function behoerde(local: 'autor' | 'leser', kennung: { prefix: string; id: string; listUri: string }, name: string, contact: { email?: string | undefined; phone?: string | undefined } = {}): XmlElement {
  return el(
    x(local),
    {},
    el(x('behoerdenkennung'), {}, el(x('praefix'), {}, el('code', {}, kennung.prefix)), el(x('kennung'), { listURI: kennung.listUri }, el('code', {}, kennung.id))),
    erreichbarkeit(KANAL.email, contact.email),
    erreichbarkeit(KANAL.phone, contact.phone),
    el(x('behoerdenname'), {}, name),
  );
}

/** The author authority: the municipality, identified by its AGS (prefix and code list as in the samples). */
function autor(author: AuthorAuthority): XmlElement {
  return behoerde('autor', { prefix: 'MELDID', id: author.ags, listUri: 'urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags' }, author.name, author);
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
  return group(
    x('betrieb'),
    {},
    el(x('ID'), {}, '1'),
    opt(x('eingetragenerName'), operator?.name),
    opt(x('geschaeftsbezeichnung'), data.business?.tradeName),
    opt(x('eintragungNr'), register?.number),
    opt(x('eintragungOrt'), register?.court),
    register?.type ? code('eintragungArt', EINTRAGUNG_ART[register.type], EINTRAGUNG_ART[register.type] ? undefined : register.type) : undefined,
    legalForm ? code('rechtsformSchluessel', RECHTSFORM_CODES[legalForm], LEGAL_FORM_INFO[legalForm].label) : undefined,
  );
}

function beteiligtePerson(person: NonNullable<NonNullable<ProjectedForm['operator']>['persons']>[number]): XmlElement | undefined {
  if (!person) return undefined;
  const sex = person.sex ? SEX[person.sex] : undefined;
  const permit = person.residencePermit;
  return group(
    x('beteiligtePerson'),
    {},
    person.role ? code('personFunktion', PERSON_FUNCTION[person.role], PERSON_ROLE_LABELS[person.role]) : undefined,
    opt(x('doktorgrad'), person.doctoralDegree),
    opt(x('familienname'), person.familyName),
    opt(x('vorname'), person.givenNames),
    sex ? code('geschlecht', sex.code, sex.label) : undefined,
    opt(x('geburtsname'), person.birthName),
    opt(x('geburtsdatum'), birthDate(person.birthDate)),
    opt(x('geburtsort'), person.birthPlace),
    opt(x('geburtsland'), person.birthCountry),
    group(x('staatangehoerigkeiten'), {}, ...(person.nationalities ?? []).map((key) => (key ? code('staatsangehoerigkeitSchluessel', key) : undefined))),
    anschrift(person.residence),
    erreichbarkeit(KANAL.phone, person.phone),
    erreichbarkeit(KANAL.email, person.email),
    permit && (permit.issuedOn || permit.issuedBy)
      ? el(x('aufenthaltstitel'), {}, code('status', '1'), opt(x('ausgestelltAm'), permit.issuedOn), opt(x('ausgestelltVonName'), permit.issuedBy))
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
      ? el(x('betriebArt'), {}, janein('industrie', sectors.industry), janein('handwerk', sectors.crafts), janein('handel', sectors.trade), janein('sonstiges', sectors.other))
      : undefined,
    business?.establishment ? code('niederlassungArt', NIEDERLASSUNG_ART[business.establishment], ESTABLISHMENT_LABELS[business.establishment]) : undefined,
    janein('istReisegewerbe', business?.itinerant),
    business?.occupation ? janein('istNebenerwerb', business.occupation === 'secondary') : undefined,
    craftsCard ? el(x('handwerkskarte'), {}, code('status', '1'), opt(x('ausgestelltAm'), craftsCard.issuedOn), opt(x('ausgestelltVonName'), craftsCard.issuedBy)) : undefined,
    anschrift(business?.premises),
    erreichbarkeit(KANAL.phone, business?.contact?.phone),
    erreichbarkeit(KANAL.email, business?.contact?.email),
    erreichbarkeit(KANAL.web, business?.contact?.website),
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
    group(x('schwerpunkt'), {}, opt(x('taetigkeitSchwerpunkt'), activity.description), opt(x('taetigkeitSchluessel'), activity.wzCode ? taetigkeitSchluessel(activity.wzCode) : undefined)),
    further.length > 0
      ? el(
          x('weitereTaetigkeiten'),
          {},
          opt(x('taetigkeitenZusammengefasst'), further.map((item) => item.description).filter(Boolean).join('|')),
          ...further.map((item) =>
            group(x('taetigkeit'), {}, opt(x('taetigkeitEinzeln'), item.description), opt(x('taetigkeitSchluessel'), item.wzCode ? taetigkeitSchluessel(item.wzCode) : undefined)),
          ),
        )
      : undefined,
  );
}

function yesNo(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : value ? 'ja' : 'nein';
}

/** Data of the forms without a known XGewerbeanzeige element. */
function extension(kind: FormKind, data: ProjectedForm): XmlElement | undefined {
  const legalForm = data.operator?.legalForm;
  return group(
    ok('erweiterung'),
    {},
    legalForm && !RECHTSFORM_CODES[legalForm] ? opt(ok('rechtsform'), legalForm) : undefined,
    opt(ok('inGruendung'), yesNo(data.operator?.inFormation)),
    ...(data.operator?.persons ?? []).map((person, index) =>
      person?.residencePermit?.selfEmploymentAllowed !== undefined
        ? el(ok('aufenthaltstitelAuflage'), { person: String(index + 1) }, el(ok('selbstaendigeTaetigkeitGestattet'), {}, yesNo(person.residencePermit.selfEmploymentAllowed)!))
        : undefined,
    ),
    data.business?.manager ? group(ok('betriebsleiter'), {}, opt(ok('familienname'), data.business.manager.familyName), opt(ok('vorname'), data.business.manager.givenNames)) : undefined,
    opt(ok('automatenaufstellung'), yesNo(data.business?.vendingMachines)),
    data.permits?.permit
      ? group(ok('erlaubnis'), {}, opt(ok('art'), data.permits.permit.kind), opt(ok('erteiltVon'), data.permits.permit.issuedBy), opt(ok('erteiltAm'), data.permits.permit.issuedOn))
      : undefined,
    kind === 'GewA1' && data.registration?.previousOperator ? opt(ok('fruehererGewerbetreibender'), data.registration.previousOperator.name) : undefined,
    kind === 'GewA1' ? anschriftExtension('fruehereBetriebsstaette', data.registration?.previousPremises) : undefined,
    kind === 'GewA2' ? anschriftExtension('bisherigeBetriebsstaette', data.change?.previousPremises) : undefined,
    kind === 'GewA2' && data.change?.previousActivity
      ? group(
          ok('bisherigeTaetigkeit'),
          {},
          opt(ok('beschreibung'), data.change.previousActivity.description),
          opt(ok('taetigkeitSchluessel'), data.change.previousActivity.wzCode ? taetigkeitSchluessel(data.change.previousActivity.wzCode) : undefined),
        )
      : undefined,
    kind === 'GewA2' ? opt(ok('angemeldetSeit'), data.change?.registeredSince) : undefined,
    kind === 'GewA3' ? anschriftExtension('neueBetriebsstaette', data.deregistration?.newPremises) : undefined,
    kind === 'GewA3' ? opt(ok('beginnDerTaetigkeit'), data.deregistration?.businessStartedOn) : undefined,
  );
}

function anschriftExtension(local: string, address: DeepPartial<Address> | undefined): XmlElement | undefined {
  if (!address) return undefined;
  return group(ok(local), {}, opt(ok('strasse'), address.street), opt(ok('hausNr'), address.houseNumber), opt(ok('plz'), address.postcode), opt(ok('ort'), address.city), opt(ok('staat'), address.country));
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
    return [reason ? code('grundAnmeldungSchluessel', GRUND_ANMELDUNG[reason], REGISTRATION_REASON_LABELS[reason]) : undefined];
  }
  if (kind === 'GewA2') {
    const list = (data.change?.reasons ?? []).filter((reason): reason is NonNullable<typeof reason> => reason !== undefined);
    return [group(x('gruendeUmmeldung'), {}, ...list.map((reason) => code('grundUmmeldungSchluessel', undefined, CHANGE_REASON_LABELS[reason])))];
  }
  const deregistration = data.deregistration;
  const successor = deregistration?.successor;
  return [
    successor ? group(x('kuenftigesGewerbe'), {}, opt(x('nameFirmaGewerbetreibender'), successor.name), anschrift(successor.address)) : undefined,
    deregistration?.reason ? code('grundAbmeldungSchluessel', undefined, DEREGISTRATION_REASON_LABELS[deregistration.reason]) : undefined,
    deregistration?.cause ? code('ursacheAbmeldungSchluessel', undefined, DEREGISTRATION_CAUSE_LABELS[deregistration.cause]) : undefined,
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
      code('istKorrektur', '0'),
      code('gemeindeSchluessel', meta.ags, undefined, { listURI: 'urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags' }),
      el(x('gemeindeMeldungNr'), {}, meta.caseNumber),
      el(x('gewerbebetriebID'), {}, meta.businessId),
      el(x('uuid'), {}, meta.satzUuid),
      gewerbe(data),
      opt(x('gueltigAb'), eventDate(kind, data)),
      el(x('datumMeldung'), {}, meta.receivedAt.slice(0, 10)),
      taetigkeiten(data.activity),
      ...reasons(kind, data),
      extension(kind, data),
    ),
  );
}

export function rootElementName(recipientId: RecipientId): string {
  const type = MESSAGE_TYPES[recipientId];
  return x(`${type.prefix}.gewerbemeldung.${type.code}`);
}

/** One message: the header (author, reader, message id and type) and one `satz` per notice. */
export function buildGewerbemeldung(input: MessageInput): string {
  if (input.records.length === 0) throw new Error('A message needs at least one record');
  const type = MESSAGE_TYPES[input.recipientId];
  const root = el(
    rootElementName(input.recipientId),
    {
      'xmlns:xga': XGA_NAMESPACE,
      'xmlns:ok': OPENKREIS_NAMESPACE,
      produkt: 'OpenKreis',
      produkthersteller: 'OpenKreis',
      produktversion: '0.1.0',
      standard: 'XGewerbeanzeige',
      version: XGA_VERSION,
    },
    el(
      x('nachrichtenkopf'),
      {},
      el(
        x('identifikation.nachricht'),
        {},
        el(x('nachrichtenUUID'), {}, input.messageUuid),
        el(x('nachrichtentyp'), {}, el('code', {}, type.code)),
        el(x('erstellungszeitpunkt'), {}, input.createdAt),
      ),
      behoerde('leser', input.reader, input.reader.name),
      autor(input.author),
    ),
    input.period ? el(x('berichtszeitraum'), {}, input.period) : undefined,
    ...input.records.map((record) => satz(record, input.author)),
  );
  return serialize(root);
}
