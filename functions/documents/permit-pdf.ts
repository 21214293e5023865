/**
 * The resident parking permit (Bewohnerparkausweis) as a print@home PDF: A4 portrait with a card to cut out
 * (A6 landscape, 148 × 105 mm) that carries the plate, zone, validity, case number, issuing authority and a QR code
 * leading to the public verification page; hints for the holder below the card.
 *
 * Drawn with pdf-lib and the shared layout of `pdf-kit.ts` (Helvetica, QR code as vector squares).
 * Pure (no I/O, dates come from the input), so issuing can be retried safely.
 */
import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import { A4, BRAND, drawFooter, drawLetterhead, drawQr, drawText, fittingSize, GREY, INK, MARGIN, MM, qrMatrix, standardFonts, textWidth, WHITE, wrap, type Fonts } from './pdf-kit.ts';
import { germanDate } from './german-format.ts';

export interface PermitPdfInput {
  plate: string;
  zoneId: string;
  zoneName: string;
  validFrom: string;
  validTo: string;
  caseNumber: string;
  issuer: { name: string; contactEmail?: string };
  verifyUrl: string;
  issuedAt: string;
}

const CARD = { width: 148 * MM, height: 105 * MM };

const EU_BLUE = rgb(0, 0.2, 0.6);

function drawLabelled(page: PDFPage, fonts: Fonts, label: string, value: string, x: number, y: number, valueSize: number): void {
  drawText(page, fonts.regular, label, x, y, 7.5, GREY);
  drawText(page, fonts.bold, value, x, y - valueSize - 1.5, valueSize);
}

