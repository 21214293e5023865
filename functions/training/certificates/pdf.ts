/**
 * The training certificate (Fortbildungsnachweis) as a PDF: A4 portrait, German, with the holder's name, the course
 * title and version, completion date, validity („unbefristet“ when the course does not expire), the quiz score, the
 * issuing authority and a QR code leading to the public verification page (which shows the status, never the name).
 *
 * Drawn like the permit with the shared layout of `functions/documents/pdf-kit.ts` (Helvetica, QR code as vector
 * squares). Pure (no I/O, dates come from the input), so it can be rendered again at any time from the stored record.
 */
import { PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { A4, BRAND, drawFooter, drawLetterhead, drawQr, drawText, fittingSize, GREY, INK, MARGIN, MM, qrMatrix, standardFonts, textWidth, wrap } from '#functions/documents/pdf-kit';
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

function centred(page: PDFPage, font: PDFFont, value: string, y: number, size: number, color: RGB = INK): void {
  drawText(page, font, value, (A4.width - textWidth(font, value, size)) / 2, y, size, color);
}

let percent: Intl.NumberFormat | undefined;

/** „85 %“, „87,5 %“ — German number format, a space before the sign (DIN 5008). Made on first use (ICU data). */
export function formatScore(scorePercent: number): string {
  percent ??= new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });
  return `${percent.format(scorePercent)} %`;
}

export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = await standardFonts(doc);
  const completedAt = new Date(input.completedAt);
  const completedOn = germanDate(berlinDate(completedAt));
  const validity = input.validUntil ? germanDate(input.validUntil) : 'unbefristet';

  // Metadata without the holder's name: metadata gets indexed and copied where the printed page does not go.
  doc.setTitle(`Fortbildungsnachweis – ${input.courseTitle}`, { showInWindowTitleBar: true });
  doc.setLanguage('de-DE');
  doc.setAuthor(input.issuerName);
  doc.setSubject(`Nachweis über die abgeschlossene Fortbildung „${input.courseTitle}“ (Version ${input.courseVersion})`);
  doc.setKeywords(['Fortbildungsnachweis', input.certificateId]);
  doc.setCreator('OpenKreis');
  doc.setProducer('OpenKreis');
  doc.setCreationDate(completedAt);
  doc.setModificationDate(completedAt);

  const page = doc.addPage([A4.width, A4.height]);
  const right = A4.width - MARGIN;

  // The shared letterhead: a long authority name wraps instead of running off the page.
  let y = drawLetterhead(page, fonts, { issuer: input.issuerName, right: [`Ausgestellt am ${completedOn}`] });

  y -= 70;
  centred(page, fonts.bold, 'Fortbildungsnachweis', y, 30, BRAND);
  y -= 50;
  centred(page, fonts.regular, 'Hiermit wird bestätigt, dass', y, 12);
  y -= 34;
  const nameSize = fittingSize(fonts.bold, input.holderName, 24, CONTENT_WIDTH);
  centred(page, fonts.bold, input.holderName, y, nameSize);
  y -= 30;
  centred(page, fonts.regular, 'die Fortbildung', y, 12);
  for (const line of wrap(fonts.bold, input.courseTitle, 18, CONTENT_WIDTH)) {
    y -= 26;
    centred(page, fonts.bold, line, y, 18);
  }
  y -= 20;
  centred(page, fonts.regular, `Version ${input.courseVersion}`, y, 11, GREY);
  y -= 26;
  centred(page, fonts.regular, 'erfolgreich abgeschlossen hat.', y, 12);

  // Facts, as label / value pairs.
  y -= 50;
  const facts: Array<[string, string]> = [
    ['Abgeschlossen am', completedOn],
    ['Gültig bis', validity],
    ...(input.scorePercent !== undefined ? ([['Ergebnis des Abschlusstests', formatScore(input.scorePercent)]] as Array<[string, string]>) : []),
    ['Nachweisnummer', input.certificateId],
  ];
  const labelX = MARGIN + 30 * MM;
  const valueX = labelX + 60 * MM;
  for (const [label, value] of facts) {
    drawText(page, fonts.regular, label, labelX, y, 11, GREY);
    drawText(page, fonts.bold, value, valueX, y, 11);
    y -= 20;
  }

  // The QR code with its explanation.
  const qrSize = 34 * MM;
  const qrY = MARGIN + 24;
  drawQr(page, qrMatrix(input.verifyUrl), MARGIN, qrY, qrSize);
  const hintX = MARGIN + qrSize + 8 * MM;
  drawText(page, fonts.bold, 'Echtheit prüfen', hintX, qrY + qrSize - 14, 11);
  const hint = 'Scannen Sie den QR-Code: Die Prüfseite zeigt, ob dieser Nachweis gültig, abgelaufen oder widerrufen ist, ' +
    'mit Kurs, Version und Datum – ohne persönliche Daten.';
  let hintY = qrY + qrSize - 30;
  for (const line of wrap(fonts.regular, hint, 9, right - hintX)) {
    drawText(page, fonts.regular, line, hintX, hintY, 9, GREY);
    hintY -= 12;
  }

  drawFooter(page, fonts, 0, 1);

  return doc.save({ useObjectStreams: false });
}

