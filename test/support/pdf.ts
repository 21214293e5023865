import jsQR from 'jsqr';
import { PDFArray, PDFDocument, StandardFonts, decodePDFRawStream, type PDFRawStream } from 'pdf-lib';
import { QR_QUIET_ZONE } from '../../functions/documents/pdf-kit.ts';

/**
 * pdf-lib cannot extract text, and pdfjs-dist would be a 30 MB test dependency. Our PDFs are simple: Helvetica
 * (WinAnsi) text drawn with `<hex> Tj` and the QR code as integer `re` rectangles in module units. So the test
 * inflates the page's content streams and reads exactly those operators — real extraction of what a viewer renders.
 */
export async function contentOf(bytes: Uint8Array): Promise<{ doc: PDFDocument; content: string }> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const contents = doc.getPage(0).node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
  const content = streams.map((stream) => Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1')).join('\n');
  return { doc, content };
}

export function textsOf(content: string): string[] {
  const decoder = new TextDecoder('windows-1252');
  return [...content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)].map((match) => decoder.decode(Buffer.from(match[1]!, 'hex')));
}

/** The QR code's dark modules as drawn: `col row width 1 re` in module units, row 0 at the bottom. */
export function drawnMatrix(content: string): boolean[][] {
  const rects = [...content.matchAll(/^(\d+) (\d+) (\d+) 1 re$/gm)].map((m) => m.slice(1, 4).map(Number) as [number, number, number]);
  const size = Math.max(...rects.map(([c, , w]) => c + w));
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const [col, rowFromBottom, width] of rects) {
    for (let c = col; c < col + width; c++) grid[size - 1 - rowFromBottom]![c] = true;
  }
  return grid;
}

/** Rasterises a module matrix (with quiet zone) into RGBA pixels for an independent QR decoder. */
export function rasterise(matrix: boolean[][], scale = 4): { data: Uint8ClampedArray; width: number } {
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


/** Reads the QR code drawn on the first page and decodes it with an independent decoder. */
export async function qrPayloadOf(bytes: Uint8Array): Promise<string | undefined> {
  const { content } = await contentOf(bytes);
  const { data, width } = rasterise(drawnMatrix(content));
  return jsQR(data, width, width)?.data;
}

export interface DrawnLine {
  page: number;
  text: string;
  font: 'Helvetica' | 'Helvetica-Bold';
  size: number;
  x: number;
  y: number;
  /** The advance width of the line in points, measured with the same standard font. */
  width: number;
  pageWidth: number;
  pageHeight: number;
}

/**
 * Every line of text drawn on every page, with where it starts and how wide it is. pdf-lib draws a line as
 * `/<BaseFont>-<n> <size> Tf … 1 0 0 1 <x> <y> Tm <hex> Tj`; the width is measured with the same standard font.
 */
export async function drawnLines(bytes: Uint8Array): Promise<DrawnLine[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const measuring = await PDFDocument.create();
  const fonts = { Helvetica: await measuring.embedFont(StandardFonts.Helvetica), 'Helvetica-Bold': await measuring.embedFont(StandardFonts.HelveticaBold) };
  const decoder = new TextDecoder('windows-1252');
  const lines: DrawnLine[] = [];
  doc.getPages().forEach((page, index) => {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
    const content = streams.map((stream) => Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1')).join('\n');
    const { width: pageWidth, height: pageHeight } = page.getSize();
    for (const block of content.split(/\bBT\b/).slice(1)) {
      const font = /\/(Helvetica(?:-Bold)?)-\d+ ([\d.]+) Tf/.exec(block);
      const position = /1 0 0 1 (-?[\d.]+) (-?[\d.]+) Tm/.exec(block);
      const shown = /<([0-9A-Fa-f]*)> Tj/.exec(block);
      if (!font || !position || !shown) continue;
      const name = font[1] as DrawnLine['font'];
      const size = Number(font[2]);
      const text = decoder.decode(Buffer.from(shown[1]!, 'hex'));
      lines.push({ page: index, text, font: name, size, x: Number(position[1]), y: Number(position[2]), width: fonts[name].widthOfTextAtSize(text, size), pageWidth, pageHeight });
    }
  });
  return lines;
}

/** The texts of every page, in drawing order (letters such as the Bescheid run over several pages). */
export async function allTextsOf(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.getPages().flatMap((page) => {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
    return streams.flatMap((stream) => textsOf(Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1')));
  });
}
