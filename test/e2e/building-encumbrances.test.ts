import { randomInt, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, demoUser, eventually, checkoutPath } from '../support/api-client.ts';
import { textsOf } from '../support/pdf.ts';

/**
 * The digitised Baulastenverzeichnis of Neuss over HTTP against the local platform: staff register scanned sheets,
 * add versions, search by parcel, open scans (with a reason, recorded) and delete entries; a citizen asks for a
 * Baulastenauskunft, pays in the sandbox, a caseworker confirms, and the PDF lists the Baulast — or certifies that
 * there is none; and bad input.
 */
const caseworker = demoUser('caseworker', 'neuss');
const admin = demoUser('tenant-admin', 'neuss');
const citizen = demoUser('citizen', 'neuss');

// A Gemarkung of this run only, so that runs against a kept data directory and seeded demo sheets do not interfere.
const gemarkung = String(randomInt(6000, 9999));
const gemarkungName = `Testgemarkung ${gemarkung}`;
let nextFlurstueck = randomInt(1000, 5000);
const parcel = () => ({ gemarkung, flur: '7', flurstueck: `${(nextFlurstueck += 1)}/1` });
let nextSheet = randomInt(10_000, 90_000);

const PDF = Buffer.from('%PDF-1.4\n% Baulastenblatt (Scan)\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const TIFF = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);

async function uploadScan(bytes: Buffer, contentType: string, fileName: string, as = caseworker): Promise<string> {
  const upload = await api('POST', '/baulasten/uploads', { as, body: { fileName, contentType, sizeBytes: bytes.byteLength } });
  expect(upload.status).toBe(201);
  const put = await fetch(upload.body.url, { method: 'PUT', headers: upload.body.headers, body: bytes });
  expect(put.ok).toBe(true);
  return upload.body.uploadId;
}

async function registerSheet(parcels: Array<Record<string, string>>, overrides: Record<string, unknown> = {}) {
  const uploadId = await uploadScan(PDF, 'application/pdf', 'Baulastenblatt.pdf');
  return api('POST', '/baulasten/sheets', {
    as: caseworker,
    body: {
      uploadId,
      baulastenblatt: String((nextSheet += 1)),
      parcels,
      kind: 'abstandsflaechen',
      content: 'Übernahme der Abstandfläche von 3,00 m zugunsten des Nachbarflurstücks.',
      eintragungsdatum: '2004-05-17',
      ...overrides,
    },
  });
}

async function search(query: Record<string, string>, as = caseworker) {
  return api('GET', `/baulasten/sheets?${new URLSearchParams(query)}`, { as });
}

async function statusIs(id: string, status: string, as = citizen) {
  return eventually(async () => {
    const response = await api('GET', `/applications/${id}`, { as });
    return response.body.status === status ? response.body : undefined;
  }, 30_000);
}

async function requestExtract(parcels: Array<Record<string, string>>, overrides: Record<string, unknown> = {}) {
  return api('POST', '/applications', {
    as: citizen,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      serviceId: 'building-encumbrance-extract',
      form: {
        applicant: { givenName: 'Erika', familyName: 'Mustermann' },
        role: 'owner',
        purpose: 'financing',
        legitimateInterest: 'Ich bin Eigentümerin; die Bank verlangt die Auskunft für die Finanzierung eines Anbaus.',
        parcels,
        consent: true,
        ...overrides,
      },
    },
  });
}

/** Submit → pay in the sandbox → the caseworker approves → completed; returns the final application. */
async function extractFor(parcels: Array<Record<string, string>>) {
  const submitted = await requestExtract(parcels);
  expect(submitted.status).toBe(201);
  expect(submitted.body.caseNumber).toMatch(/^NE-BLA-\d{4}-\d{6}$/);
  const awaiting = await statusIs(submitted.body.applicationId, 'awaiting-payment');
  expect(awaiting.fee).toEqual({ amountCents: 5000 * parcels.length, currency: 'EUR', legalBasis: expect.any(String) });
  const paid = await api('POST', checkoutPath(awaiting), { body: { action: 'pay' } });
  expect(paid.status).toBe(200);
  const waiting = await statusIs(submitted.body.applicationId, 'awaiting-decision', caseworker);
  const approved = await api('POST', `/applications/${waiting.applicationId}/decision`, { as: caseworker, body: { outcome: 'approve' } });
  expect(approved.status).toBe(200);
  return { waiting, done: await statusIs(submitted.body.applicationId, 'completed') };
}

