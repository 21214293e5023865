/**
 * The training certificate (Fortbildungsnachweis) as a PDF: A4 portrait, German, with the holder's name, the course
 * title and version, completion date, validity („unbefristet“ when the course does not expire), the quiz score, the
 * issuing authority and a QR code leading to the public verification page (which shows the status, never the name).
 *
 * A tagged PDF (PDF/UA) drawn with the shared layout of `functions/documents/pdf-kit.ts`; the QR code carries a text
 * alternative and the verification URL is printed below it as a link, so a screen-reader user reaches the verification
 * too. The QR code is as large as the permit's (42 mm), so it decodes from a 100 dpi scan. Pure (no I/O, dates come
 * from the input), so it can be rendered again at any time from the stored record.
 */
import { A4, BRAND, drawFooters, drawLetterhead, GREY, MARGIN, MM, TaggedPdf, type Color, type StructElement, type StructType, type Weight } from '#functions/documents/pdf-kit';
import { berlinDate, germanDate } from '#core/dates';

export interface CertificatePdfInput {
  certificateId: string;
  holderName: string;
  courseTitle: string;
  courseVersion: number;
  /** ISO instant of completion. */
  completedAt: string;
  /** Last valid day (`yyyy-mm-dd`); undefined = does not expire. */
  validUntil?: string | undefined;
  /** Percent; undefined for a course without quiz. */
  scorePercent?: number | undefined;
  issuerName: string;
  verifyUrl: string;
}

const CONTENT_WIDTH = A4.width - 2 * MARGIN;
/** The QR code's edge: 42 mm like the permit's, so a verification URL of ~180 characters decodes from 100 dpi. */
export const CERTIFICATE_QR_SIZE = 42 * MM;

function centred(pdf: TaggedPdf, element: StructElement, weight: Weight, value: string, y: number, size: number, color?: Color): void {
  pdf.tag(element, () => pdf.text(weight, value, (A4.width - pdf.textWidth(weight, value, size)) / 2, y, size, color));
}

let percent: Intl.NumberFormat | undefined;

/** „85 %“, „87,5 %“ — German number format, a space before the sign (DIN 5008). Made on first use (ICU data). */
export function formatScore(scorePercent: number): string {
  percent ??= new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });
  return `${percent.format(scorePercent)} %`;
}

export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
  const completedAt = new Date(input.completedAt);
  const completedOn = germanDate(berlinDate(completedAt));
  const validity = input.validUntil ? germanDate(input.validUntil) : 'unbefristet';

  // Metadata without the holder's name: metadata gets indexed and copied where the printed page does not go.
  const pdf = new TaggedPdf({
    title: `Fortbildungsnachweis – ${input.courseTitle}`,
    author: input.issuerName,
    subject: `Nachweis über die abgeschlossene Fortbildung „${input.courseTitle}“ (Version ${input.courseVersion})`,
    keywords: ['Fortbildungsnachweis', input.certificateId],
    createdAt: completedAt,
  });
  pdf.addPage();
  const right = A4.width - MARGIN;
  const block = (type: StructType, draw: (element: StructElement) => void) => {
    const element = pdf.element(type);
    draw(element);
    element.end();
  };

  // The shared letterhead: a long authority name wraps instead of running off the page.
  let y = drawLetterhead(pdf, { issuer: input.issuerName, right: [`Ausgestellt am ${completedOn}`] });

  y -= 60;
  block('H1', (element) => centred(pdf, element, 'bold', 'Fortbildungsnachweis', y, 30, BRAND));
  y -= 46;
  // The statement is one paragraph for a screen reader, drawn as centred lines.
  block('P', (element) => {
    centred(pdf, element, 'regular', 'Hiermit wird bestätigt, dass', y, 12);
    y -= 34;
    centred(pdf, element, 'bold', input.holderName, y, pdf.fittingSize('bold', input.holderName, 24, CONTENT_WIDTH));
    y -= 30;
    centred(pdf, element, 'regular', 'die Fortbildung', y, 12);
    for (const line of pdf.wrap('bold', input.courseTitle, 18, CONTENT_WIDTH)) {
      y -= 26;
      centred(pdf, element, 'bold', line, y, 18);
    }
    y -= 20;
    centred(pdf, element, 'regular', `Version ${input.courseVersion}`, y, 11, GREY);
    y -= 26;
    centred(pdf, element, 'regular', 'erfolgreich abgeschlossen hat.', y, 12);
  });

  // Facts, as a table of label / value rows.
  y -= 44;
  const facts: Array<[string, string]> = [
    ['Abgeschlossen am', completedOn],
    ['Gültig bis', validity],
    ...(input.scorePercent !== undefined ? ([['Ergebnis des Abschlusstests', formatScore(input.scorePercent)]] as Array<[string, string]>) : []),
    ['Nachweisnummer', input.certificateId],
  ];
  const labelX = MARGIN + 30 * MM;
  const valueX = labelX + 60 * MM;
  block('Table', (table) => {
    for (const [label, value] of facts) {
      const row = pdf.element('TR', table);
      const header = pdf.element('TH', row);
      (header as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.A = { O: 'Table', Scope: 'Row' };
      const rowY = y;
      pdf.tag(header, () => pdf.text('regular', label, labelX, rowY, 11, GREY));
      header.end();
      pdf.block('TD', () => pdf.text('bold', value, valueX, rowY, 11), row);
      row.end();
      y -= 20;
    }
  });

  // The QR code with its explanation and the verification URL as a link.
  const qrY = MARGIN + 26;
  const hintX = MARGIN + CERTIFICATE_QR_SIZE + 8 * MM;
  block('Sect', (section) => {
    let hintY = qrY + CERTIFICATE_QR_SIZE - 14;
    pdf.block('H2', () => pdf.text('bold', 'Echtheit prüfen', hintX, hintY, 11), section);
    hintY -= 16;
    const hint =
      'Scannen Sie den QR-Code oder öffnen Sie die Adresse darunter: Die Prüfseite zeigt, ob dieser Nachweis gültig, ' +
      'abgelaufen oder widerrufen ist, mit Kurs, Version und Datum – ohne persönliche Daten.';
    const paragraph = pdf.element('P', section);
    for (const line of pdf.wrap('regular', hint, 9.5, right - hintX)) {
      const lineY = hintY;
      pdf.tag(paragraph, () => pdf.text('regular', line, hintX, lineY, 9.5, GREY));
      hintY -= 12.5;
    }
    paragraph.end();
    pdf.qr(input.verifyUrl, MARGIN, qrY, CERTIFICATE_QR_SIZE, 'QR-Code zur Echtheitsprüfung dieses Nachweises; er enthält die Adresse der Prüfseite, die darunter als Link steht.', section);
    pdf.link(input.verifyUrl, 'Prüfseite dieses Fortbildungsnachweises öffnen', hintX, hintY - 4, 9, right - hintX, section);
  });

  drawFooters(pdf);
  return pdf.bytes();
}
