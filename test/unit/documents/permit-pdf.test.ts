import { PDFName, PDFString, type PDFDocument } from 'pdf-lib';
import { pdfObjects, qrPayloadOf, textsOf } from '../../support/pdf.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderPermitPdf, type PermitPdfInput } from '../../../functions/documents/permit-pdf.ts';

const token = `eyJhbGciOiJFUzI1NiIsImtpZCI6IlFKaTZwSzNfTGFVMiJ9.${Buffer.from(JSON.stringify({ typ: 'permit', tid: 'rommerskirchen', sub: '3f2c9e1a-7b4d-4e8f-9c0a-1d2e3f4a5b6c', pid: '8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d', v: 1 })).toString('base64url')}.${'S'.repeat(86)}`;

const input: PermitPdfInput = {
  plate: 'NE-AB 1234',
  zoneId: 'A',
  zoneName: 'Innenstadt Nord',
  validFrom: '2026-12-01',
  validTo: '2027-11-30',
  caseNumber: 'RO-BPA-2026-000123',
  issuer: { name: 'Gemeinde Rommerskirchen', contactEmail: 'ordnungsamt@rommerskirchen.de' },
  verifyUrl: `https://api.openkreis.de/verify/${token}`,
  issuedAt: '2026-11-24T10:15:00.000Z',
};

describe('renderPermitPdf', { timeout: 30_000 }, () => {
  let bytes: Uint8Array;
  let doc: PDFDocument;
  let texts: string[];
  beforeAll(async () => {
    bytes = await renderPermitPdf(input);
    doc = await pdfObjects(bytes);
    texts = await textsOf(bytes);
  });

  it('is a one-page A4 portrait PDF', () => {
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect(width).toBeCloseTo(595.28, 1);
    expect(height).toBeCloseTo(841.89, 1);
  });

  it('carries German metadata: title, language, author = issuer, subject — without the plate', () => {
    expect(doc.getTitle()).toBe('Bewohnerparkausweis – RO-BPA-2026-000123');
    expect(doc.getAuthor()).toBe('Gemeinde Rommerskirchen');
    expect(doc.getSubject()).toBe('Bewohnerparkausweis für die Zone A – Innenstadt Nord, gültig vom 01.12.2026 bis 30.11.2027');
    expect((doc.catalog.lookup(PDFName.of('Lang'), PDFString)).decodeText()).toBe('de-DE');
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-11-24T10:15:00.000Z');
    expect(`${doc.getTitle()} ${doc.getSubject()} ${doc.getKeywords()}`).not.toContain('NE-AB');
  });

  it('prints plate, zone, validity in German dates, case number, issuer and the hints as text', () => {
    expect(texts).toContain('NE-AB 1234');
    expect(texts).toContain('RO-BPA-2026-000123');
    expect(texts).toContain('Bewohnerparkausweis');
    expect(texts).toContain('A – Innenstadt Nord');
    expect(texts).toContain('01.12.2026');
    expect(texts).toContain('30.11.2027');
    expect(texts).toContain('Gemeinde Rommerskirchen');
    expect(texts).toContain('Hier ausschneiden und gut sichtbar hinter die Windschutzscheibe legen');
    const all = texts.join(' ');
    expect(all).toContain('print@home');
    expect(all).toContain('QR-Code');
    expect(all).toMatch(/Ziehen Sie aus der Bewohnerparkzone weg .* ist der Ausweis zurückzugeben/);
  });

  it.each([100, 150, 300])('carries a QR code that an independent decoder reads as the verify URL from a %i dpi rendering', (dpi) => {
    expect(qrPayloadOf(bytes, dpi)).toBe(input.verifyUrl);
  });

  it('prints the verify URL as a link, so it is reachable without a camera', () => {
    expect(texts.join('')).toContain(input.verifyUrl);
  });

  it('replaces characters the embedded font cannot show instead of failing', async () => {
    const pdf = await renderPermitPdf({ ...input, issuer: { name: 'Gmina Łódź 🚗 中' } });
    expect(await textsOf(pdf)).toContain('Gmina Łódź ? ?');
  });
});