async function download(applicationId: string, documentId: string): Promise<Uint8Array> {
  const link = await api('GET', `/applications/${applicationId}/documents/${documentId}`, { as: citizen });
  expect(link.status).toBe(200);
  return new Uint8Array(await (await fetch(link.body.url)).arrayBuffer());
}

describe('Baulastenverzeichnis: staff keep the register', () => {
  it('registers a scan, adds a version, finds it by parcel, opens scans with a reason (recorded) and deletes it — nothing is lost', async () => {
    const burdened = parcel();
    const registered = await registerSheet([{ ...burdened, gemarkungName }]);
    expect(registered.status).toBe(201);
    const sheet = registered.body;
    expect(sheet).toMatchObject({ version: 1, status: 'valid', statusLabel: 'gültig', kindLabel: 'Abstandflächenbaulast' });
    expect(sheet.parcels[0]).toMatchObject({ gemarkung, gemarkungName, flur: '7', label: `Gemarkung ${gemarkungName} (${gemarkung}), Flur 7, Flurstück ${burdened.flurstueck}` });

    // Search by parcel: by number, by name, and with the 6-digit key with NRW's prefix.
    for (const g of [gemarkung, gemarkungName.toUpperCase(), `05${gemarkung}`]) {
      const found = await eventually(async () => {
        const response = await search({ gemarkung: g, flur: '007', flurstueck: burdened.flurstueck });
        return response.body.items?.length ? response : undefined;
      });
      expect(found.body.items).toEqual([expect.objectContaining({ sheetId: sheet.sheetId, baulastenblatt: sheet.baulastenblatt, status: 'valid' })]);
    }

    // A rescan as TIFF: version 2; version 1 and its scan stay.
    const tiffUpload = await uploadScan(TIFF, 'image/tiff', 'Baulastenblatt-300dpi.tif');
    const v2 = await api('POST', `/baulasten/sheets/${sheet.sheetId}/versions`, {
      as: caseworker,
      body: { basedOnVersion: 1, note: 'Neuer Scan mit 300 dpi', uploadId: tiffUpload, changes: { aktenzeichen: '63/BL/2004/17' } },
    });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, change: 'revised', aktenzeichen: '63/BL/2004/17', file: { contentType: 'image/tiff' } });
    // A change based on version 1 again is a conflict now.
    const stale = await api('POST', `/baulasten/sheets/${sheet.sheetId}/versions`, { as: caseworker, body: { basedOnVersion: 1, note: 'Späte Änderung', changes: { content: 'Anders formuliert.' } } });
    expect(stale.status).toBe(409);

    const full = await api('GET', `/baulasten/sheets/${sheet.sheetId}?reason=${encodeURIComponent('Prüfung Bauantrag 63/0815/2026')}`, { as: caseworker });
    expect(full.status).toBe(200);
    expect(full.body.versions.map((v: { version: number; file: { contentType: string } }) => [v.version, v.file.contentType])).toEqual([
      [1, 'application/pdf'],
      [2, 'image/tiff'],
    ]);

    // Each version's scan is still exactly what was uploaded for it; no scan without a reason.
    const noReason = await api('GET', `/baulasten/sheets/${sheet.sheetId}/versions/1/file`, { as: caseworker });
    expect(noReason.status).toBe(400);
    expect(noReason.headers.get('content-type')).toContain('application/problem+json');
    expect(noReason.body.errors[0]).toMatchObject({ field: 'query/reason', message: expect.stringContaining('Grund des Zugriffs') });
    const reason = 'Anfrage Notariat, Kaufvertrag';
    for (const [version, bytes] of [[1, PDF], [2, TIFF]] as const) {
      const link = await api('GET', `/baulasten/sheets/${sheet.sheetId}/versions/${version}/file?reason=${encodeURIComponent(reason)}`, { as: caseworker });
      expect(link.status).toBe(200);
      expect(Buffer.from(await (await fetch(link.body.url)).arrayBuffer())).toEqual(bytes);
    }

    const log = await api('GET', `/baulasten/sheets/${sheet.sheetId}/access-log`, { as: admin });
    expect(log.status).toBe(200);
    // The access log is the audit trail's part about the sheet: every read with its reason, and the changes.
    const items = log.body.items as Array<{ action: string; purpose?: string }>;
    expect(items.filter((entry) => entry.purpose).map((entry) => [entry.action, entry.purpose])).toEqual([
      ['read', `Scan der Fassung 2: ${reason}`],
      ['read', `Scan der Fassung 1: ${reason}`],
      ['read', 'Prüfung Bauantrag 63/0815/2026'],
    ]);
    expect(items.map((entry) => entry.action)).toEqual(expect.arrayContaining(['create', 'update']));
    expect(log.body.items[0]).toMatchObject({ actorId: expect.any(String), role: 'caseworker', at: expect.any(String), actionLabel: 'Gelesen' });

    // The Löschung: version 3, status deleted, still in the register with every version.
    const deleted = await api('POST', `/baulasten/sheets/${sheet.sheetId}/delete`, { as: caseworker, body: { reason: 'Verzicht der Bauaufsicht nach Abbruch des Gebäudes' } });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ version: 3, status: 'deleted', deletion: { reason: 'Verzicht der Bauaufsicht nach Abbruch des Gebäudes' } });
    expect((await api('POST', `/baulasten/sheets/${sheet.sheetId}/delete`, { as: caseworker, body: { reason: 'Noch einmal löschen bitte' } })).status).toBe(409);
    const onlyValid = await search({ gemarkung, flur: '7', flurstueck: burdened.flurstueck, status: 'valid' });
    expect(onlyValid.body.items).toEqual([]);
    const all = await search({ gemarkung, flur: '7', flurstueck: burdened.flurstueck });
    expect(all.body.items).toEqual([expect.objectContaining({ sheetId: sheet.sheetId, status: 'deleted', version: 3 })]);
    const kept = await api('GET', `/baulasten/sheets/${sheet.sheetId}`, { as: caseworker });
    expect(kept.body.versions).toHaveLength(3);
    const old = await api('GET', `/baulasten/sheets/${sheet.sheetId}/versions/1/file?reason=${encodeURIComponent('Archivprüfung')}`, { as: caseworker });
    expect(Buffer.from(await (await fetch(old.body.url)).arrayBuffer())).toEqual(PDF);
  });

  it('keeps the register to the building authority staff of the tenant', async () => {
    const registered = await registerSheet([{ ...parcel(), gemarkungName }]);
    expect((await search({ gemarkung, flur: '7', flurstueck: '1' }, citizen)).status).toBe(403);
    expect((await api('GET', `/baulasten/sheets/${registered.body.sheetId}`, { as: citizen })).status).toBe(403);
    // Another tenant's caseworker does not find Neuss' sheet.
    expect((await api('GET', `/baulasten/sheets/${registered.body.sheetId}`, { as: demoUser('caseworker', 'kaarst') })).status).toBe(404);
  });
});