function drawCard(page: PDFPage, fonts: Fonts, input: PermitPdfInput, x: number, y: number): void {
  const { width: w, height: h } = CARD;
  const pad = 6 * MM;

  // The cut line, and the instruction above it.
  page.drawRectangle({ x, y, width: w, height: h, borderColor: INK, borderWidth: 0.8, borderDashArray: [4, 3] });
  const instruction = 'Hier ausschneiden und gut sichtbar hinter die Windschutzscheibe legen';
  drawText(page, fonts.bold, instruction, x + (w - textWidth(fonts.bold, instruction, 9)) / 2, y + h + 4, 9);

  // Header band.
  const bandHeight = 13 * MM;
  const bandTop = y + h - 3 * MM;
  page.drawRectangle({ x: x + 3 * MM, y: bandTop - bandHeight, width: w - 6 * MM, height: bandHeight, color: BRAND });
  drawText(page, fonts.bold, 'Bewohnerparkausweis', x + pad, bandTop - 8.2 * MM, 17, WHITE);
  const issuerSize = fittingSize(fonts.regular, input.issuer.name, 9.5, 52 * MM);
  drawText(page, fonts.regular, input.issuer.name, x + w - pad - textWidth(fonts.regular, input.issuer.name, issuerSize), bandTop - 5.6 * MM, issuerSize, WHITE);
  const basis = 'Bewohnerparken, § 45 Abs. 1b StVO';
  drawText(page, fonts.regular, basis, x + w - pad - textWidth(fonts.regular, basis, 7), bandTop - 9.6 * MM, 7, WHITE);

  // QR code on the right, its top level with the zone label.
  const bandBottom = bandTop - bandHeight;
  const qrSize = 42 * MM;
  const qrX = x + w - pad - qrSize + 2.5 * MM; // the quiet zone may reach into the padding
  const qrY = bandBottom - 3 * MM - qrSize;
  drawQr(page, qrMatrix(input.verifyUrl), qrX, qrY, qrSize);
  const caption = ['Echtheit und Gültigkeit prüfen:', 'QR-Code scannen'];
  caption.forEach((line, i) => {
    const font = i === 0 ? fonts.regular : fonts.bold;
    drawText(page, font, line, qrX + (qrSize - textWidth(font, line, 7.5)) / 2, qrY - 1.5 * MM - i * 9, 7.5, i === 0 ? GREY : INK);
  });

  // Left column: zone, plate, validity, case number.
  const left = x + pad;
  const columnWidth = qrX - left - 2 * MM;
  let cursor = bandBottom - 6 * MM;
  const zone = input.zoneName && input.zoneName !== input.zoneId ? `${input.zoneId} – ${input.zoneName}` : input.zoneId;
  drawLabelled(page, fonts, 'Bewohnerparkzone', zone, left, cursor, fittingSize(fonts.bold, zone, 16, columnWidth));

  // The plate, in a frame styled after a German number plate (blue EU band with "D").
  cursor -= 13 * MM;
  drawText(page, fonts.regular, 'Amtliches Kennzeichen', left, cursor, 7.5, GREY);
  const plateHeight = 21 * MM;
  const plateBottom = cursor - 2 * MM - plateHeight;
  const euBand = 7 * MM;
  page.drawRectangle({ x: left, y: plateBottom, width: columnWidth, height: plateHeight, color: WHITE, borderColor: INK, borderWidth: 2.2 });
  page.drawRectangle({ x: left + 1.1, y: plateBottom + 1.1, width: euBand, height: plateHeight - 2.2, color: EU_BLUE });
  drawText(page, fonts.bold, 'D', left + 1.1 + (euBand - textWidth(fonts.bold, 'D', 12)) / 2, plateBottom + 3 * MM, 12, WHITE);
  const plateSize = fittingSize(fonts.bold, input.plate, 46, columnWidth - euBand - 6 * MM);
  const plateTextX = left + euBand + (columnWidth - euBand - textWidth(fonts.bold, input.plate, plateSize)) / 2;
  drawText(page, fonts.bold, input.plate, plateTextX, plateBottom + (plateHeight - plateSize * 0.72) / 2, plateSize);

  cursor = plateBottom - 7 * MM;
  drawLabelled(page, fonts, 'Gültig von', germanDate(input.validFrom), left, cursor, 15);
  drawLabelled(page, fonts, 'Gültig bis', germanDate(input.validTo), left + columnWidth / 2, cursor, 15);

  cursor -= 13 * MM;
  drawLabelled(page, fonts, 'Aktenzeichen', input.caseNumber, left, cursor, 9.5);
  drawLabelled(page, fonts, 'Ausgestellt am', germanDate(input.issuedAt), left + columnWidth / 2, cursor, 9.5);

  const footer = 'Nur gültig für das oben genannte Kennzeichen in der genannten Zone.';
  drawText(page, fonts.regular, footer, left, y + 4 * MM, 7, GREY);
}

