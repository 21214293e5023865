/**
 * A class of tests: XGewerbeordnung 1.6 messages for realistic GewA1/2/3 cases across every legal form, register type,
 * person function, sex, country, reason and cause the forms allow — each message validated against the schema
 * (derived, see functions/services/business/forwarding/xsd/), for every recipient of the matrix.
 */
import { describe, expect, it } from 'vitest';
import {
  CODE_LISTS,
  EINTRAGUNG_ART,
  GESCHLECHT,
  GRUND_ABMELDUNG,
  GRUND_ANMELDUNG,
  GRUND_UMMELDUNG,
  nationSchluessel,
  PERSON_FUNKTION,
  RECHTSFORM,
  registerCourtKey,
  unverifiedCodes,
  URSACHE_ABMELDUNG,
} from '../../../../functions/services/business/forwarding/codelists/index.ts';
import { ISO_3166_NUMERIC } from '../../../../functions/services/business/forwarding/codelists/iso3166.ts';
import { allowedPaths, project, RECIPIENT_IDS, recipientRule } from '../../../../functions/services/business/forwarding/matrix.ts';
import { MATRIX_V1 } from '../../../../functions/services/business/forwarding/matrix.v1.ts';
import { buildGewerbemeldung, type ProjectedForm, type RecordInput } from '../../../../functions/services/business/forwarding/xgewerbeordnung.ts';
import { CHANGE_REASONS, DEREGISTRATION_CAUSES, DEREGISTRATION_REASONS, REGISTRATION_REASONS, type FormKind } from '../../../../functions/services/business/forms.ts';
import { LEGAL_FORM_INFO, LEGAL_FORMS, REGISTER_TYPES, type LegalForm } from '../../../../functions/services/business/register.ts';
import { PERSON_ROLES, SEXES, type Person } from '../../../../functions/services/business/schemas.ts';
import { changeForm, deregistrationForm, maximalChange, maximalDeregistration, maximalRegistration, person, registrationForm } from './fixtures.ts';
import { schemaErrors, schemaErrorsOf } from './support/xsd.ts';
import { allText, parseXml, type ParsedElement } from './support/xml.ts';

const meta = { satzUuid: '5687cf4a-5c7b-43f1-933e-e5a7f69f7967', businessId: '0c9003a6-5b4f-4a99-98ae-b2b915708c1d', caseNumber: 'NE-GEW-2026-000001', ags: '05162024', receivedAt: '2026-03-10T09:00:00.000Z', acceptedAt: '2026-03-10T09:30:00.000Z' };
const author = { ags: '05162024', name: 'Stadt Neuss', email: 'gewerbe@neuss.example', phone: '02131 90-0' };

const ROLE: Record<string, Person['role']> = { 'natural-person': 'holder', partnership: 'managing-partner', 'legal-entity': 'legal-representative' };
// Courts of the list (Bavarian commercial-register keys are missing from the source list: see docs, "Limits").
const COURTS = ['Neuss', 'Düsseldorf', 'Mönchengladbach', 'Amtsgericht Krefeld', 'Charlottenburg (Berlin)', 'Köln'];

/** An operator of `legalForm` as the form accepts it: its register (with a court of the list), its persons. */
function operatorOf(legalForm: LegalForm, index: number) {
  const info = LEGAL_FORM_INFO[legalForm];
  const role = ROLE[info.kind]!;
  return {
    legalForm,
    ...(info.kind === 'natural-person' && !info.register ? {} : { name: `Beispiel ${legalForm} Betrieb` }),
    ...(info.register ? { register: { type: info.register, number: `${1000 + index}`, court: COURTS[index % COURTS.length]! } } : {}),
    persons: [person({ role, sex: SEXES[index % SEXES.length]!, nationalities: ['000', '332'], residence: { street: 'Rue de la Paix', houseNumber: '1', postcode: '75002', city: 'Paris', country: 'FR' } })],
  };
}

type Case = { title: string; kind: FormKind; form: object };

