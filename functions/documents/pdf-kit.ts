/**
 * What every PDF the platform issues shares (permit, certificate, receipt, Baulastenauskunft, Meldebestätigung, and
 * any new letter such as a Bescheid): one place for the document setup, the fonts, the house colours, the tagging and
 * the letter layout (letterhead, text flowing over pages, footer), so every document is a tagged, accessible PDF.
 *
 * PDF/UA-1 (ISO 14289-1) as pdfkit writes it (`subset: 'PDF/UA'`, `tagged: true`): a structure tree whose order is the
 * reading order, every piece of page content either in a structure element (marked content with an MCID) or marked as
 * an artifact (rules, frames, running heads, page numbers), the document language `de-DE` (catalog `/Lang`), the title
 * in the Info dictionary and XMP and shown in the window title (`/DisplayDocTitle`), XMP metadata with
 * `pdfuaid:part 1`, embedded (subset) fonts, a text alternative (`/Alt`) for the QR code and links with an alternate
 * description (`/Contents`, ISO 14289-1, 7.18.5) tagged as `Link` with their annotation. No text is drawn below 9 pt
 * (the smallest size the county's print guidelines and BITV reviewers accept for body text on paper).
 *
 * Fonts: Fira Sans Regular and SemiBold, the typeface of the web app (KERN UX), subset to Latin
 * (`fonts/fira-sans.ts`). A character outside it becomes `?` instead of failing the whole document.
 *
 * Coordinates in this module's drawing API are PDF user space as the old pdf-lib layout used it: points, origin at the
 * bottom left, `y` of text is its baseline. The flip to pdfkit's top-left origin happens here and nowhere else.
 *
 * The QR code is drawn as vector squares: crisp at any printer resolution, no PNG encoder or decoder involved.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { FIRA_SANS_BOLD, FIRA_SANS_REGULAR, FONT_RANGES } from './fonts/fira-sans.ts';

export const MM = 72 / 25.4;
export const A4 = { width: 210 * MM, height: 297 * MM };
export const MARGIN = 20 * MM;
export const CONTENT_WIDTH = A4.width - 2 * MARGIN;
/** The smallest text size on any document (points). */
export const MIN_TEXT_SIZE = 9;

/** House colours as hex; GREY on white has a contrast of 7.4:1 (WCAG AAA for text). */
export type Color = string;
export const INK: Color = '#121212';
export const GREY: Color = '#545454';
export const RULE: Color = '#999999';
export const BRAND: Color = '#17335c';
export const WHITE: Color = '#ffffff';

export type Weight = 'regular' | 'bold';

/** Standard structure types of ISO 32000-1, 14.8.4, that the documents use. */
export type StructType = 'Document' | 'Sect' | 'Div' | 'H1' | 'H2' | 'H3' | 'P' | 'L' | 'LI' | 'Lbl' | 'LBody' | 'Table' | 'TR' | 'TH' | 'TD' | 'Figure' | 'Link' | 'Caption';
export type StructElement = PDFKit.PDFStructureElement;

export interface DocumentInfo {
  /** Shown in the viewer's title bar; no personal data (metadata is indexed and copied where the page does not go). */
  title: string;
  author: string;
  subject: string;
  keywords: readonly string[];
  /** Creation and modification date: from the input, so the same input renders the same document. */
  createdAt: Date;
}

let fontBuffers: { regular: Buffer; bold: Buffer } | undefined;
/** Decoded on first use: modules that import this one without rendering pay nothing. */
function fonts(): { regular: Buffer; bold: Buffer } {
  fontBuffers ??= { regular: Buffer.from(FIRA_SANS_REGULAR, 'base64'), bold: Buffer.from(FIRA_SANS_BOLD, 'base64') };
  return fontBuffers;
}

const covered = (codePoint: number) => FONT_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to);

