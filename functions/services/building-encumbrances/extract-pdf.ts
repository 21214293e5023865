/**
 * The Baulastenauskunft as a PDF (A4, as many pages as the entries need): a letter of the building authority listing,
 * per parcel, the valid Baulasten — or, when no parcel is burdened, the Negativbescheinigung.
 *
 * Rendered from the answer object (`extract-answer.ts`), the same data that is issued as JSON, so the two never
 * disagree. Drawn with pdf-lib and the standard Helvetica fonts (WinAnsi covers äöüß€ „“ –), like the permit PDF.
 * Pure (no I/O; times come from the answer), so issuing can be retried safely.
 */
import { PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { formatEuro } from '#core/money';
import { A4, BRAND, GREY, INK, MARGIN, MM, RULE, printable, standardFonts, textWidth, wrap, type Fonts } from '#functions/documents/pdf-kit';
import { germanDate, germanDateTime } from '#functions/documents/german-format';
import type { ExtractAnswer } from './extract-answer.ts';

const BOTTOM = MARGIN + 14;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;


/** A cursor over pages: text flows down and continues on a new page when the current one is full. */
class Layout {
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
      this.text(this.runningHead, { size: 8, color: GREY });
      this.y -= 6;
      this.rule();
      this.y -= 14;
    }
  }

  /** Starts a new page unless `height` points still fit. */
  ensure(height: number): void {
    if (this.y - height < BOTTOM) this.newPage();
  }

  text(value: string, options: { size?: number; bold?: boolean; color?: RGB; x?: number } = {}): void {
    const size = options.size ?? 10;
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    this.page.drawText(printable(font, value), { x: options.x ?? MARGIN, y: this.y - size, size, font, color: options.color ?? INK });
  }

  /** A paragraph wrapped to the content width (minus `indent`), advancing the cursor. */
  paragraph(value: string, options: { size?: number; bold?: boolean; color?: RGB; indent?: number; after?: number } = {}): void {
    const size = options.size ?? 10;
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const indent = options.indent ?? 0;
    const leading = size * 1.35;
    for (const line of wrap(font, value, size, CONTENT_WIDTH - indent)) {
      this.ensure(leading);
      this.text(line, { size, ...(options.bold ? { bold: true } : {}), ...(options.color ? { color: options.color } : {}), x: MARGIN + indent });
      this.y -= leading;
    }
    this.y -= options.after ?? 0;
  }

  /** A label and its value side by side (the value wraps in its column). */
  field(label: string, value: string, indent = 0): void {
    const labelWidth = 42 * MM;
    const size = 9.5;
    const leading = size * 1.35;
    const lines = wrap(this.fonts.regular, value, size, CONTENT_WIDTH - indent - labelWidth);
    this.ensure(leading * Math.min(lines.length, 3));
    this.text(label, { size, color: GREY, x: MARGIN + indent });
    for (const line of lines) {
      this.ensure(leading);
      this.text(line, { size, x: MARGIN + indent + labelWidth });
      this.y -= leading;
    }
  }

  rule(): void {
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4.width - MARGIN, y: this.y }, thickness: 0.6, color: RULE });
  }

  rightAligned(value: string, y: number, size: number): void {
    const font = this.fonts.regular;
    this.page.drawText(printable(font, value), { x: A4.width - MARGIN - textWidth(font, value, size), y, size, font, color: GREY });
  }
}

function letterhead(layout: Layout, answer: ExtractAnswer): void {
  const top = layout.y;
  layout.text(answer.behoerde.name, { size: 14, bold: true });
  layout.y -= 18;
  layout.text('Untere Bauaufsichtsbehörde – Baulastenverzeichnis', { size: 9, color: GREY });
  if (answer.behoerde.kontakt) {
    layout.y -= 12;
    layout.text(answer.behoerde.kontakt, { size: 9, color: GREY });
  }
  layout.rightAligned(`Datum: ${germanDate(answer.ausgestelltAm)}`, top - 11, 9);
  layout.rightAligned(`Aktenzeichen: ${answer.aktenzeichen}`, top - 25, 9);
  layout.y -= 16;
  layout.rule();
  layout.y -= 22;
  const recipient = answer.empfaenger.organisation ? `${answer.empfaenger.name}, ${answer.empfaenger.organisation}` : answer.empfaenger.name;
  layout.paragraph(`An: ${recipient}`, { size: 10, after: 12 });
}

function intro(layout: Layout, answer: ExtractAnswer): void {
  const negative = answer.art === 'negativbescheinigung';
  layout.paragraph(negative ? 'Negativbescheinigung' : 'Auskunft aus dem Baulastenverzeichnis', { size: 20, bold: true, color: BRAND, after: 2 });
  layout.paragraph(
    negative ? 'Bescheinigung, dass keine Baulasten eingetragen sind' : 'Eingetragene Baulasten der angefragten Flurstücke',
    { size: 11, color: GREY, after: 10 },
  );
  layout.paragraph(
    `Auf Ihren Antrag vom ${germanDate(answer.antrag.eingegangenAm)} (${answer.antrag.rolleBezeichnung}; Zweck: ${answer.antrag.zweckBezeichnung}) ` +
      `erteilen wir nach ${answer.rechtsgrundlage} folgende Auskunft. Stand des Baulastenverzeichnisses: ${germanDateTime(new Date(answer.stand))}.`,
    { after: 10 },
  );
}