const cases: Case[] = [
  ...LEGAL_FORMS.map((legalForm, index): Case => ({ title: `GewA1 ${legalForm}`, kind: 'GewA1', form: registrationForm({ operator: operatorOf(legalForm, index) as never }) })),
  ...REGISTRATION_REASONS.map((reason): Case => ({ title: `GewA1 reason ${reason}`, kind: 'GewA1', form: registrationForm({ registration: { startDate: '2026-03-01', reason } as never }) })),
  ...PERSON_ROLES.flatMap((role) => SEXES.map((sex): Case => ({ title: `GewA1 ${role} ${sex}`, kind: 'GewA1', form: registrationForm({ operator: { legalForm: 'gbr', persons: [person({ role, sex })] } as never }) }))),
  { title: 'GewA1 maximal', kind: 'GewA1', form: maximalRegistration() },
  { title: 'GewA1 WZ division only', kind: 'GewA1', form: registrationForm({ activity: { description: 'Einzelhandel', wzCode: '47' } }) },
  ...CHANGE_REASONS.map((reason): Case => ({ title: `GewA2 ${reason}`, kind: 'GewA2', form: changeForm({ change: { ...changeForm().change, reasons: [reason] } as never }) })),
  { title: 'GewA2 maximal', kind: 'GewA2', form: maximalChange() },
  ...DEREGISTRATION_REASONS.flatMap((reason) =>
    DEREGISTRATION_CAUSES.map((cause): Case => ({ title: `GewA3 ${reason} ${cause}`, kind: 'GewA3', form: deregistrationForm({ deregistration: { ...deregistrationForm().deregistration, reason, cause } as never }) })),
  ),
  { title: 'GewA3 maximal', kind: 'GewA3', form: maximalDeregistration() },
];

function record(kind: FormKind, form: object, recipientId: string): RecordInput {
  return { kind, data: project(form, allowedPaths(MATRIX_V1, recipientRule(MATRIX_V1, recipientId)!, kind)) as ProjectedForm, meta };
}

function build(recipientId: (typeof RECIPIENT_IDS)[number], records: RecordInput[]): string {
  const reader = recipientId === 'auslaenderbehoerde' ? { prefix: 'azr', id: '000100', name: 'Ausländerbehörde' } : { prefix: 'xga', id: '491000000000', name: 'Empfänger' };
  return buildGewerbemeldung({ recipientId, messageUuid: '00000000-0000-5000-8000-000000000001', createdAt: '2026-03-10T10:00:00.000Z', author, reader, records });
}

function walk(element: ParsedElement, visit: (element: ParsedElement) => void): void {
  visit(element);
  for (const child of element.children) walk(child, visit);
}