/** Characters the fonts lack (rare in names) become `?` instead of failing the whole document. */
export function printable(value: string): string {
  return Array.from(value.normalize('NFC').replace(/\u2212/g, '-'), (char) => (covered(char.codePointAt(0)!) ? char : '?')).join('');
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
 * One tagged PDF being drawn. Content is drawn inside `tag(...)` (it belongs to a structure element, in the order the
 * calls are made: that order is the reading order) or inside `artifact(...)` (decoration and page furniture).
 */
export class TaggedPdf {
  readonly doc: PDFKit.PDFDocument;
  /** The root of the structure tree; every element hangs below it. */
  readonly root: StructElement;

  constructor(info: DocumentInfo) {
    const { regular, bold } = fonts();
    this.doc = new PDFDocument({
      pdfVersion: '1.7',
      // PDF/UA-1: pdfkit adds the XMP identification (pdfuaid:part 1), and with `tagged` the MarkInfo and StructTreeRoot.
      subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
      tagged: true,
      lang: 'de-DE',
      displayTitle: true,
      // No default font: pdfkit would load its unembedded Helvetica (not allowed in PDF/UA). Passing the buffer instead
      // makes pdfkit re-parse the font on every later `font('regular')` (its cache returns before storing the alias).
      font: null as unknown as string,
      autoFirstPage: false,
      bufferPages: true,
      size: [A4.width, A4.height],
      margin: 0,
      info: {
        Title: info.title,
        Author: info.author,
        Subject: info.subject,
        Keywords: info.keywords.join(', '),
        Creator: 'OpenKreis',
        Producer: 'OpenKreis',
        CreationDate: info.createdAt,
        ModDate: info.createdAt,
      },
    });
    this.doc.registerFont('regular', regular);
    this.doc.registerFont('bold', bold);
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
  }

  addPage(): void {
    this.doc.addPage({ size: [A4.width, A4.height], margin: 0 });
  }

  get pageCount(): number {
    return this.doc.bufferedPageRange().count;
  }

  /** Makes page `index` (0-based) the one drawn on, e.g. to add footers once the page count is known. */
  switchToPage(index: number): void {
    this.doc.switchToPage(index);
  }

  // Measuring ---------------------------------------------------------------------------------------------------------

  textWidth(weight: Weight, value: string, size: number): number {
    return this.doc.font(weight).fontSize(size).widthOfString(printable(value));
  }

  /** Splits text into lines that fit `maxWidth`; every `\n` starts a new line (an empty paragraph is an empty line). */
  wrap(weight: Weight, value: string, size: number, maxWidth: number): string[] {
    const lines: string[] = [];
    for (const paragraph of value.split('\n')) {
      let line = '';
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word;
        if (line && this.textWidth(weight, candidate, size) > maxWidth) {
          lines.push(line);
          line = word;
        } else {
          line = candidate;
        }
      }
      // A single word wider than the line (a URL, a token) is broken between characters.
      while (this.textWidth(weight, line, size) > maxWidth && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && this.textWidth(weight, line.slice(0, cut), size) > maxWidth) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
      lines.push(line);
    }
    return lines;
  }

  /** The largest size ≤ `max` (and never below the minimum text size) at which `value` fits `maxWidth`. */
  fittingSize(weight: Weight, value: string, max: number, maxWidth: number): number {
    return Math.max(MIN_TEXT_SIZE, Math.min(max, (max * maxWidth) / Math.max(this.textWidth(weight, value, max), 1)));
  }

  // Tagging -----------------------------------------------------------------------------------------------------------

  /** A new structure element below `parent` (the document root by default), open for content; `end()` it when done. */
  element(type: StructType, parent: StructElement = this.root, options: PDFKit.Mixins.StructureElementOptions = {}): StructElement {
    const element = this.doc.struct(type, options);
    parent.add(element);
    return element;
  }

  /** Draws `draw` as marked content of `element` (several calls append in reading order, also across pages). */
  tag(element: StructElement, draw: () => void): void {
    element.add(draw);
  }

  /** A complete element with one piece of content: `block('P', () => pdf.text(...))`. */
  block(type: StructType, draw: () => void, parent: StructElement = this.root, options: PDFKit.Mixins.StructureElementOptions = {}): StructElement {
    const element = this.element(type, parent, options);
    this.tag(element, draw);
    element.end();
    return element;
  }

  /** Content that is not part of the text: rules, frames, backgrounds (`Layout`), running heads, page numbers. */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
    this.doc.markContent('Artifact', { type });
    draw();
    this.doc.endMarkedContent();
  }

  // Drawing (inside `tag` or `artifact`) ------------------------------------------------------------------------------

  /** One line of text; `y` is its baseline from the bottom of the page. */
  text(weight: Weight, value: string, x: number, y: number, size: number, color: Color = INK): void {
    if (size < MIN_TEXT_SIZE) throw new Error(`text below ${MIN_TEXT_SIZE} pt`);
    this.doc.font(weight).fontSize(size).fillColor(color).text(printable(value), x, A4.height - y, { lineBreak: false, baseline: 'alphabetic' });
  }

  /** A rectangle (`x`, `y` = bottom left) filled and/or stroked. */
  rect(x: number, y: number, width: number, height: number, style: { fill?: Color; stroke?: Color; lineWidth?: number; dash?: [number, number] }): void {
    const doc = this.doc.save();
    doc.rect(x, A4.height - y - height, width, height);
    if (style.dash) doc.dash(style.dash[0], { space: style.dash[1] });
    if (style.lineWidth !== undefined) doc.lineWidth(style.lineWidth);
    if (style.fill && style.stroke) doc.fillAndStroke(style.fill, style.stroke);
    else if (style.fill) doc.fill(style.fill);
    else if (style.stroke) doc.stroke(style.stroke);
    doc.restore();
  }

  /** A horizontal rule across the content width at `y`, as an artifact. */
  rule(y: number, from = MARGIN, to = A4.width - MARGIN): void {
    this.artifact(() => {
      this.doc.save().moveTo(from, A4.height - y).lineTo(to, A4.height - y).lineWidth(0.6).stroke(RULE).restore();
    });
  }

  /**
   * The QR code for `url` (with its quiet zone, on white; `x`, `y` = bottom left) as a `Figure` with a text
   * alternative: one path of filled squares, one rectangle per horizontal run of dark modules, in a coordinate system
   * of one unit per module (small integers in the content stream), row 0 at the top.
   */
  qr(url: string, x: number, y: number, size: number, alt: string, parent: StructElement = this.root): void {
    const matrix = qrMatrix(url);
    const count = matrix.length + 2 * QR_QUIET_ZONE;
    const module = size / count;
    const top = A4.height - y - size;
    this.block(
      'Figure',
      () => {
        const doc = this.doc.save();
        doc.rect(x, top, size, size).fill(WHITE);
        doc.transform(module, 0, 0, module, x + QR_QUIET_ZONE * module, top + QR_QUIET_ZONE * module);
        matrix.forEach((row, r) => {
          for (let c = 0; c < row.length; ) {
            if (!row[c]) {
              c++;
              continue;
            }
            const start = c;
            while (c < row.length && row[c]) c++;
            doc.rect(start, r, c - start, 1);
          }
        });
        doc.fill('#000000');
        doc.restore();
      },
      parent,
      { alt },
    );
  }

  /**
   * A URL printed as a link (wrapped between characters when it is longer than `maxWidth`): a `Link` element holding
   * the text and one link annotation per line, each with `description` as its alternate text.
   */
  link(url: string, description: string, x: number, y: number, size: number, maxWidth: number, parent: StructElement): number {
    const element = this.element('Link', parent);
    const leading = size * 1.35;
    let baseline = y;
    for (const line of this.wrap('regular', url, size, maxWidth)) {
      const lineY = baseline;
      this.tag(element, () => this.text('regular', line, x, lineY, size, BRAND));
      const width = this.textWidth('regular', line, size);
      // Underlined like a link on the web, so it is recognisable on paper too.
      this.artifact(() => {
        this.doc.save().moveTo(x, A4.height - lineY + 1.5).lineTo(x + width, A4.height - lineY + 1.5).lineWidth(0.5).stroke(BRAND).restore();
      });
      const annotation = { structParent: element, Contents: new String(description) } as unknown as PDFKit.Mixins.AnnotationOption;
      this.doc.link(x, A4.height - lineY - size * 0.8, width, size * 1.1, url, annotation);
      baseline -= leading;
    }
    element.end();
    return baseline;
  }

  /** The finished file. */
  async bytes(): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    const done = new Promise<Uint8Array>((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
      this.doc.on('error', reject);
    });
    this.root.end();
    this.doc.end();
    return done;
  }
}

