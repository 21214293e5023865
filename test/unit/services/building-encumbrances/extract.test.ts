import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { recordedAudit } from '../../../support/unit-setup.ts';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Unprocessable } from '../../../../functions/core/problem.ts';
import { fieldErrors, z } from '../../../../functions/core/validation.ts';
import type { Application } from '../../../../functions/applications/model.ts';
import { buildExtractAnswer, extractAnswerSchema, type ExtractAnswerInput } from '../../../../functions/services/building-encumbrances/extract-answer.ts';
import { evaluateExtractChecks } from '../../../../functions/services/building-encumbrances/extract-checks.ts';
import { extractFee, registerFee } from '../../../../functions/services/building-encumbrances/extract-fees.ts';
import { extractFormSchema, type ExtractForm } from '../../../../functions/services/building-encumbrances/extract-form.ts';
import { renderExtractPdf } from '../../../../functions/services/building-encumbrances/extract-pdf.ts';
import { issueBuildingEncumbranceExtractDocuments } from '../../../../functions/services/building-encumbrances/issuer.ts';
import { buildingEncumbranceExtract } from '../../../../functions/services/building-encumbrances/service.ts';
import type { TenantConfig } from '../../../../functions/tenants/schemas.ts';
import { pdfObjects, textsOf } from '../../../support/pdf.ts';
import { SHEET_ID, storedSheet } from './fixtures.ts';
// As in AWS: these functions act through tenant-scoped sessions only (no whole-table rights).
vi.mock('#core/ddb', async (original) => (await import('../../../support/tenant-scoped-table.ts')).tenantScopedDdb(await original()));

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

beforeEach(() => {
  ddb.reset();
  s3.reset();
});

/** The text drawn on every page, in order, the page count and the title. */
async function pdfTexts(bytes: Uint8Array): Promise<{ texts: string[]; pages: number; title?: string }> {
  const doc = await pdfObjects(bytes);
  return { texts: await textsOf(bytes), pages: doc.getPageCount(), ...(doc.getTitle() ? { title: doc.getTitle()! } : {}) };
}

function config(overrides: Partial<TenantConfig> = {}): TenantConfig {
  return {
    displayName: 'Stadt Neuss',
    ags: '05162024',
    caseNumberPrefix: 'NE',
    contact: { email: 'bauordnung@neuss.example' },
    urls: { imprint: 'https://www.neuss.de/impressum', privacy: 'https://www.neuss.de/datenschutz', accessibility: 'https://www.neuss.de/barrierefreiheit' },
    enabledServices: ['building-encumbrance-extract'],
    feeSchedules: {
      'building-encumbrance-extract': [
        { validFrom: '2025-01-01', legalBasis: 'AVerwGebO NRW 2025', amounts: { perParcel: 3000 } },
        { validFrom: '2026-01-01', legalBasis: 'AVerwGebO NRW, Tarifstelle 3.1.5.6.3', amounts: { perParcel: 5000 } },
      ],
    },
    parkingZones: [],
    ...overrides,
  };
}

function form(overrides: Partial<ExtractForm> = {}): ExtractForm {
  return {
    applicant: { givenName: 'Erika', familyName: 'Mustermann' },
    role: 'buyer',
    purpose: 'purchase',
    legitimateInterest: 'Kaufvertragsentwurf liegt vor, Notartermin am 20.04.2026.',
    parcels: [{ gemarkung: '3404', flur: '12', flurstueck: '123/4' }],
    consent: true,
    ...overrides,
  };
}

function application(overrides: Partial<Application<ExtractForm>> = {}): Application<ExtractForm> {
  return {
    applicationId: '4a6c0f0e-2b1d-4c3e-9f8a-0d1e2f3a4b5c',
    tenantId: 'neuss',
    serviceId: 'building-encumbrance-extract',
    caseNumber: 'NE-BLA-2026-000007',
    status: 'approved',
    channel: 'online',
    applicantId: 'citizen-1',
    filedBy: 'citizen-1',
    form: form(),
    fee: { feeKey: 'perParcel', amountCents: 5000, currency: 'EUR', legalBasis: 'AVerwGebO NRW, Tarifstelle 3.1.5.6.3', scheduleValidFrom: '2026-01-01' },
    payment: { paymentId: 'p-1', status: 'BOOKED', transactionReference: 'KZ-2026-0042' },
    decision: { outcome: 'approve', by: 'cw-1', at: '2026-03-10T09:30:00.000Z', automatic: false },
    documents: [],
    createdAt: '2026-03-09T08:00:00.000Z',
    updatedAt: '2026-03-10T09:30:00.000Z',
    version: 6,
    ...overrides,
  };
}