describe('Baulastenauskunft: the online service', () => {
  it('is offered by Neuss (a building authority), not by Rommerskirchen (whose register Jüchen keeps)', async () => {
    const neuss = await api('GET', '/services', { as: citizen });
    const service = neuss.body.items.find((item: { id: string }) => item.id === 'building-encumbrance-extract');
    expect(service).toMatchObject({ title: 'Baulastenauskunft', fees: [expect.objectContaining({ amounts: { perParcel: 5000 } })] });
    expect(service.formSchema.properties.parcels.items.properties.gemarkung.title).toBe('Gemarkung');
    const rommerskirchen = await api('GET', '/services', { as: demoUser('citizen', 'rommerskirchen') });
    expect(rommerskirchen.body.items.map((item: { id: string }) => item.id)).not.toContain('building-encumbrance-extract');
  });

  it('lists the Baulast of the parcel after payment and the caseworker’s confirmation; the use is recorded', async () => {
    const burdened = parcel();
    const registered = await registerSheet([{ ...burdened, gemarkungName }], { kind: 'stellplaetze', content: 'Zwei Stellplätze zugunsten des Nachbargrundstücks.' });
    expect(registered.status).toBe(201);

    const { waiting, done } = await extractFor([{ gemarkung: gemarkungName, flur: '7', flurstueck: burdened.flurstueck }]);
    expect(waiting.findings.map((finding: { code: string }) => finding.code)).toEqual(['legitimate-interest', 'register-read-after-acceptance']);
    expect(done.timeline.map((entry: { status: string }) => entry.status)).toEqual([
      'submitted', 'fee-computed', 'awaiting-payment', 'paid', 'checks-passed', 'awaiting-decision', 'approved', 'documents-issued', 'completed',
    ]);
    const pdfRef = done.documents.find((document: { kind: string }) => document.kind === 'extract');
    const jsonRef = done.documents.find((document: { kind: string }) => document.kind === 'extract-data');
    expect(pdfRef).toMatchObject({ title: 'Auskunft aus dem Baulastenverzeichnis', contentType: 'application/pdf' });

    const texts = await textsOf(await download(done.applicationId, pdfRef.documentId));
    expect(texts).toContain('Auskunft aus dem Baulastenverzeichnis');
    expect(texts).toContain(`Gemarkung ${gemarkungName} (${gemarkung}), Flur 7, Flurstück ${burdened.flurstueck}`);
    expect(texts).toContain(`Baulastenblatt ${registered.body.baulastenblatt}, lfd. Nr. 1 – Stellplatzbaulast`);
    expect(texts.join(' ')).toContain('Zwei Stellplätze zugunsten des Nachbargrundstücks.');
    expect(texts.join(' ')).toContain(done.caseNumber);

    const answer = JSON.parse(new TextDecoder().decode(await download(done.applicationId, jsonRef.documentId)));
    expect(answer).toMatchObject({ schema: 'https://openkreis.de/schemas/baulastenauskunft/1.0', art: 'auskunft', aktenzeichen: done.caseNumber, behoerde: { ags: '05162024' } });
    expect(answer.flurstuecke[0].baulasten).toEqual([expect.objectContaining({ baulastenblatt: registered.body.baulastenblatt, art: 'stellplaetze', fassung: 1 })]);

    const log = await api('GET', `/baulasten/sheets/${registered.body.sheetId}/access-log`, { as: caseworker });
    expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'export', requestId: `application:${done.applicationId}`, purpose: `Baulastenauskunft ${done.caseNumber}` })]));
    expect(done.statusLabel).toBe('Auskunft erteilt');
  });

  it('reads nothing of the register for a neighbour’s curiosity: no findings for the applicant, no register content before the decision, refund on withdrawal', async () => {
    const burdened = parcel();
    const registered = await registerSheet([{ ...burdened, gemarkungName }], { kind: 'stellplaetze', content: 'Stellplatz zugunsten des Nachbarn.' });
    expect(registered.status).toBe(201);
    const logOf = async () => (await api('GET', `/baulasten/sheets/${registered.body.sheetId}/access-log`, { as: caseworker })).body.items as Array<{ action: string; requestId?: string }>;

    const submitted = await requestExtract([{ gemarkung: gemarkungName, flur: '7', flurstueck: burdened.flurstueck }], {
      role: 'other',
      purpose: 'other',
      legitimateInterest: 'Ich möchte wissen, was beim Nachbarn eingetragen ist.',
    });
    expect(submitted.status).toBe(201);
    const awaiting = await statusIs(submitted.body.applicationId, 'awaiting-payment');
    expect((await api('POST', checkoutPath(awaiting), { body: { action: 'pay' } })).status).toBe(200);
    const seen = await statusIs(submitted.body.applicationId, 'awaiting-decision');

    // The applicant's view: no findings, no caseworker ids, no S3 keys, no version — and nothing of the register.
    for (const field of ['findings', 'version', 'applicantId', 'filedBy', 'tenantId']) expect(seen).not.toHaveProperty(field);
    expect(JSON.stringify(seen)).not.toMatch(/Blatt|Baulastenblatt|gültige|Stellplatz|register-|"key"/);
    // The caseworker sees what to decide on, still without register content; the register was not read.
    const review = await statusIs(submitted.body.applicationId, 'awaiting-decision', caseworker);
    expect(review.findings.map((finding: { code: string }) => finding.code)).toEqual(['legitimate-interest', 'proof-missing', 'register-read-after-acceptance']);
    expect(JSON.stringify(review.findings)).not.toMatch(new RegExp(`${registered.body.baulastenblatt}|Stellplatz|gültige Baulast`));
    expect((await logOf()).filter((entry) => entry.requestId === `application:${seen.applicationId}`)).toEqual([]);

    expect((await api('POST', `/applications/${seen.applicationId}/withdraw`, { as: citizen })).status).toBe(202);
    const withdrawn = await statusIs(seen.applicationId, 'withdrawn');
    expect(withdrawn.payment.refund).toMatchObject({ status: 'REFUNDED' });
    expect(withdrawn.documents.filter((document: { direction: string }) => document.direction === 'issued')).toEqual([]);
    expect((await logOf()).filter((entry) => entry.requestId === `application:${seen.applicationId}`)).toEqual([]);
  });

  it('refunds the fee when the caseworker does not accept the interest, and never reads the register for it', async () => {
    const burdened = parcel();
    const registered = await registerSheet([{ ...burdened, gemarkungName }]);
    const submitted = await requestExtract([{ gemarkung: gemarkungName, flur: '7', flurstueck: burdened.flurstueck }], {
      role: 'other',
      purpose: 'other',
      legitimateInterest: 'Ich möchte wissen, was beim Nachbarn eingetragen ist.',
    });
    const awaiting = await statusIs(submitted.body.applicationId, 'awaiting-payment');
    await api('POST', checkoutPath(awaiting), { body: { action: 'pay' } });
    await statusIs(submitted.body.applicationId, 'awaiting-decision', caseworker);
    const rejected = await api('POST', `/applications/${submitted.body.applicationId}/decision`, {
      as: caseworker,
      body: { outcome: 'reject', reason: 'Neugier ist kein berechtigtes Interesse im Sinne des § 85 Abs. 5 BauO NRW.', hearingDispensation: 'Die Ablehnung folgt allein aus den Angaben im Antrag (§ 28 Abs. 2 Nr. 3 VwVfG NRW).' },
    });
    expect(rejected.status).toBe(200);
    const done = await eventually(async () => {
      const body = (await api('GET', `/applications/${submitted.body.applicationId}`, { as: citizen })).body;
      return body.payment?.refund ? body : undefined;
    }, 30_000);
    expect(done).toMatchObject({ status: 'rejected', payment: { refund: { status: 'REFUNDED' } }, decision: { outcome: 'reject' } });
    const log = await api('GET', `/baulasten/sheets/${registered.body.sheetId}/access-log`, { as: caseworker });
    expect(log.body.items.filter((entry: { requestId?: string }) => entry.requestId === `application:${submitted.body.applicationId}`)).toEqual([]);
  });

  it('certifies that none exist (Negativbescheinigung) for a parcel without a valid Baulast', async () => {
    // The Gemarkung is known to the register; this parcel only carries a deleted Baulast.
    const cleared = parcel();
    const registered = await registerSheet([{ ...cleared, gemarkungName }], { status: 'deleted', loeschungsdatum: '2019-06-30' });
    expect(registered.status).toBe(201);
    const { done } = await extractFor([cleared, parcel()]);
    const pdfRef = done.documents.find((document: { kind: string }) => document.kind === 'negative-certificate');
    expect(pdfRef).toMatchObject({ title: 'Negativbescheinigung (Baulastenverzeichnis)' });
    const texts = await textsOf(await download(done.applicationId, pdfRef.documentId));
    expect(texts).toContain('Negativbescheinigung');
    expect(texts.join(' ')).toContain('keine gültigen Baulasten eingetragen');
    expect(texts.join(' ')).not.toContain('Baulastenblatt');
  });
});