// Letters: letterhead, flowing text over pages, footer ---------------------------------------------------------------

/** The lowest baseline of flowing text: above the footer's rule. */
const FLOW_BOTTOM = MARGIN + 26;

export interface Letterhead {
  /** The issuing authority by its display name (never a tenant id), bold on the left. */
  issuer: string;
  /** Grey lines under it: the office, a contact address. */
  lines?: readonly string[];
  /** Grey lines on the right: date and case number. */
  right: readonly string[];
}

/**
 * The letterhead of every document the platform issues: the authority (wrapped into the left column), grey lines below
 * it, grey right-aligned lines on the right, and a rule; tagged as paragraphs in that order. Returns the y of the rule.
 */
export function drawLetterhead(pdf: TaggedPdf, head: Letterhead, parent: StructElement = pdf.root): number {
  const top = A4.height - MARGIN;
  const rightWidth = Math.max(0, ...head.right.map((line) => pdf.textWidth('regular', line, 9.5)));
  const leftWidth = CONTENT_WIDTH - rightWidth - 8 * MM;
  let y = top;
  const issuer = pdf.element('P', parent);
  for (const line of pdf.wrap('bold', head.issuer, 14, leftWidth)) {
    const baseline = y - 14;
    pdf.tag(issuer, () => pdf.text('bold', line, MARGIN, baseline, 14));
    y -= 17;
  }
  issuer.end();
  y -= 1;
  for (const value of head.lines ?? []) {
    const element = pdf.element('P', parent);
    for (const line of pdf.wrap('regular', value, 9.5, leftWidth)) {
      const baseline = y - 9.5;
      pdf.tag(element, () => pdf.text('regular', line, MARGIN, baseline, 9.5, GREY));
      y -= 12.5;
    }
    element.end();
  }
  head.right.forEach((line, index) =>
    pdf.block('P', () => pdf.text('regular', line, A4.width - MARGIN - pdf.textWidth('regular', line, 9.5), top - 11 - index * 14, 9.5, GREY), parent),
  );
  y = Math.min(y, top - 14 * head.right.length) - 8;
  pdf.rule(y);
  return y;
}

