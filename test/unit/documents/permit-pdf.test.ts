import jsQR from 'jsqr';
import { PDFArray, PDFDocument, PDFName, PDFString, decodePDFRawStream, type PDFRawStream } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { QR_QUIET_ZONE, qrMatrix, renderPermitPdf, type PermitPdfInput } from '../../../functions/documents/permit-pdf.ts';

/**
 * pdf-lib cannot extract text, and pdfjs-dist would be a 30 MB test dependency. Our PDFs are simple: Helvetica
 * (WinAnsi) text drawn with `<hex> Tj` and the QR code as integer `re` rectangles in module units. So the test
 * inflates the page's content streams and reads exactly those operators — real extraction of what a viewer renders.
 */
async function contentOf(bytes: Uint8Array): Promise<{ doc: PDFDocument; content: string }> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const contents = doc.getPage(0).node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
  const content = streams.map((stream) => Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1')).join('\n');
  return { doc, content };
}

function textsOf(content: string): string[] {
  const decoder = new TextDecoder('windows-1252');
  return [...content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)].map((match) => decoder.decode(Buffer.from(match[1]!, 'hex')));
}

/** The QR code's dark modules as drawn: `col row width 1 re` in module units, row 0 at the bottom. */
function drawnMatrix(content: string): boolean[][] {
  const rects = [...content.matchAll(/^(\d+) (\d+) (\d+) 1 re$/gm)].map((m) => m.slice(1, 4).map(Number) as [number, number, number]);
  const size = Math.max(...rects.map(([c, , w]) => c + w));
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const [col, rowFromBottom, width] of rects) {
    for (let c = col; c < col + width; c++) grid[size - 1 - rowFromBottom]![c] = true;
  }
  return grid;
}

/** Rasterises a module matrix (with quiet zone) into RGBA pixels for an independent QR decoder. */
function rasterise(matrix: boolean[][], scale = 4): { data: Uint8ClampedArray; width: number } {
  const modules = matrix.length + 2 * QR_QUIET_ZONE;
  const width = modules * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  matrix.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const i = (((r + QR_QUIET_ZONE) * scale + dy) * width + (c + QR_QUIET_ZONE) * scale + dx) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
      }
    }),
  );
  return { data, width };
}

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

describe('renderPermitPdf', () => {
  let bytes: Uint8Array;
  let doc: PDFDocument;
  let content: string;
  beforeAll(async () => {
    bytes = await renderPermitPdf(input);
    ({ doc, content } = await contentOf(bytes));
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
    const texts = textsOf(content);
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

  it('draws a QR code that really encodes the verify URL', () => {
    const drawn = drawnMatrix(content);
    expect(drawn).toEqual(qrMatrix(input.verifyUrl));
    const { data, width } = rasterise(drawn);
    expect(jsQR(data, width, width)?.data).toBe(input.verifyUrl);
  });

  it('replaces characters the standard font cannot show instead of failing', async () => {
    const pdf = await renderPermitPdf({ ...input, issuer: { name: 'Gmina Łódź 🚗' } });
    expect(textsOf((await contentOf(pdf)).content)).toContain('Gmina ?ód? ?');
  });
});