describe('XGewerbeordnung 1.6 messages against the schema', () => {
  const recipientsFor = (kind: FormKind) => RECIPIENT_IDS.filter((id) => recipientRule(MATRIX_V1, id)?.forms[kind]);

  it(`every case (${cases.length} GewA1/2/3 notices) is valid for every recipient entitled to it`, async () => {
    const documents: Record<string, string> = {};
    for (const entry of cases) for (const recipientId of recipientsFor(entry.kind)) documents[`${entry.title} → ${recipientId}`] = build(recipientId, [record(entry.kind, entry.form, recipientId)]);
    expect(Object.keys(documents).length).toBeGreaterThan(cases.length * 8);
    const errors = await schemaErrorsOf(documents);
    expect(Object.fromEntries(Object.entries(errors).filter(([, list]) => list.length > 0))).toEqual({});
  }, 60_000);

  it('a statistics month with all three kinds is one valid message', async () => {
    const xml = build('statistik', [record('GewA1', maximalRegistration(), 'statistik'), record('GewA2', maximalChange(), 'statistik'), record('GewA3', maximalDeregistration(), 'statistik')]);
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it('every code element carries a code, a list version and (where the list has one) its URI — never a bare name', () => {
    for (const entry of cases) {
      walk(parseXml(build('finanzamt', [record(entry.kind, entry.form, 'finanzamt')])), (element) => {
        const names = element.children.map((child) => child.name);
        if (!names.includes('code') && !names.includes('name')) return;
        expect(names[0], `${entry.title}: ${element.name}`).toBe('code');
        if (element.name === 'xga:nachrichtentyp' || element.name === 'xga:status') return;
        expect(element.attributes.listVersionID, `${entry.title}: ${element.name}`).toBeTruthy();
        if (element.name !== 'xga:nationSchluessel') expect(element.attributes.listURI, `${entry.title}: ${element.name}`).toMatch(/^urn:/);
      });
    }
  });

  it('nothing outside the standard’s namespace, no berichtszeitraum, a kuenftigesGewerbe in every Abmeldung', () => {
    for (const entry of cases) {
      const root = parseXml(build('statistik', [record(entry.kind, entry.form, 'statistik')]));
      walk(root, (element) => expect(element.name === 'code' || element.name === 'name' || element.name.startsWith('xga:'), element.name).toBe(true));
      expect(allText(root)).not.toContain('berichtszeitraum');
      if (entry.kind === 'GewA3') expect(build('statistik', [record(entry.kind, entry.form, 'statistik')])).toContain('<xga:kuenftigesGewerbe');
    }
  });

  it('the schema refuses each defect class of the 2.2 builder', { timeout: 30_000 }, async () => {
    const valid = build('finanzamt', [record('GewA1', registrationForm({ operator: operatorOf('gmbh', 0) as never }), 'finanzamt')]);
    expect(await schemaErrors(valid)).toEqual([]);
    const broken = {
      'listVersionID missing': valid.replace(/(<xga:gemeindeSchluessel[^>]*) listVersionID="[^"]*"/, '$1'),
      'name without code': valid.replace(/<xga:rechtsformSchluessel([^>]*)>\s*<code>350<\/code>/, '<xga:rechtsformSchluessel$1><name>GmbH</name>'),
      'foreign namespace': valid.replace('</xga:anmeldung>', '<ok:erweiterung xmlns:ok="urn:openkreis:x"/></xga:anmeldung>'),
      berichtszeitraum: valid.replace('</xga:nachrichtenkopf>', '</xga:nachrichtenkopf><xga:berichtszeitraum>2026-02</xga:berichtszeitraum>'),
      'register number without court key': valid.replace(/<xga:gerichtSchluessel[\s\S]*?<\/xga:gerichtSchluessel>/, ''),
      'WZ code with dots': valid.replace(/<xga:taetigkeitSchluessel>\d+</, '<xga:taetigkeitSchluessel>47.91.1<'),
      'old namespace': valid.replace('http://www.xgewerbeordnung.de/spezifikation/xga/1.6', 'http://www.xgewerbeanzeige.de/spezifikation/2.2'),
    };
    for (const [defect, xml] of Object.entries(broken)) expect(xml, defect).not.toBe(valid);
    const errors = await schemaErrorsOf(broken);
    for (const defect of Object.keys(broken)) expect(errors[defect]!.length, defect).toBeGreaterThan(0);
    const abmeldung = build('finanzamt', [record('GewA3', deregistrationForm(), 'finanzamt')]);
    expect((await schemaErrors(abmeldung.replace(/<xga:kuenftigesGewerbe\/>|<xga:kuenftigesGewerbe>[\s\S]*?<\/xga:kuenftigesGewerbe>/, ''))).length).toBeGreaterThan(0);
  });
});

describe('the code-list mapping', () => {
  it('has a code of the right shape for every value the forms allow', () => {
    const tables: Array<[Record<string, { code: string }>, readonly string[], keyof typeof CODE_LISTS]> = [
      [RECHTSFORM, LEGAL_FORMS.filter((form) => form !== 'auslaendisch'), 'rechtsformen'],
      [EINTRAGUNG_ART, REGISTER_TYPES, 'artDerEintragung'],
      [PERSON_FUNKTION, PERSON_ROLES, 'funktionEinerPerson'],
      [GESCHLECHT, SEXES, 'geschlecht'],
      [GRUND_ANMELDUNG, REGISTRATION_REASONS, 'grundAnmeldung'],
      [GRUND_UMMELDUNG, CHANGE_REASONS, 'grundUmmeldung'],
      [GRUND_ABMELDUNG, DEREGISTRATION_REASONS, 'grundAbmeldung'],
      [URSACHE_ABMELDUNG, DEREGISTRATION_CAUSES, 'ursacheAbmeldung'],
    ];
    for (const [table, values, list] of tables) {
      expect(Object.keys(table).sort()).toEqual([...values].sort());
      for (const value of values) expect(table[value]!.code, `${list} ${value}`).toMatch(CODE_LISTS[list].pattern);
      const codes = values.map((value) => table[value]!.code);
      // One code per value, except the registered GbR, which is a GbR (270) entered in the Gesellschaftsregister.
      expect(new Set(codes).size, list).toBe(list === 'rechtsformen' ? codes.length - 1 : codes.length);
    }
  });

  it('uses the codes KoSIT’s samples show: 180, 170, 350; A, B; holder 1, representative 3; Neuerrichtung 01', () => {
    expect([RECHTSFORM.einzelunternehmen.code, RECHTSFORM.ek.code, RECHTSFORM.gmbh.code]).toEqual(['180', '170', '350']);
    expect([EINTRAGUNG_ART.HRA.code, EINTRAGUNG_ART.HRB.code]).toEqual(['A', 'B']);
    expect([PERSON_FUNKTION.holder.code, PERSON_FUNKTION['legal-representative'].code]).toEqual(['1', '3']);
    expect(GRUND_ANMELDUNG.new.code).toBe('01');
  });

  it('lists every value no public source shows, so none is added silently', () => {
    expect(unverifiedCodes().map((entry) => `${entry.table}.${entry.value}`)).toEqual([
      'NIEDERLASSUNG_ART.branch',
      'NIEDERLASSUNG_ART.dependent-branch',
      'PERSON_FUNKTION.managing-partner',
      'GESCHLECHT.female',
      'GESCHLECHT.diverse',
      'GESCHLECHT.unspecified',
      'GRUND_ANMELDUNG.relocation-from-elsewhere',
      'GRUND_ANMELDUNG.takeover',
      'GRUND_ANMELDUNG.change-of-legal-form',
      'GRUND_ANMELDUNG.partner-joining',
      'GRUND_UMMELDUNG.relocation',
      'GRUND_UMMELDUNG.activity-extension',
      'GRUND_UMMELDUNG.activity-reduction',
      'GRUND_ABMELDUNG.complete-cessation',
      'GRUND_ABMELDUNG.relocation-elsewhere',
      'GRUND_ABMELDUNG.change-of-legal-form',
      'GRUND_ABMELDUNG.handover',
      'URSACHE_ABMELDUNG.economic-difficulties',
      'URSACHE_ABMELDUNG.insolvency',
      'URSACHE_ABMELDUNG.retirement',
    ]);
  });

  it('maps every ISO 3166 country to its numeric key (276 for Germany), and knows no invented code', () => {
    expect(Object.keys(ISO_3166_NUMERIC)).toHaveLength(249);
    expect(nationSchluessel('DE')?.code).toBe('276');
    expect(nationSchluessel('CL')?.code).toBe('152');
    for (const [alpha2, numeric] of Object.entries(ISO_3166_NUMERIC)) {
      expect(alpha2).toMatch(/^[A-Z]{2}$/);
      expect(numeric).toMatch(/^\d{3}$/);
    }
    expect(nationSchluessel('XX')).toBeUndefined();
  });

  it('finds the court key of a register court by its name, spelled as people write it', () => {
    expect(registerCourtKey('Neuss', 'HRB')?.code).toBe('R1102');
    expect(registerCourtKey('Amtsgericht Mönchengladbach', 'HRA')?.code).toBe('R1504');
    expect(registerCourtKey('Cottbus', 'HRA')?.code).toBe('G1103');
    expect(registerCourtKey('Atlantis', 'HRB')).toBeUndefined();
  });
});