const neuss = { gemarkung: '3404', gemarkungName: 'Neuss', flur: '12', flurstueck: '123/4' };

function answerInput(overrides: Partial<ExtractAnswerInput> = {}): ExtractAnswerInput {
  return {
    caseNumber: 'NE-BLA-2026-000007',
    submittedAt: '2026-03-09T08:00:00.000Z',
    form: form(),
    authority: { name: 'Stadt Neuss', ags: '05162024', contactEmail: 'bauordnung@neuss.example' },
    parcels: [{ parcel: neuss, sheets: [storedSheet()] }],
    fee: { amountCents: 5000, legalBasis: 'AVerwGebO NRW, Tarifstelle 3.1.5.6.3', transactionReference: 'KZ-2026-0042' },
    readAt: new Date('2026-03-10T10:00:00Z'),
    issuedAt: new Date('2026-03-10T10:00:00Z'),
    ...overrides,
  };
}

describe('the request: extract form', () => {
  const errors = (value: unknown) => {
    const result = z.safeParse(extractFormSchema, value);
    return result.success ? [] : fieldErrors(result.error, 'body/form');
  };

  it('accepts parcels, role, purpose and interest, normalising the parcels', () => {
    const parsed = z.parse(extractFormSchema, form({ parcels: [{ gemarkung: '053404', flur: '012', flurstueck: '0123/04' }] }));
    expect(parsed.parcels).toEqual([{ gemarkung: '3404', flur: '12', flurstueck: '123/4' }]);
  });

  it('names every wrong field in German: parcel identifiers, role, a too short interest, duplicates', () => {
    expect(errors({ ...form(), role: 'spy', legitimateInterest: 'weil', parcels: [{ gemarkung: '12', flur: '0', flurstueck: '1' }] })).toEqual([
      { field: 'body/form/role', message: expect.stringContaining('Bitte wählen Sie Ihre Rolle') },
      { field: 'body/form/legitimateInterest', message: 'Bitte geben Sie Ihr berechtigtes Interesse an (mindestens 20 Zeichen).' },
      { field: 'body/form/parcels/0/gemarkung', message: expect.stringContaining('Gemarkungsnummer') },
      { field: 'body/form/parcels/0/flur', message: 'Die Flur ist eine Zahl mit 1 bis 3 Ziffern, z. B. 12.' },
    ]);
    expect(errors(form({ parcels: [{ gemarkung: '3404', flur: '1', flurstueck: '2' }, { gemarkung: '3404', flur: '01', flurstueck: '02' }] }))).toEqual([
      { field: 'body/form/parcels/1', message: 'Dieses Flurstück ist bereits angegeben.' },
    ]);
    expect(errors(form({ parcels: [] }))[0]!.message).toBe('Bitte geben Sie mindestens ein Flurstück an.');
  });

  it('describes itself for the frontend with German titles', () => {
    const schema = z.toJSONSchema(extractFormSchema, { unrepresentable: 'any', io: 'input' }) as any;
    expect(schema.title).toBe('Antrag auf Auskunft aus dem Baulastenverzeichnis');
    expect(schema.properties.parcels.items.properties.flurstueck.title).toBe('Flurstück');
    expect(schema.properties.role.enum).toContain('surveyor');
  });
});

describe('fee', () => {
  it('charges the per-parcel amount of the schedule in force, times the parcels', () => {
    expect(extractFee(config(), 3, '2026-03-10')).toEqual({ feeKey: 'perParcel', amountCents: 15000, currency: 'EUR', legalBasis: 'AVerwGebO NRW, Tarifstelle 3.1.5.6.3', scheduleValidFrom: '2026-01-01' });
    expect(extractFee(config(), 1, '2025-06-01').amountCents).toBe(3000);
    expect(() => extractFee(config({ feeSchedules: {} }), 1, '2026-03-10')).toThrow(Unprocessable);
  });

  it('has the differentiated NRW rule ready (per entry, capped per parcel; less without an entry)', () => {
    expect(registerFee([0, 1, 5], { perEntry: 5000, maxPerParcel: 15000, negative: 3000 })).toBe(3000 + 5000 + 15000);
  });
});

