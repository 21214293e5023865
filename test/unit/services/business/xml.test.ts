import { describe, expect, it } from 'vitest';
import { allowedPaths, project, recipientRule } from '../../../../functions/services/business/forwarding/matrix.ts';
import { MATRIX_V1 } from '../../../../functions/services/business/forwarding/matrix.v1.ts';
import {
  buildGewerbemeldung,
  MESSAGE_TYPES,
  XGO_NAMESPACE,
  type MessageInput,
  type ProjectedForm,
  type RecordInput,
} from '../../../../functions/services/business/forwarding/xgewerbeordnung.ts';
import { el, escapeAttribute, escapeText, serialize } from '../../../../functions/services/business/forwarding/xml.ts';
import type { FormKind } from '../../../../functions/services/business/forms.ts';
import { changeForm, deregistrationForm, maximalChange, maximalDeregistration, maximalRegistration, registrationForm } from './fixtures.ts';
import { allText, at, child, childNames, parseXml, XmlSyntaxError } from './support/xml.ts';

const meta = { satzUuid: '5687cf4a-5c7b-43f1-933e-e5a7f69f7967', businessId: '0c9003a6-5b4f-4a99-98ae-b2b915708c1d', caseNumber: 'NE-GEW-2026-000001', ags: '05162024', receivedAt: '2026-03-10T09:00:00.000Z', acceptedAt: '2026-03-10T09:30:00.000Z' };

function record(kind: FormKind, form: object, recipientId = 'finanzamt'): RecordInput {
  return { kind, data: project(form, allowedPaths(MATRIX_V1, recipientRule(MATRIX_V1, recipientId)!, kind)) as ProjectedForm, meta };
}

function message(overrides: Partial<MessageInput> = {}): MessageInput {
  return {
    recipientId: 'finanzamt',
    messageUuid: '00000000-0000-5000-8000-000000000001',
    createdAt: '2026-03-10T10:00:00.000Z',
    author: { ags: '05162024', name: 'Stadt Neuss', email: 'gewerbe@neuss.example', phone: '02131 90-0' },
    reader: { prefix: 'xga', id: 'DEMO-FA-NE', name: 'Finanzamt Neuss' },
    records: [record('GewA1', maximalRegistration())],
    ...overrides,
  };
}

describe('the XML writer', () => {
  it('escapes text and attributes so input can never become markup', () => {
    expect(escapeText('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(escapeAttribute('say "hi" & \'bye\'\n')).toBe('say &quot;hi&quot; &amp; &apos;bye&apos;&#10;');
    const xml = serialize(el('root', { note: '"><evil attr="x' }, el('child', {}, '</child><injected/>&amp;')));
    const parsed = parseXml(xml);
    expect(parsed.attributes.note).toBe('"><evil attr="x');
    expect(child(parsed, 'child')?.text).toBe('</child><injected/>&amp;');
    expect(parsed.children).toHaveLength(1);
  });

  it('replaces characters XML 1.0 does not allow', () => {
    const xml = serialize(el('root', {}, 'bell\u0007 nul\u0000 tab\tok'));
    expect(parseXml(xml).text).toBe('bell\uFFFD nul\uFFFD tab\tok');
  });

  it('refuses names that are not XML names', () => {
    expect(() => el('bad name', {})).toThrow(TypeError);
    expect(() => el('ok', { '1x': 'y' })).toThrow(TypeError);
  });

  it('is checked by a strict parser that refuses broken documents', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow(XmlSyntaxError);
    expect(() => parseXml('<a>&nbsp;</a>')).toThrow(XmlSyntaxError);
    expect(() => parseXml('<x:a/>')).toThrow(XmlSyntaxError);
    expect(() => parseXml('<a/><b/>')).toThrow(XmlSyntaxError);
    expect(() => parseXml('<a b="1" b="2"/>')).toThrow(XmlSyntaxError);
  });
});

