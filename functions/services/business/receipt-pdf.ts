/**
 * The acknowledgement of receipt of a Gewerbeanzeige (Empfangsbescheinigung, § 15 Abs. 1 GewO) as an A4 PDF:
 * letterhead of the municipality, what was notified (operator, premises, activity, date), the business id for later
 * notices, the usual caveat that the acknowledgement is no permit, and the authorities the data is forwarded to
 * (§ 14 Abs. 8 GewO, § 3 GewAnzV, § 138 AO).
 *
 * Same style as the permit PDF (`functions/documents/permit-pdf.ts`): pdf-lib with the standard Helvetica fonts
 * (WinAnsi covers äöüß€ „“ –), German dates, document metadata without personal data. Pure: no I/O, all dates
 * from the input, so the issue step can be retried and renders the same document.
 */
import { PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { A4, GREY, INK, MARGIN, MM, RULE, printable, standardFonts, textWidth, wrap, type Fonts } from '#functions/documents/pdf-kit';
import { germanDate, germanDateTime } from '#functions/documents/german-format';
import type { FormKind } from './forms.ts';

export interface ReceiptPdfInput {
  kind: FormKind;
  caseNumber: string;
  businessId: string;
  issuer: { name: string; contactEmail?: string; postalAddress?: string };
  receivedAt: string;
  issuedAt: string;
  /** Label/value rows describing the notice, in form order. */
  rows: ReadonlyArray<readonly [string, string]>;
  /** Names of the authorities the notice is forwarded to. */
  recipients: readonly string[];
  fee?: string;
}

export const RECEIPT_TITLES: Record<FormKind, { title: string; subject: string }> = {
  GewA1: { title: 'Empfangsbescheinigung', subject: 'über die Gewerbe-Anmeldung (§ 14 Abs. 1 Satz 1 GewO)' },
  GewA2: { title: 'Empfangsbescheinigung', subject: 'über die Gewerbe-Ummeldung (§ 14 Abs. 1 Satz 2 Nr. 1 und 2 GewO)' },
  GewA3: { title: 'Empfangsbescheinigung', subject: 'über die Gewerbe-Abmeldung (§ 14 Abs. 1 Satz 2 Nr. 3 GewO)' },
};

const LABEL_WIDTH = 55 * MM;

/** A cursor over pages: writes lines top-down and starts a new page when the current one is full. */
class Writer {
  page: PDFPage;
  y: number;
  pages: PDFPage[] = [];

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
  ) {
    this.page = this.newPage();
    this.y = A4.height - MARGIN;
  }

  private newPage(): PDFPage {
    const page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(page);
    return page;
  }

  ensure(height: number): void {
    if (this.y - height < MARGIN + 24) {
      this.page = this.newPage();
      this.y = A4.height - MARGIN;
    }
  }

  text(value: string, x: number, size: number, options: { bold?: boolean; color?: RGB; y?: number } = {}): void {
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    this.page.drawText(printable(font, value), { x, y: options.y ?? this.y, size, font, color: options.color ?? INK });
  }

  paragraph(value: string, size: number, options: { bold?: boolean; color?: RGB; x?: number; maxWidth?: number; lineHeight?: number } = {}): void {
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const x = options.x ?? MARGIN;
    const lines = wrap(font, value, size, options.maxWidth ?? A4.width - MARGIN - x);
    const lineHeight = options.lineHeight ?? size * 1.35;
    for (const line of lines) {
      this.ensure(lineHeight);
      this.text(line, x, size, options);
      this.y -= lineHeight;
    }
  }

  row(label: string, value: string): void {
    const size = 10;
    const lineHeight = size * 1.35;
    const valueX = MARGIN + LABEL_WIDTH;
    const lines = wrap(this.fonts.regular, value, size, A4.width - MARGIN - valueX);
    const labelLines = wrap(this.fonts.bold, label, 9, LABEL_WIDTH - 4 * MM);
    const height = Math.max(lines.length, labelLines.length) * lineHeight;
    this.ensure(height + 4);
    labelLines.forEach((line, index) => this.text(line, MARGIN, 9, { bold: true, color: GREY, y: this.y - index * lineHeight }));
    lines.forEach((line, index) => this.text(line, valueX, size, { y: this.y - index * lineHeight }));
    this.y -= height + 4;
  }

  rule(): void {
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4.width - MARGIN, y: this.y }, thickness: 0.6, color: RULE });
  }
}