const FOOTER_NOTE = 'Dieses Dokument wurde maschinell erstellt und ist ohne Unterschrift gültig.';

/**
 * The footer on every page: the note that no signature is needed and the page number. The note is read once, as the
 * document's last paragraph (on the last page); its repetitions and the page numbers are artifacts (pagination).
 */
export function drawFooters(pdf: TaggedPdf): void {
  const count = pdf.pageCount;
  for (let index = 0; index < count; index++) {
    pdf.switchToPage(index);
    pdf.rule(MARGIN + 13);
    const note = () => pdf.text('regular', FOOTER_NOTE, MARGIN, MARGIN, 9, GREY);
    if (index === count - 1) pdf.block('P', note);
    else pdf.artifact(note, 'Pagination');
    const number = `Seite ${index + 1} von ${count}`;
    pdf.artifact(() => pdf.text('regular', number, A4.width - MARGIN - pdf.textWidth('regular', number, 9), MARGIN, 9, GREY), 'Pagination');
  }
}

export interface ParagraphOptions {
  size?: number;
  bold?: boolean;
  color?: Color;
  indent?: number;
  after?: number;
  /** The structure type: `P` by default, `H1`/`H2` for headings. */
  type?: StructType;
}

/**
 * A cursor over A4 pages for letters: every line is wrapped to the content width (never past the right margin), and
 * the text continues on a new page — with a running head (an artifact) — when the current one is full. `y` is the top
 * of the next line. Paragraphs, headings, lists and label/value rows are tagged as they are drawn (`P`, `H1`/`H2`,
 * `L`/`LI`/`Lbl`/`LBody`, `Table`/`TR`/`TH`/`TD`), in reading order.
 */