describe('XGewerbeordnung 1.6 messages', () => {
  it('are well-formed, in the 1.6 namespace, with the root element of the recipient’s message type', () => {
    for (const recipientId of ['finanzamt', 'ihk', 'dguv', 'lebensmittelueberwachung', 'eichbehoerde'] as const) {
      const root = parseXml(buildGewerbemeldung(message({ recipientId, records: [record('GewA1', maximalRegistration(), recipientId)] })));
      const type = MESSAGE_TYPES[recipientId];
      expect(root.name).toBe(`xga:${type.prefix}.gewerbemeldung.${type.code}`);
      expect(root.attributes).toEqual(expect.objectContaining({ 'xmlns:xga': XGO_NAMESPACE, standard: 'XGewerbeordnung', version: '1.6' }));
      expect(Object.keys(root.attributes).filter((name) => name.startsWith('xmlns'))).toEqual(['xmlns:xga']);
    }
  });

  it('have the message head: id, type, creation time, reader and author with their authority ids', () => {
    const root = parseXml(buildGewerbemeldung(message()));
    expect(childNames(root)).toEqual(['xga:nachrichtenkopf', 'xga:satz']);
    const head = child(root, 'xga:nachrichtenkopf');
    expect(childNames(head)).toEqual(['xga:identifikation.nachricht', 'xga:leser', 'xga:autor']);
    expect(childNames(child(head, 'xga:identifikation.nachricht'))).toEqual(['xga:nachrichtenUUID', 'xga:nachrichtentyp', 'xga:erstellungszeitpunkt']);
    expect(at(head, ['xga:identifikation.nachricht', 'xga:nachrichtentyp', 'code'])?.text).toBe('0300');
    expect(at(head, ['xga:leser', 'xga:behoerdenkennung', 'xga:praefix', 'code'])?.text).toBe('xga');
    expect(at(head, ['xga:leser', 'xga:behoerdenkennung', 'xga:kennung', 'code'])?.text).toBe('DEMO-FA-NE');
    expect(at(head, ['xga:leser', 'xga:behoerdenname'])?.text).toBe('Finanzamt Neuss');
    expect(at(head, ['xga:autor', 'xga:behoerdenkennung', 'xga:praefix', 'code'])?.text).toBe('MELDID');
    expect(at(head, ['xga:autor', 'xga:behoerdenkennung', 'xga:kennung'])?.attributes.listURI).toBe('urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags');
    expect(at(head, ['xga:autor', 'xga:behoerdenkennung', 'xga:kennung', 'code'])?.text).toBe('05162024');
  });

  it('write the registration record in the documented element order', () => {
    const anmeldung = at(parseXml(buildGewerbemeldung(message())), ['xga:satz', 'xga:anmeldung']);
    expect(childNames(anmeldung)).toEqual([
      'xga:satzErstellung',
      'xga:ereigniszeitpunkt',
      'xga:autor',
      'xga:istKorrektur',
      'xga:gemeindeSchluessel',
      'xga:gemeindeMeldungNr',
      'xga:gewerbebetriebID',
      'xga:uuid',
      'xga:gewerbe',
      'xga:gueltigAb',
      'xga:datumMeldung',
      'xga:taetigkeitenGesamt',
      'xga:grundAnmeldungSchluessel',
    ]);
    const gewerbe = child(anmeldung, 'xga:gewerbe');
    expect(childNames(gewerbe)).toEqual([
      'xga:betrieb',
      'xga:anzahlVollzeitBeschaeftigte',
      'xga:anzahlTeilzeitBeschaeftigte',
      'xga:betriebArt',
      'xga:niederlassungArt',
      'xga:istReisegewerbe',
      'xga:istNebenerwerb',
      'xga:handwerkskarte',
      'xga:anschrift',
      'xga:erreichbarkeit',
      'xga:erreichbarkeit',
      'xga:erreichbarkeit',
      'xga:hauptniederlassung',
      'xga:beteiligtePerson',
      'xga:beteiligtePerson',
    ]);
    expect(childNames(child(gewerbe, 'xga:betrieb'))).toEqual(['xga:ID', 'xga:eingetragenerName', 'xga:geschaeftsbezeichnung', 'xga:eintragungNr', 'xga:eintragungOrt', 'xga:eintragungArt', 'xga:gerichtSchluessel', 'xga:rechtsformSchluessel']);
    expect(at(gewerbe, ['xga:betrieb', 'xga:gerichtSchluessel', 'code'])?.text).toMatch(/^[A-Z]\d{4}$/);
    expect(at(gewerbe, ['xga:betrieb', 'xga:eintragungArt', 'code'])?.text).toBe('B');
    expect(at(gewerbe, ['xga:betrieb', 'xga:rechtsformSchluessel', 'code'])?.text).toBe('350');
    expect(at(gewerbe, ['xga:niederlassungArt', 'code'])?.text).toBe('2');
    const person = child(gewerbe, 'xga:beteiligtePerson');
    expect(childNames(person)).toEqual([
      'xga:personFunktion',
      'xga:doktorgrad',
      'xga:familienname',
      'xga:vorname',
      'xga:geschlecht',
      'xga:geburtsname',
      'xga:geburtsdatum',
      'xga:geburtsort',
      'xga:geburtsland',
      'xga:staatangehoerigkeiten',
      'xga:anschrift',
      'xga:erreichbarkeit',
      'xga:erreichbarkeit',
      'xga:aufenthaltstitel',
    ]);
    expect(child(person, 'xga:geburtsdatum')?.text).toBe('30061975');
    expect(at(person, ['xga:geschlecht', 'code'])?.text).toBe('2');
    expect(at(person, ['xga:staatangehoerigkeiten', 'xga:staatsangehoerigkeitSchluessel', 'code'])?.text).toBe('332');
    expect(at(anmeldung, ['xga:taetigkeitenGesamt', 'xga:schwerpunkt', 'xga:taetigkeitSchluessel'])?.text).toBe('52291');
    expect(at(anmeldung, ['xga:taetigkeitenGesamt', 'xga:weitereTaetigkeiten', 'xga:taetigkeitenZusammengefasst'])?.text).toBe('Kurierdienst|Umzüge');
    expect(childNames(child(anmeldung, 'xga:grundAnmeldungSchluessel'))).toEqual(['code']);
    expect(at(anmeldung, ['xga:grundAnmeldungSchluessel', 'code'])?.text).toMatch(/^\d{2}$/);
  });

  it('write a new business with the code for Neuerrichtung', () => {
    const anmeldung = at(parseXml(buildGewerbemeldung(message({ records: [record('GewA1', registrationForm())] }))), ['xga:satz', 'xga:anmeldung']);
    expect(at(anmeldung, ['xga:grundAnmeldungSchluessel', 'code'])?.text).toBe('01');
    expect(at(anmeldung, ['xga:gewerbe', 'xga:istNebenerwerb', 'code'])?.text).toBe('1');
    expect(at(anmeldung, ['xga:gewerbe', 'xga:betrieb', 'xga:rechtsformSchluessel', 'code'])?.text).toBe('180');
  });

  it('write change and deregistration records with their reasons, successor and dates', () => {
    const ummeldung = at(parseXml(buildGewerbemeldung(message({ records: [record('GewA2', maximalChange())] }))), ['xga:satz', 'xga:ummeldung']);
    expect(child(ummeldung, 'xga:gewerbebetriebID')?.text).toBe(meta.businessId);
    expect(child(ummeldung, 'xga:gueltigAb')?.text).toBe('2026-03-05');
    expect(childNames(child(ummeldung, 'xga:gruendeUmmeldung'))).toEqual(['xga:grundUmmeldungSchluessel', 'xga:grundUmmeldungSchluessel']);

    const abmeldung = at(parseXml(buildGewerbemeldung(message({ records: [record('GewA3', maximalDeregistration())] }))), ['xga:satz', 'xga:abmeldung']);
    expect(childNames(abmeldung).slice(-4)).toEqual(['xga:taetigkeitenGesamt', 'xga:kuenftigesGewerbe', 'xga:grundAbmeldungSchluessel', 'xga:ursacheAbmeldungSchluessel']);
    expect(at(abmeldung, ['xga:kuenftigesGewerbe', 'xga:nameFirmaGewerbetreibender'])?.text).toBe('Neue Logistik GmbH');
    expect(child(abmeldung, 'xga:gueltigAb')?.text).toBe('2026-02-28');
  });

  it('bundle the statistics office’s month: one message, one record per notice, no berichtszeitraum', () => {
    const xml = buildGewerbemeldung(
      message({
        recipientId: 'statistik',
        records: [record('GewA1', registrationForm(), 'statistik'), record('GewA2', changeForm(), 'statistik'), record('GewA3', deregistrationForm(), 'statistik')],
      }),
    );
    const root = parseXml(xml);
    expect(root.name).toBe('xga:sta.gewerbemeldung.0100');
    expect(childNames(root)).toEqual(['xga:nachrichtenkopf', 'xga:satz', 'xga:satz', 'xga:satz']);
    expect(root.children.slice(1).map((satz) => satz.children[0]!.name)).toEqual(['xga:anmeldung', 'xga:ummeldung', 'xga:abmeldung']);
    // Statistics gets no date of birth and no personal e-mail: its fields are 1–6, 10, 12, 15–25, 29, 32.
    expect(xml).not.toContain('geburtsdatum');
    expect(allText(root)).not.toContain('max@example');
  });

  it('carry user text escaped, never as markup', () => {
    const form = registrationForm();
    const hostile = { ...form, business: { ...form.business, tradeName: 'Ärger & <b>Co</b> "KG"' } };
    const root = parseXml(buildGewerbemeldung(message({ records: [record('GewA1', hostile)] })));
    expect(at(root, ['xga:satz', 'xga:anmeldung', 'xga:gewerbe', 'xga:betrieb', 'xga:geschaeftsbezeichnung'])?.text).toBe('Ärger & <b>Co</b> "KG"');
  });

  it('need at least one record', () => {
    expect(() => buildGewerbemeldung(message({ records: [] }))).toThrow('at least one record');
  });
});