function parcels(layout: Layout, answer: ExtractAnswer): void {
  if (answer.art === 'negativbescheinigung') {
    layout.paragraph(`Für die folgenden Flurstücke sind im Baulastenverzeichnis der ${answer.behoerde.name} keine gültigen Baulasten eingetragen:`, { after: 6 });
    for (const parcel of answer.flurstuecke) {
      layout.paragraph(`• ${parcel.bezeichnung}`, { bold: true, indent: 4 * MM });
      layout.paragraph(`Flurstückskennzeichen ${parcel.flurstueckskennzeichen}`, { size: 8.5, color: GREY, indent: 8 * MM, after: 4 });
    }
    layout.y -= 6;
    return;
  }
  for (const parcel of answer.flurstuecke) {
    layout.ensure(60);
    layout.paragraph(parcel.bezeichnung, { size: 12, bold: true });
    layout.paragraph(`Flurstückskennzeichen ${parcel.flurstueckskennzeichen}`, { size: 8.5, color: GREY, after: 6 });
    if (parcel.baulasten.length === 0) {
      layout.paragraph('Für dieses Flurstück sind im Baulastenverzeichnis keine gültigen Baulasten eingetragen.', { indent: 4 * MM, after: 10 });
      continue;
    }
    layout.paragraph(`${parcel.baulasten.length} gültige Baulast${parcel.baulasten.length === 1 ? '' : 'en'}:`, { indent: 4 * MM, after: 4 });
    for (const baulast of parcel.baulasten) {
      layout.ensure(70);
      layout.paragraph(`Baulastenblatt ${baulast.baulastenblatt}, lfd. Nr. ${baulast.laufendeNummer} – ${baulast.artBezeichnung}`, { bold: true, indent: 4 * MM, after: 2 });
      layout.field('Eingetragen am', germanDate(baulast.eintragungsdatum), 8 * MM);
      layout.field('Inhalt', baulast.inhalt, 8 * MM);
      if (baulast.beguenstigteFlurstuecke.length > 0) {
        layout.field('Zugunsten', baulast.beguenstigteFlurstuecke.map((favoured) => favoured.bezeichnung).join('; '), 8 * MM);
      }
      if (baulast.aktenzeichen) layout.field('Aktenzeichen', baulast.aktenzeichen, 8 * MM);
      layout.y -= 8;
    }
    layout.y -= 6;
  }
}

function closing(layout: Layout, answer: ExtractAnswer): void {
  layout.ensure(80);
  layout.paragraph('Hinweise', { size: 11, bold: true, after: 2 });
  for (const hint of answer.hinweise) layout.paragraph(`• ${hint}`, { size: 9.5, indent: 2 * MM, after: 3 });
  if (answer.gebuehr) {
    layout.y -= 4;
    const reference = answer.gebuehr.kassenzeichen ? `, Kassenzeichen ${answer.gebuehr.kassenzeichen}` : '';
    layout.paragraph(`Gebühr: ${formatEuro(answer.gebuehr.betragCent)} (${answer.gebuehr.rechtsgrundlage}), bereits bezahlt${reference}.`, { size: 9.5 });
  }
}

export async function renderExtractPdf(answer: ExtractAnswer): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await standardFonts(doc);
  const title = answer.art === 'negativbescheinigung' ? 'Negativbescheinigung (Baulastenverzeichnis)' : 'Auskunft aus dem Baulastenverzeichnis';
  const issuedAt = new Date(answer.ausgestelltAm);

  // Metadata for assistive technology and search; no names or parcels (metadata gets indexed by desktop search).
  doc.setTitle(`${title} – ${answer.aktenzeichen}`, { showInWindowTitleBar: true });
  doc.setLanguage('de-DE');
  doc.setAuthor(answer.behoerde.name);
  doc.setSubject(title);
  doc.setKeywords(['Baulastenauskunft', answer.aktenzeichen]);
  doc.setCreator('OpenKreis');
  doc.setProducer('OpenKreis');
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);

  const layout = new Layout(doc, fonts, `${answer.behoerde.name} – ${title} – Aktenzeichen ${answer.aktenzeichen}`);
  letterhead(layout, answer);
  intro(layout, answer);
  parcels(layout, answer);
  closing(layout, answer);

  const total = layout.pages.length;
  layout.pages.forEach((page, index) => {
    const footer = 'Dieses Dokument wurde maschinell erstellt und ist ohne Unterschrift gültig.';
    page.drawLine({ start: { x: MARGIN, y: MARGIN + 12 }, end: { x: A4.width - MARGIN, y: MARGIN + 12 }, thickness: 0.6, color: RULE });
    page.drawText(printable(fonts.regular, footer), { x: MARGIN, y: MARGIN, size: 8, font: fonts.regular, color: GREY });
    const number = `Seite ${index + 1} von ${total}`;
    page.drawText(number, { x: A4.width - MARGIN - textWidth(fonts.regular, number, 8), y: MARGIN, size: 8, font: fonts.regular, color: GREY });
  });
  return doc.save({ useObjectStreams: false });
}
