import jsQR from 'jsqr';
import { PDFArray, PDFDocument, decodePDFRawStream, type PDFRawStream } from 'pdf-lib';
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