describe('checks', () => {
  it('always asks a caseworker what to check — the interest and the proof — without a word of the register', () => {
    const outcome = evaluateExtractChecks({
      form: form(),
      documents: [],
      parcels: [{ input: form().parcels[0]!, parcel: neuss }],
      directory: [{ number: '3404', name: 'Neuss' }],
      tenantName: 'Stadt Neuss',
    });
    expect(outcome.decision).toBe('review');
    expect(outcome.findings.map((finding) => finding.code)).toEqual(['legitimate-interest', 'proof-missing', 'register-read-after-acceptance']);
    expect(outcome.findings[2]!.message).toMatch(/^Angefragt: Gemarkung Neuss \(3404\), Flur 12, Flurstück 123\/4\. Das Baulastenverzeichnis wird für diesen Antrag erst gelesen, wenn/);
    expect(JSON.stringify(outcome.findings)).not.toMatch(/Baulasten? \(|Blatt|gültige|gelöscht/);
  });

  it('presumes the interest of a surveyor, and warns before a Negativbescheinigung for a Gemarkung the register does not know', () => {
    const outcome = evaluateExtractChecks({
      form: form({ role: 'surveyor' }),
      documents: [],
      parcels: [{ input: { gemarkung: '9999', flur: '1', flurstueck: '1' }, parcel: { gemarkung: '9999', flur: '1', flurstueck: '1' } }],
      directory: [{ number: '3404', name: 'Neuss' }],
      tenantName: 'Stadt Neuss',
    });
    expect(outcome.decision).toBe('review');
    expect(outcome.findings.map((finding) => [finding.code, finding.severity])).toEqual([
      ['interest-presumed', 'info'],
      ['gemarkung-not-in-register', 'review'],
      ['register-read-after-acceptance', 'info'],
    ]);
  });
});

describe('the answer', () => {
  it('lists the valid Baulasten of each parcel in the documented shape', () => {
    const answer = buildExtractAnswer(
      answerInput({
        parcels: [
          {
            parcel: neuss,
            sheets: [
              storedSheet({ sheetId: 'b', baulastenblatt: '1234', laufendeNummer: 2, kind: 'stellplaetze', favouredParcels: [{ gemarkung: '3404', flur: '12', flurstueck: '125' }] }),
              storedSheet({ sheetId: 'a' }),
              storedSheet({ sheetId: 'c', laufendeNummer: 3, status: 'deleted', loeschungsdatum: '2020-01-01' }),
              // The index may lag behind: a head that no longer names the parcel does not burden it.
              storedSheet({ sheetId: 'd', laufendeNummer: 4, parcels: [{ gemarkung: '3404', flur: '12', flurstueck: '999' }] }),
            ],
          },
          { parcel: { gemarkung: '3404', flur: '12', flurstueck: '130' }, sheets: [] },
        ],
      }),
    );
    expect(z.safeParse(extractAnswerSchema, answer).success).toBe(true);
    expect(answer).toMatchObject({
      schema: 'https://openkreis.de/schemas/baulastenauskunft/1.0',
      art: 'auskunft',
      aktenzeichen: 'NE-BLA-2026-000007',
      behoerde: { name: 'Stadt Neuss', ags: '05162024' },
      antrag: { rolle: 'buyer', rolleBezeichnung: 'Kaufinteressent:in', zweck: 'purchase', zweckBezeichnung: 'Kauf oder Verkauf' },
      gebuehr: { betragCent: 5000, waehrung: 'EUR', kassenzeichen: 'KZ-2026-0042' },
    });
    expect(answer.flurstuecke[0]).toMatchObject({
      gemarkung: { nummer: '3404', schluessel: '053404', name: 'Neuss' },
      flurstueckskennzeichen: '053404012001230004__',
      bezeichnung: 'Gemarkung Neuss (3404), Flur 12, Flurstück 123/4',
    });
    expect(answer.flurstuecke[0]!.baulasten.map((b) => [b.laufendeNummer, b.art])).toEqual([[1, 'abstandsflaechen'], [2, 'stellplaetze']]);
    expect(answer.flurstuecke[0]!.baulasten[1]!.beguenstigteFlurstuecke[0]!.flurstueck).toBe('125');
    expect(answer.flurstuecke[1]!.baulasten).toEqual([]);
  });

  it('is a Negativbescheinigung when no parcel carries a valid Baulast (deleted ones do not count)', () => {
    const answer = buildExtractAnswer(answerInput({ parcels: [{ parcel: neuss, sheets: [storedSheet({ status: 'deleted', loeschungsdatum: '2020-01-01' })] }] }));
    expect(answer.art).toBe('negativbescheinigung');
    expect(answer.hinweise[0]).toBe('Für die genannten Flurstücke sind im Baulastenverzeichnis keine gültigen Baulasten eingetragen.');
  });
});

describe('the PDF', () => {
  it('lists each Baulast of the parcel with sheet, number, kind, date and content, and the fee', async () => {
    const pdf = await renderExtractPdf(buildExtractAnswer(answerInput()));
    const { texts, title } = await pdfTexts(pdf);
    const all = texts.join(' ');
    expect(title).toBe('Auskunft aus dem Baulastenverzeichnis – NE-BLA-2026-000007');
    expect(texts).toContain('Auskunft aus dem Baulastenverzeichnis');
    expect(texts).toContain('Gemarkung Neuss (3404), Flur 12, Flurstück 123/4');
    expect(texts).toContain('Baulastenblatt 1234, lfd. Nr. 1 – Abstandflächenbaulast');
    expect(texts).toContain('02.03.2001');
    expect(all).toContain('Übernahme der Abstandfläche zugunsten Flurstück 125.');
    expect(all).toContain('Aktenzeichen: NE-BLA-2026-000007');
    expect(all).toContain('§ 85 Abs. 5');
    expect(all).toMatch(/Gebühr: 50,00\s€/);
    expect(all).toContain('Seite 1 von 1');
  });

  it('is a Negativbescheinigung naming the parcels when none is burdened', async () => {
    const pdf = await renderExtractPdf(buildExtractAnswer(answerInput({ parcels: [{ parcel: neuss, sheets: [] }] })));
    const { texts } = await pdfTexts(pdf);
    expect(texts).toContain('Negativbescheinigung');
    expect(texts.join(' ')).toContain('keine gültigen Baulasten eingetragen');
    expect(texts).toContain('Gemarkung Neuss (3404), Flur 12, Flurstück 123/4');
    expect(texts.join(' ')).not.toContain('Baulastenblatt');
  });

  it('continues on further pages when the entries need them, numbering every page', async () => {
    const sheets = Array.from({ length: 14 }, (_, i) => storedSheet({ sheetId: `s-${i}`, laufendeNummer: i + 1, content: 'Ein längerer Inhalt der Baulast, '.repeat(8) }));
    const { texts, pages } = await pdfTexts(await renderExtractPdf(buildExtractAnswer(answerInput({ parcels: [{ parcel: neuss, sheets }] }))));
    expect(pages).toBeGreaterThan(1);
    expect(texts).toContain(`Seite ${pages} von ${pages}`);
    expect(texts).toContain('Baulastenblatt 1234, lfd. Nr. 14 – Abstandflächenbaulast');
  });
});

describe('the service', () => {
  it('refuses at submission a Gemarkung name the register does not know (422 naming the field)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ number: '3404', name: 'Neuss' }] });
    const context = { tenantId: 'neuss', config: config(), now: new Date('2026-03-10T10:00:00Z') };
    await expect(buildingEncumbranceExtract.assess(form({ parcels: [{ gemarkung: 'neuss', flur: '1', flurstueck: '2' }] }), context)).resolves.toBeUndefined();
    const refused = buildingEncumbranceExtract.assess(form({ parcels: [{ gemarkung: 'Atlantis', flur: '1', flurstueck: '2' }] }), context);
    await expect(refused).rejects.toThrow(Unprocessable);
    await expect(refused).rejects.toMatchObject({ errors: [{ field: 'body/form/parcels/0/gemarkung' }] });
  });

  it('issues the PDF and the JSON answer under fixed ids, after recording the read of every sheet', async () => {
    ddb.on(QueryCommand, { IndexName: 'GSI1' }).resolves({ Items: [{ sheetId: SHEET_ID }, { sheetId: 'deleted-sheet-01' }] });
    ddb.on(QueryCommand, { IndexName: undefined }).resolves({ Items: [{ number: '3404', name: 'Neuss' }] });
    ddb.on(GetCommand).resolves({ Item: storedSheet() });
    ddb.on(GetCommand, { Key: { PK: 'neuss#BL-SHEET#deleted-sheet-01', SK: 'HEAD' } }).resolves({
      Item: storedSheet({ sheetId: 'deleted-sheet-01', laufendeNummer: 2, status: 'deleted', loeschungsdatum: '2020-01-01' }),
    });
    s3.on(PutObjectCommand).resolves({});
    const app = application();
    const documents = await issueBuildingEncumbranceExtractDocuments(app, { tenantId: 'neuss', config: config(), now: new Date('2026-03-10T10:00:00Z') });

    expect(documents.map((document) => [document.documentId, document.kind, document.contentType])).toEqual([
      [`bla-${app.applicationId}`, 'extract', 'application/pdf'],
      [`bla-data-${app.applicationId}`, 'extract-data', 'application/json'],
    ]);
    expect(recordedAudit()).toEqual([
      expect.objectContaining({ recordType: 'baulast-sheet', recordId: SHEET_ID, action: 'export', actorId: 'cw-1', purpose: 'Baulastenauskunft NE-BLA-2026-000007', at: '2026-03-10T10:00:00.000Z' }),
      // Read for the applicant and left out (deleted): still an access to the sheet.
      expect.objectContaining({ recordId: 'deleted-sheet-01', action: 'read', actorId: 'cw-1', requestId: `application:${app.applicationId}` }),
    ]);
    const json = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input).find((input) => input.ContentType === 'application/json')!;
    const answer = JSON.parse(new TextDecoder().decode(json.Body as Uint8Array));
    expect(answer.flurstuecke[0].baulasten[0]).toMatchObject({ baulastenblatt: '1234', laufendeNummer: 1, art: 'abstandsflaechen' });
    const pdf = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input).find((input) => input.ContentType === 'application/pdf')!;
    expect(pdf.Key).toBe(`neuss/applications/${app.applicationId}/bla-${app.applicationId}-baulastenauskunft-NE-BLA-2026-000007.pdf`);

    // A retried step reads the register again — recorded again, as every read is — and writes the same objects.
    await issueBuildingEncumbranceExtractDocuments(app, { tenantId: 'neuss', config: config(), now: new Date('2026-03-10T10:05:00Z') });
    expect(recordedAudit()).toHaveLength(4);
    expect(new Set(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).size).toBe(2);
  });

  it('always puts the application before a caseworker, reading only the Gemarkung directory — never the register', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ number: '3404', name: 'Neuss' }] });
    for (const role of ['surveyor', 'owner', 'other'] as const) {
      const outcome = await buildingEncumbranceExtract.runChecks(application({ status: 'paid', decision: undefined, form: form({ role }) }), { tenantId: 'neuss', config: config(), now: new Date() });
      expect(outcome.decision).toBe('review');
    }
    const reads = ddb.calls().map((c) => c.args[0].input as { IndexName?: string; ExpressionAttributeValues?: Record<string, unknown> });
    expect(reads.every((input) => input.IndexName === undefined && String(input.ExpressionAttributeValues?.[':pk']).endsWith('#BL-GEMARKUNG'))).toBe(true);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('refuses to read the register for an interest no caseworker accepted, and records no access', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ sheetId: SHEET_ID }] });
    ddb.on(GetCommand).resolves({ Item: storedSheet() });
    const context = { tenantId: 'neuss', config: config(), now: new Date('2026-03-10T10:00:00Z') };
    for (const decision of [undefined, { outcome: 'reject' as const, reason: 'Kein berechtigtes Interesse dargelegt.', by: 'cw-1', at: '2026-03-10T09:30:00.000Z', automatic: false }, { outcome: 'approve' as const, by: 'system', at: '2026-03-10T09:30:00.000Z', automatic: true }]) {
      await expect(issueBuildingEncumbranceExtractDocuments(application(decision ? { decision } : { decision: undefined }), context)).rejects.toMatchObject({ name: 'InterestNotAccepted' });
    }
    expect(ddb.calls()).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
  });
});
