/**
 * What every PDF the platform issues shares (permit, certificate, receipt, Baulastenauskunft): A4 in points, the
 * house colours, the standard Helvetica fonts (WinAnsi: äöüß€ „“ – are covered; nothing to embed), text that never
 * fails on an unsupported character, word wrapping, and QR codes drawn as vector squares — crisp at any printer
 * resolution, no PNG encoder or decoder involved.
 */
import QRCode from 'qrcode';
import {
  StandardFonts,
  concatTransformationMatrix,
  fill,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingColor,
  type PDFDocument,
  type PDFFont,
  type PDFPage,
  type RGB,
} from 'pdf-lib';

export const MM = 72 / 25.4;
export const A4 = { width: 210 * MM, height: 297 * MM };
export const MARGIN = 20 * MM;

export const INK = rgb(0.07, 0.07, 0.07);
export const GREY = rgb(0.33, 0.33, 0.33);
export const RULE = rgb(0.6, 0.6, 0.6);
export const BRAND = rgb(0.09, 0.2, 0.36);
export const WHITE = rgb(1, 1, 1);

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

export async function standardFonts(doc: PDFDocument): Promise<Fonts> {
  return { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
}

/** The code points a font can draw, once per font. */
const characterSets = new WeakMap<PDFFont, Set<number>>();

/** Characters outside the font's WinAnsi set (rare in names) become `?` instead of failing the whole document. */
export function printable(font: PDFFont, value: string): string {
  let supported = characterSets.get(font);
  if (!supported) characterSets.set(font, (supported = new Set(font.getCharacterSet())));
  return Array.from(value.normalize('NFC').replace(/[\u2010-\u2012\u2212]/g, '-'), (char) => (supported.has(char.codePointAt(0)!) ? char : '?')).join('');
}

export function textWidth(font: PDFFont, value: string, size: number): number {
  return font.widthOfTextAtSize(printable(font, value), size);
}

export function drawText(page: PDFPage, font: PDFFont, value: string, x: number, y: number, size: number, color: RGB = INK): void {
  page.drawText(printable(font, value), { x, y, size, font, color });
}

/** Splits text into lines that fit `maxWidth`; every `\n` starts a new line (an empty paragraph is an empty line). */
export function wrap(font: PDFFont, value: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of value.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && textWidth(font, candidate, size) > maxWidth) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** The largest size ≤ `max` at which `value` fits `maxWidth`. */
export function fittingSize(font: PDFFont, value: string, max: number, maxWidth: number): number {
  return Math.min(max, (max * maxWidth) / Math.max(textWidth(font, value, max), 1));
}

/** Error correction M (15 %): survives a crease or a smudge without making the code denser than needed. */
export const QR_ERROR_CORRECTION = 'M';
/** The quiet zone around a QR code, in modules (ISO/IEC 18004 asks for 4). */
export const QR_QUIET_ZONE = 4;

/** The dark modules of the QR code for `text`, row by row (`true` = dark). */
export function qrMatrix(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION });
  return Array.from({ length: modules.size }, (_, row) => Array.from({ length: modules.size }, (_, col) => modules.get(row, col) === 1));
}

/**
 * Draws the QR code (with its quiet zone, on white) as one path of filled squares: one rectangle per horizontal run of
 * dark modules, in a coordinate system of one unit per module (so the content stream holds small integers), row 0 at
 * the top.
 */
export function drawQr(page: PDFPage, matrix: boolean[][], x: number, y: number, size: number): void {
  const count = matrix.length + 2 * QR_QUIET_ZONE;
  const module = size / count;
  const rects = matrix.flatMap((row, r) => {
    const runs: Array<ReturnType<typeof rectangle>> = [];
    for (let c = 0; c < row.length; ) {
      if (!row[c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < row.length && row[c]) c++;
      runs.push(rectangle(start, matrix.length - 1 - r, c - start, 1));
    }
    return runs;
  });
  page.drawRectangle({ x, y, width: size, height: size, color: WHITE });
  const origin = QR_QUIET_ZONE * module;
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(module, 0, 0, module, x + origin, y + origin),
    setFillingColor(rgb(0, 0, 0)),
    ...rects,
    fill(),
    popGraphicsState(),
  );
}