export class FlowLayout {
  y = 0;
  /** The open table of consecutive `field` rows, if any. */
  private table: StructElement | undefined;

  /** `continueAt`: go on below content already drawn on the current page (baseline y of the flow's top). */
  constructor(
    readonly pdf: TaggedPdf,
    private readonly runningHead: string,
    options: { continueAt?: number } = {},
  ) {
    if (options.continueAt === undefined) this.newPage();
    else this.y = options.continueAt;
  }

  private newPage(): void {
    this.pdf.addPage();
    this.y = A4.height - MARGIN;
    if (this.pdf.pageCount > 1) {
      for (const line of this.pdf.wrap('regular', this.runningHead, 9, CONTENT_WIDTH)) {
        const baseline = this.y - 9;
        this.pdf.artifact(() => this.pdf.text('regular', line, MARGIN, baseline, 9, GREY), 'Pagination');
        this.y -= 12;
      }
      this.pdf.rule(this.y);
      this.y -= 14;
    }
  }

  /** Starts a new page unless `height` points still fit. */
  ensure(height: number): void {
    if (this.y - height < FLOW_BOTTOM) this.newPage();
  }

  /** Ends a table of fields: anything that is not a field row ends it. */
  private closeTable(): void {
    this.table?.end();
    this.table = undefined;
  }

  /**
   * Draws wrapped lines as content of `element`, advancing the cursor (and the page). A `lead` (a bold first sentence)
   * starts the first line; the text is wrapped as if all regular, narrower by what the bold lead adds.
   */
  private lines(element: StructElement, value: string, options: { size: number; weight: Weight; color: Color; x: number; width: number; lead?: string }): void {
    const { size, lead } = options;
    const leading = size * 1.35;
    const text = lead ? `${lead} ${value}` : value;
    const extra = lead ? this.pdf.textWidth('bold', lead, size) - this.pdf.textWidth('regular', lead, size) : 0;
    this.pdf.wrap(options.weight, text, size, options.width - extra).forEach((line, index) => {
      this.ensure(leading);
      const baseline = this.y - size;
      this.pdf.tag(element, () => {
        if (lead && index === 0) {
          this.pdf.text('bold', lead, options.x, baseline, size, options.color);
          this.pdf.text(options.weight, line.slice(lead.length), options.x + this.pdf.textWidth('bold', lead, size), baseline, size, options.color);
        } else {
          this.pdf.text(options.weight, line, options.x, baseline, size, options.color);
        }
      });
      this.y -= leading;
    });
  }

  /** A paragraph (or heading) wrapped to the content width (minus `indent`), advancing the cursor. */
  paragraph(value: string, options: ParagraphOptions = {}): void {
    this.closeTable();
    const indent = options.indent ?? 0;
    const element = this.pdf.element(options.type ?? 'P');
    this.lines(element, value, { size: options.size ?? 10, weight: options.bold ? 'bold' : 'regular', color: options.color ?? INK, x: MARGIN + indent, width: CONTENT_WIDTH - indent });
    element.end();
    this.y -= options.after ?? 0;
  }

