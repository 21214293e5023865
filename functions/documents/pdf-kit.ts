/**
 * What every PDF the platform issues shares (permit, certificate, receipt, Baulastenauskunft, Meldebestätigung): A4 in
 * points, the house colours, the standard Helvetica fonts (WinAnsi: äöüß€ „“ – are covered; nothing to embed), text
 * that never fails on an unsupported character, word wrapping, QR codes drawn as vector squares — crisp at any printer
 * resolution, no PNG encoder or decoder involved — and for letters the letterhead, text flowing over pages and the
 * footer.
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

// Letters: letterhead, flowing text over pages, footer ---------------------------------------------------------------

export const CONTENT_WIDTH = A4.width - 2 * MARGIN;
/** The lowest baseline of flowing text: above the footer's rule. */
const FLOW_BOTTOM = MARGIN + 24;

export interface Letterhead {
  /** The issuing authority by its display name (never a tenant id), bold on the left. */
  issuer: string;
  /** Grey lines under it: the office, a contact address. */
  lines?: readonly string[];
  /** Grey lines on the right: date and case number. */
  right: readonly string[];
}

/**
 * A cursor over A4 pages for letters: every line is wrapped to the content width (never past the right margin), and
 * the text continues on a new page — with a running head — when the current one is full. `y` is the top of the next
 * line.
 */
export class FlowLayout {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  y = 0;

  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: Fonts,
    private readonly runningHead: string,
  ) {
    this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN;
    if (this.pages.length > 1) {
      this.paragraph(this.runningHead, { size: 8, color: GREY });
      this.rule();
      this.y -= 14;
    }
  }

  /** Starts a new page unless `height` points still fit. */
  ensure(height: number): void {
    if (this.y - height < FLOW_BOTTOM) this.newPage();
  }

  /** One line at the cursor, cut to fit nothing: callers pass text that fits (see `paragraph` for any text). */
  private line(value: string, options: { size: number; bold?: boolean; color?: RGB; x: number }): void {
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    drawText(this.page, font, value, options.x, this.y - options.size, options.size, options.color ?? INK);
  }

  /** A paragraph wrapped to the content width (minus `indent`), advancing the cursor. */
  paragraph(value: string, options: { size?: number; bold?: boolean; color?: RGB; indent?: number; after?: number } = {}): void {
    const size = options.size ?? 10;
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const indent = options.indent ?? 0;
    const leading = size * 1.35;
    for (const line of wrap(font, value, size, CONTENT_WIDTH - indent)) {
      this.ensure(leading);
      this.line(line, { size, ...(options.bold ? { bold: true } : {}), ...(options.color ? { color: options.color } : {}), x: MARGIN + indent });
      this.y -= leading;
    }
    this.y -= options.after ?? 0;
  }

  /** A label and its value side by side; both wrap in their columns. */
  field(label: string, value: string, options: { indent?: number; labelWidth?: number; size?: number; after?: number } = {}): void {
    const indent = options.indent ?? 0;
    const labelWidth = options.labelWidth ?? 42 * MM;
    const size = options.size ?? 9.5;
    const leading = size * 1.35;
    const labels = wrap(this.fonts.regular, label, size, labelWidth - 3 * MM);
    const values = wrap(this.fonts.regular, value, size, CONTENT_WIDTH - indent - labelWidth);
    this.ensure(leading * Math.min(Math.max(labels.length, values.length), 3));
    const top = this.y;
    labels.forEach((line, index) => {
      this.y = top - index * leading;
      this.line(line, { size, color: GREY, x: MARGIN + indent });
    });
    this.y = top;
    for (const line of values) {
      this.ensure(leading);
      this.line(line, { size, x: MARGIN + indent + labelWidth });
      this.y -= leading;
    }
    this.y = Math.min(this.y, top - labels.length * leading) - (options.after ?? 0);
  }

  rule(): void {
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4.width - MARGIN, y: this.y }, thickness: 0.6, color: RULE });
  }

  /** The letterhead at the top of the first page; the cursor ends below its rule. */
  letterhead(head: Letterhead): void {
    this.y = drawLetterhead(this.page, this.fonts, head) - 22;
  }

  /** The footer on every page: the note that no signature is needed, and the page number. */
  finish(): void {
    this.pages.forEach((page, index) => drawFooter(page, this.fonts, index, this.pages.length));
  }
}

/**
 * The letterhead of every letter the platform issues: the authority (wrapped into the left column), grey lines below
 * it, grey right-aligned lines on the right, and a rule. Returns the y of the rule.
 */
export function drawLetterhead(page: PDFPage, fonts: Fonts, head: Letterhead): number {
  const top = A4.height - MARGIN;
  const rightWidth = Math.max(0, ...head.right.map((line) => textWidth(fonts.regular, line, 9)));
  const leftWidth = CONTENT_WIDTH - rightWidth - 8 * MM;
  let y = top;
  for (const line of wrap(fonts.bold, head.issuer, 14, leftWidth)) {
    drawText(page, fonts.bold, line, MARGIN, y - 14, 14);
    y -= 17;
  }
  y -= 1;
  for (const line of (head.lines ?? []).flatMap((value) => wrap(fonts.regular, value, 9, leftWidth))) {
    drawText(page, fonts.regular, line, MARGIN, y - 9, 9, GREY);
    y -= 12;
  }
  head.right.forEach((line, index) => drawText(page, fonts.regular, line, A4.width - MARGIN - textWidth(fonts.regular, line, 9), top - 11 - index * 14, 9, GREY));
  y = Math.min(y, top - 14 * head.right.length) - 8;
  page.drawLine({ start: { x: MARGIN, y }, end: { x: A4.width - MARGIN, y }, thickness: 0.6, color: RULE });
  return y;
}

export function drawFooter(page: PDFPage, fonts: Fonts, index: number, count: number): void {
  const footer = 'Dieses Dokument wurde maschinell erstellt und ist ohne Unterschrift gültig.';
  page.drawLine({ start: { x: MARGIN, y: MARGIN + 12 }, end: { x: A4.width - MARGIN, y: MARGIN + 12 }, thickness: 0.6, color: RULE });
  drawText(page, fonts.regular, footer, MARGIN, MARGIN, 8, GREY);
  const number = `Seite ${index + 1} von ${count}`;
  drawText(page, fonts.regular, number, A4.width - MARGIN - textWidth(fonts.regular, number, 8), MARGIN, 8, GREY);
}