function drawHints(page: PDFPage, fonts: Fonts, input: PermitPdfInput, top: number): number {
  const maxWidth = A4.width - 2 * MARGIN - 6 * MM;
  let y = top;
  drawText(page, fonts.bold, 'Hinweise', MARGIN, y, 12);
  y -= 18;
  const hints: Array<[string, string]> = [
    ['Selbst ausdrucken erlaubt.', 'Sie dürfen diesen Ausweis selbst ausdrucken (print@home). Normalpapier und ein Schwarz-Weiß-Druck genügen, wenn Kennzeichen und QR-Code gut lesbar sind.'],
    ['Gut sichtbar auslegen.', 'Legen Sie den ausgeschnittenen Ausweis von außen gut lesbar hinter die Windschutzscheibe. Er gilt nur für das angegebene Kennzeichen und nur in der angegebenen Bewohnerparkzone.'],
    ['Prüfung per QR-Code.', 'Die Verkehrsüberwachung prüft den Ausweis über den QR-Code oder anhand des Kennzeichens. Der QR-Code führt zu einer Prüfseite, die den aktuellen Stand zeigt: gültig, abgelaufen oder widerrufen. Veränderte Ausweise werden dabei erkannt.'],
    ['Rückgabe bei Umzug.', 'Ziehen Sie aus der Bewohnerparkzone weg oder ändert sich das Kennzeichen, ist der Ausweis zurückzugeben. Bitte teilen Sie uns dies mit; wir sperren den Ausweis dann. Für ein neues Kennzeichen können Sie online einen geänderten Ausweis beantragen.'],
  ];
  for (const [lead, body] of hints) {
    drawText(page, fonts.bold, '•', MARGIN, y, 10);
    // Wrapped as if all regular, narrower by what the bold lead adds: the first line still fits.
    const lines = wrap(fonts.regular, `${lead} ${body}`, 10, maxWidth - (textWidth(fonts.bold, lead, 10) - textWidth(fonts.regular, lead, 10)));
    lines.forEach((line, index) => {
      const x = MARGIN + 6 * MM;
      if (index === 0) {
        // The lead sentence in bold, the rest of the first line regular.
        const rest = line.slice(lead.length);
        drawText(page, fonts.bold, lead, x, y, 10);
        drawText(page, fonts.regular, rest, x + textWidth(fonts.bold, lead, 10), y, 10);
      } else {
        drawText(page, fonts.regular, line, x, y, 10);
      }
      y -= 13.5;
    });
    y -= 5;
  }
  if (input.issuer.contactEmail) {
    y -= 4;
    for (const line of wrap(fonts.regular, `Fragen zu Ihrem Ausweis beantwortet ${input.issuer.name}: ${input.issuer.contactEmail}`, 10, A4.width - 2 * MARGIN)) {
      drawText(page, fonts.regular, line, MARGIN, y, 10);
      y -= 13.5;
    }
  }
  return y;
}

export async function renderPermitPdf(input: PermitPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await standardFonts(doc);
  const issuedAt = new Date(input.issuedAt);
  const zone = input.zoneName && input.zoneName !== input.zoneId ? `${input.zoneId} – ${input.zoneName}` : input.zoneId;

  // Metadata for assistive technology and search; deliberately without the plate (personal data in metadata gets
  // indexed by desktop search and survives where the printed page does not).
  doc.setTitle(`Bewohnerparkausweis – ${input.caseNumber}`, { showInWindowTitleBar: true });
  doc.setLanguage('de-DE');
  doc.setAuthor(input.issuer.name);
  doc.setSubject(`Bewohnerparkausweis für die Zone ${zone}, gültig vom ${germanDate(input.validFrom)} bis ${germanDate(input.validTo)}`);
  doc.setKeywords(['Bewohnerparkausweis', input.caseNumber]);
  doc.setCreator('OpenKreis');
  doc.setProducer('OpenKreis');
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);

  const page = doc.addPage([A4.width, A4.height]);

  // Letterhead: issuing authority on the left, date and case number on the right.
  let y = drawLetterhead(page, fonts, {
    issuer: input.issuer.name,
    lines: input.issuer.contactEmail ? [input.issuer.contactEmail] : [],
    right: [`Ausgestellt am ${germanDate(input.issuedAt)}`, `Aktenzeichen ${input.caseNumber}`],
  });

  y -= 34;
  drawText(page, fonts.bold, 'Bewohnerparkausweis', MARGIN, y, 24);
  for (const line of wrap(fonts.regular, `Parkberechtigung für Bewohnerinnen und Bewohner der Zone ${zone}`, 11, A4.width - 2 * MARGIN)) {
    y -= 16;
    drawText(page, fonts.regular, line, MARGIN, y, 11, GREY);
  }

  // The card, centred, with room for the instruction above its cut line.
  const cardTop = y - 28;
  const cardX = (A4.width - CARD.width) / 2;
  drawCard(page, fonts, input, cardX, cardTop - CARD.height);

  drawHints(page, fonts, input, cardTop - CARD.height - 34);

  drawFooter(page, fonts, 0, 1);

  return doc.save({ useObjectStreams: false });
}