  /** A bulleted list: the bullet is the item's label, the text its body (optionally led by a bold sentence). */
  list(items: ReadonlyArray<string | { lead: string; text: string }>, options: { size?: number; indent?: number; after?: number; bold?: boolean } = {}): void {
    this.closeTable();
    const size = options.size ?? 10;
    const indent = options.indent ?? 0;
    const list = this.pdf.element('L');
    for (const item of items) {
      const entry = this.pdf.element('LI', list);
      this.ensure(size * 1.35);
      const baseline = this.y - size;
      this.pdf.block('Lbl', () => this.pdf.text('regular', '•', MARGIN + indent, baseline, size), entry);
      const body = this.pdf.element('LBody', entry);
      const [text, lead] = typeof item === 'string' ? [item, undefined] : [item.text, item.lead];
      this.lines(body, text, { size, weight: options.bold ? 'bold' : 'regular', color: INK, x: MARGIN + indent + 5 * MM, width: CONTENT_WIDTH - indent - 5 * MM, ...(lead ? { lead } : {}) });
      body.end();
      entry.end();
      this.y -= options.after ?? 3;
    }
    list.end();
  }

  /** A paragraph: a label, and under it a URL printed as a link (wrapped between characters when it is long). */
  link(label: string, url: string, description: string, options: { size?: number; after?: number } = {}): void {
    this.closeTable();
    const size = options.size ?? 10;
    const paragraph = this.pdf.element('P');
    this.lines(paragraph, label, { size, weight: 'regular', color: INK, x: MARGIN, width: CONTENT_WIDTH });
    this.ensure(this.pdf.wrap('regular', url, size, CONTENT_WIDTH).length * size * 1.35);
    this.y = this.pdf.link(url, description, MARGIN, this.y - size, size, CONTENT_WIDTH, paragraph) + size - (options.after ?? 0);
    paragraph.end();
  }

  /** A label and its value side by side (a table row with the label as row header); both wrap in their columns. */
  field(label: string, value: string, options: { indent?: number; labelWidth?: number; size?: number; after?: number } = {}): void {
    const indent = options.indent ?? 0;
    const labelWidth = options.labelWidth ?? 42 * MM;
    const size = options.size ?? 10;
    const leading = size * 1.35;
    const labels = this.pdf.wrap('regular', label, size, labelWidth - 3 * MM);
    const values = this.pdf.wrap('regular', value, size, CONTENT_WIDTH - indent - labelWidth);
    this.ensure(leading * Math.min(Math.max(labels.length, values.length), 3));
    this.table ??= this.pdf.element('Table');
    const row = this.pdf.element('TR', this.table);
    const header = this.pdf.element('TH', row);
    // A row header (ISO 14289-1, 7.5: table headers need a scope), set as a Table attribute of the element.
    (header as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.A = { O: 'Table', Scope: 'Row' };
    const top = this.y;
    labels.forEach((line, index) => {
      const baseline = top - index * leading - size;
      this.pdf.tag(header, () => this.pdf.text('regular', line, MARGIN + indent, baseline, size, GREY));
    });
    header.end();
    const cell = this.pdf.element('TD', row);
    this.lines(cell, value, { size, weight: 'regular', color: INK, x: MARGIN + indent + labelWidth, width: CONTENT_WIDTH - indent - labelWidth });
    cell.end();
    row.end();
    this.y = Math.min(this.y, top - labels.length * leading) - (options.after ?? 0);
  }

  rule(): void {
    this.pdf.rule(this.y);
  }

  /** The letterhead at the top of the first page; the cursor ends below its rule. */
  letterhead(head: Letterhead): void {
    this.closeTable();
    this.y = drawLetterhead(this.pdf, head) - 22;
  }

  /** Footers on every page, then the file. */
  async finish(): Promise<Uint8Array> {
    this.closeTable();
    drawFooters(this.pdf);
    return this.pdf.bytes();
  }
}