export async function renderReceiptPdf(input: ReceiptPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await standardFonts(doc);
  const issuedAt = new Date(input.issuedAt);
  const { title, subject } = RECEIPT_TITLES[input.kind];

  // Metadata for assistive technology and search; no names or addresses (metadata travels further than the page).
  doc.setTitle(`${title} ${subject} – ${input.caseNumber}`, { showInWindowTitleBar: true });
  doc.setLanguage('de-DE');
  doc.setAuthor(input.issuer.name);
  doc.setSubject(`${title} ${subject}`);
  doc.setKeywords(['Gewerbeanzeige', 'Empfangsbescheinigung', input.caseNumber]);
  doc.setCreator('OpenKreis');
  doc.setProducer('OpenKreis');
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);

  const w = new Writer(doc, fonts);
  const right = A4.width - MARGIN;

  // Letterhead: the municipality on the left, date and case number on the right.
  w.text(input.issuer.name, MARGIN, 14, { bold: true, y: w.y - 4 });
  if (input.issuer.contactEmail) w.text(input.issuer.contactEmail, MARGIN, 9, { color: GREY, y: w.y - 18 });
  if (input.issuer.postalAddress) w.text(input.issuer.postalAddress, MARGIN, 9, { color: GREY, y: w.y - 30 });
  const dateLine = `Ausgestellt am ${germanDate(input.issuedAt)}`;
  const caseLine = `Aktenzeichen ${input.caseNumber}`;
  w.text(dateLine, right - textWidth(fonts.regular, dateLine, 9), 9, { color: GREY, y: w.y - 4 });
  w.text(caseLine, right - textWidth(fonts.regular, caseLine, 9), 9, { color: GREY, y: w.y - 18 });
  w.y -= 40;
  w.rule();

  w.y -= 32;
  w.text(title, MARGIN, 22, { bold: true });
  w.y -= 18;
  w.paragraph(subject, 11, { color: GREY });
  w.y -= 8;
  w.paragraph(
    `Hiermit wird der Empfang der folgenden Gewerbeanzeige nach § 15 Abs. 1 der Gewerbeordnung bescheinigt. Die Anzeige ist am ${germanDateTime(new Date(input.receivedAt))} online eingegangen.`,
    10,
  );
  w.y -= 8;

  for (const [label, value] of input.rows) w.row(label, value);
  w.row('Betriebs-ID', input.businessId);
  if (input.fee) w.row('Gebühr', input.fee);

  w.y -= 8;
  w.ensure(60);
  w.paragraph('Bitte beachten Sie', 11, { bold: true });
  w.y -= 2;
  const notes =
    input.kind === 'GewA3'
      ? ['Bewahren Sie diese Bescheinigung auf. Sie dient als Nachweis der Abmeldung, z. B. gegenüber dem Finanzamt.']
      : [
          'Diese Bescheinigung berechtigt nicht zur Ausübung des Gewerbes, wenn dafür eine Erlaubnis, eine Eintragung in die Handwerksrolle oder eine sonstige Genehmigung erforderlich ist.',
          'Für Ummeldungen und die Abmeldung geben Sie bitte die oben genannte Betriebs-ID an.',
        ];
  for (const note of notes) {
    w.paragraph(`• ${note}`, 10);
    w.y -= 3;
  }

  if (input.recipients.length > 0) {
    w.y -= 6;
    w.ensure(40);
    w.paragraph('Weitergabe Ihrer Angaben', 11, { bold: true });
    w.y -= 2;
    w.paragraph(
      'Nach § 14 Abs. 8 GewO, § 3 GewAnzV und § 138 Abs. 1 AO werden Daten aus Ihrer Anzeige an folgende Stellen übermittelt; jede Stelle erhält nur die Angaben, die sie für ihre Aufgaben benötigt:',
      10,
    );
    for (const recipient of input.recipients) w.paragraph(`• ${recipient}`, 10, { x: MARGIN + 4 * MM });
  }

  // Footer on every page.
  const footer = 'Dieses Dokument wurde maschinell erstellt und ist ohne Unterschrift gültig.';
  w.pages.forEach((page, index) => {
    page.drawLine({ start: { x: MARGIN, y: MARGIN + 12 }, end: { x: right, y: MARGIN + 12 }, thickness: 0.6, color: RULE });
    page.drawText(printable(fonts.regular, footer), { x: MARGIN, y: MARGIN, size: 8, font: fonts.regular, color: GREY });
    const pageNumber = `Seite ${index + 1} von ${w.pages.length}`;
    page.drawText(pageNumber, { x: right - textWidth(fonts.regular, pageNumber, 8), y: MARGIN, size: 8, font: fonts.regular, color: GREY });
  });

  return doc.save({ useObjectStreams: false });
}