describe('Baulastenverzeichnis: bad input', () => {
  it('answers invalid parcel identifiers with 400 naming each field in German', async () => {
    const response = await search({ gemarkung: '12', flur: '1000', flurstueck: '12/34/5' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['query/gemarkung', 'query/flur', 'query/flurstueck']);
    expect(response.body.errors[2].message).toMatch(/Zähler\/Nenner/);
    const foreignLand = await search({ gemarkung: '093404', flur: '1', flurstueck: '1' });
    expect(foreignLand.body.errors[0].message).toMatch(/nicht zu Nordrhein-Westfalen/);
  });

  it('answers an unknown Gemarkung name with 422 in the search and in a request, never with "no Baulast"', async () => {
    const searched = await search({ gemarkung: 'Atlantis', flur: '1', flurstueck: '1' });
    expect(searched.status).toBe(422);
    expect(searched.body.detail).toMatch(/Gemarkungsnummer/);
    const requested = await requestExtract([{ gemarkung: 'Atlantis', flur: '1', flurstueck: '1' }]);
    expect(requested.status).toBe(422);
    expect(requested.body.errors[0].field).toBe('body/form/parcels/0/gemarkung');
  });

  it('answers dates in the wrong order with 422 naming the field', async () => {
    const response = await registerSheet([{ ...parcel(), gemarkungName }], { status: 'deleted', eintragungsdatum: '2010-01-01', loeschungsdatum: '2009-12-31' });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ field: 'body/loeschungsdatum', message: expect.stringContaining('vor dem Eintragungsdatum') }]);
    const future = await registerSheet([{ ...parcel(), gemarkungName }], { eintragungsdatum: '2999-01-01' });
    expect(future.status).toBe(422);
  });

  it('refuses uploads of the wrong type or size (422), and a file that is not what it was declared to be', async () => {
    const gif = await api('POST', '/baulasten/uploads', { as: caseworker, body: { fileName: 'scan.gif', contentType: 'image/gif', sizeBytes: 1000 } });
    expect(gif.status).toBe(422);
    expect(gif.body.errors[0].message).toMatch(/TIFF \(image\/tiff\)/);
    const big = await api('POST', '/baulasten/uploads', { as: caseworker, body: { fileName: 'scan.tif', contentType: 'image/tiff', sizeBytes: 51 * 1024 * 1024 } });
    expect(big.status).toBe(422);
    expect(big.body.errors[0]).toMatchObject({ field: 'body/sizeBytes', message: expect.stringContaining('größer als 50 MB') });

    // Declared as TIFF, but the bytes are a PDF.
    const upload = await api('POST', '/baulasten/uploads', { as: caseworker, body: { fileName: 'scan.tif', contentType: 'image/tiff', sizeBytes: PDF.byteLength } });
    expect((await fetch(upload.body.url, { method: 'PUT', headers: upload.body.headers, body: PDF })).ok).toBe(true);
    const response = await api('POST', '/baulasten/sheets', {
      as: caseworker,
      body: { uploadId: upload.body.uploadId, baulastenblatt: String((nextSheet += 1)), parcels: [{ ...parcel(), gemarkungName }], kind: 'sonstige', content: 'Test', eintragungsdatum: '2004-05-17' },
    });
    expect(response.status).toBe(422);
    expect(response.body.detail).toMatch(/keine gültige TIFF-Datei/);
  });

  it('refuses a second registration of the same sheet entry (409) and a scan used twice', async () => {
    const first = await registerSheet([{ ...parcel(), gemarkungName }]);
    const again = await api('POST', '/baulasten/sheets', {
      as: caseworker,
      body: { uploadId: await uploadScan(PDF, 'application/pdf', 'nochmal.pdf'), baulastenblatt: first.body.baulastenblatt, parcels: [parcel()], kind: 'sonstige', content: 'Doppelt', eintragungsdatum: '2004-05-17' },
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/bereits erfasst/);
    const reused = await api('POST', `/baulasten/sheets/${first.body.sheetId}/versions`, { as: caseworker, body: { basedOnVersion: 1, note: 'Scan erneut', uploadId: first.body.file.uploadId } });
    expect(reused.status).toBe(409);
  });
});
