/**
 * The resident parking permit (Bewohnerparkausweis) as a print@home PDF: A4 portrait with a card to cut out
 * (A6 landscape, 148 × 105 mm) that carries the plate, zone, validity, case number, issuing authority and a QR code
 * leading to the public verification page; hints for the holder below the card.
 *
 * A tagged PDF (PDF/UA) drawn with the shared layout of `pdf-kit.ts`: the card is a section whose facts are a table
 * (label as row header), the QR code a figure with a text alternative, and the verification URL is printed as a link
 * under the hints, so a screen-reader user reaches the verification too. No text below 9 pt.
 * Pure (no I/O, dates come from the input), so issuing can be retried safely.
 */
import { A4, BRAND, drawLetterhead, FlowLayout, GREY, INK, MARGIN, MM, TaggedPdf, WHITE, type StructElement } from './pdf-kit.ts';
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

const EU_BLUE = '#003399';

/** A label (grey, 9 pt) above its value (bold, one or more lines) as one row of the card's table: the label is the row header. */
function drawLabelled(pdf: TaggedPdf, table: StructElement, label: string, value: string | readonly string[], x: number, y: number, valueSize: number): void {
  const row = pdf.element('TR', table);
  const header = pdf.element('TH', row);
  (header as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.A = { O: 'Table', Scope: 'Row' };
  pdf.tag(header, () => pdf.text('regular', label, x, y, 9, GREY));
  header.end();
  const cell = pdf.element('TD', row);
  (typeof value === 'string' ? [value] : value).forEach((line, index) => pdf.tag(cell, () => pdf.text('bold', line, x, y - valueSize - 2 - index * valueSize * 1.2, valueSize)));
  cell.end();
  row.end();
}

function drawCard(pdf: TaggedPdf, input: PermitPdfInput, x: number, y: number): void {
  const { width: w, height: h } = CARD;
  const pad = 6 * MM;

  // The instruction above the cut line, and the cut line.
  const instruction = 'Hier ausschneiden und gut sichtbar hinter die Windschutzscheibe legen';
  pdf.block('P', () => pdf.text('bold', instruction, x + (w - pdf.textWidth('bold', instruction, 9.5)) / 2, y + h + 4, 9.5));
  pdf.artifact(() => pdf.rect(x, y, w, h, { stroke: INK, lineWidth: 0.8, dash: [4, 3] }));

  const card = pdf.element('Sect');
  // Header band.
  const bandHeight = 14 * MM;
  const bandTop = y + h - 3 * MM;
  pdf.artifact(() => pdf.rect(x + 3 * MM, bandTop - bandHeight, w - 6 * MM, bandHeight, { fill: BRAND }));
  pdf.block('H2', () => pdf.text('bold', 'Bewohnerparkausweis', x + pad, bandTop - 8.8 * MM, 17, WHITE), card);
  // The issuer on the right of the band, in at most two lines (the letterhead carries the full name).
  const issuerWidth = 62 * MM;
  const issuerLines = pdf.wrap('regular', input.issuer.name, 9.5, issuerWidth);
  if (issuerLines.length > 2) issuerLines.splice(1, issuerLines.length, `${pdf.wrap('regular', issuerLines.slice(1).join(' '), 9.5, issuerWidth - pdf.textWidth('regular', ' …', 9.5))[0]} …`);
  const issuer = pdf.element('P', card);
  issuerLines.forEach((line, index) => {
    const baseline = bandTop - (issuerLines.length === 1 ? 8.4 : 5.6 + index * 4.4) * MM;
    pdf.tag(issuer, () => pdf.text('regular', line, x + w - pad - pdf.textWidth('regular', line, 9.5), baseline, 9.5, WHITE));
  });
  issuer.end();

  const bandBottom = bandTop - bandHeight;
  const qrSize = 42 * MM;
  const qrX = x + w - pad - qrSize + 2.5 * MM; // the quiet zone may reach into the padding
  const qrY = bandBottom - 2 * MM - qrSize;

  // Left column: zone, plate, validity, case number.
  const left = x + pad;
  const columnWidth = qrX - left - 2 * MM;
  const facts = pdf.element('Table', card);
  let cursor = bandBottom - 6 * MM;
  const zone = input.zoneName && input.zoneName !== input.zoneId ? `${input.zoneId} – ${input.zoneName}` : input.zoneId;
  const zoneSize = pdf.fittingSize('bold', zone, 16, columnWidth);
  const zoneLines = pdf.wrap('bold', zone, zoneSize, columnWidth);
  // A zone name too long for one line at the smallest size takes two; a longer one is cut (the subtitle has it whole).
  const zoneValue = zoneLines.length <= 2 ? zoneLines : [zoneLines[0]!, `${pdf.wrap('bold', zoneLines.slice(1).join(' '), zoneSize, columnWidth - pdf.textWidth('bold', ' …', zoneSize))[0]} …`];
  drawLabelled(pdf, facts, 'Bewohnerparkzone', zoneValue, left, cursor, zoneSize);
  cursor -= (zoneValue.length - 1) * zoneSize * 1.2;

  // The plate, in a frame styled after a German number plate (blue EU band with "D"): the frame is decoration, the
  // plate's text is the value of its row.
  cursor -= 13 * MM;
  const plateRow = pdf.element('TR', facts);
  const plateHeader = pdf.element('TH', plateRow);
  (plateHeader as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.A = { O: 'Table', Scope: 'Row' };
  const plateLabelY = cursor;
  pdf.tag(plateHeader, () => pdf.text('regular', 'Amtliches Kennzeichen', left, plateLabelY, 9, GREY));
  plateHeader.end();
  const plateHeight = 20 * MM;
  const plateBottom = cursor - 2.5 * MM - plateHeight;
  const euBand = 7 * MM;
  pdf.artifact(() => {
    pdf.rect(left, plateBottom, columnWidth, plateHeight, { fill: WHITE, stroke: INK, lineWidth: 2.2 });
    pdf.rect(left + 1.1, plateBottom + 1.1, euBand, plateHeight - 2.2, { fill: EU_BLUE });
    pdf.text('bold', 'D', left + 1.1 + (euBand - pdf.textWidth('bold', 'D', 12)) / 2, plateBottom + 3 * MM, 12, WHITE);
  });
  const plateSize = pdf.fittingSize('bold', input.plate, 44, columnWidth - euBand - 6 * MM);
  const plateTextX = left + euBand + (columnWidth - euBand - pdf.textWidth('bold', input.plate, plateSize)) / 2;
  pdf.block('TD', () => pdf.text('bold', input.plate, plateTextX, plateBottom + (plateHeight - plateSize * 0.7) / 2, plateSize), plateRow);
  plateRow.end();

  cursor = plateBottom - 6.5 * MM;
  drawLabelled(pdf, facts, 'Gültig von', germanDate(input.validFrom), left, cursor, 14);
  drawLabelled(pdf, facts, 'Gültig bis', germanDate(input.validTo), left + columnWidth / 2, cursor, 14);

  cursor -= 12.5 * MM;
  drawLabelled(pdf, facts, 'Aktenzeichen', input.caseNumber, left, cursor, 9.5);
  drawLabelled(pdf, facts, 'Ausgestellt am', germanDate(input.issuedAt), left + columnWidth / 2, cursor, 9.5);
  facts.end();

  // QR code on the right, below the band, with its caption.
  pdf.qr(input.verifyUrl, qrX, qrY, qrSize, 'QR-Code zur Prüfung von Echtheit und Gültigkeit dieses Ausweises; die Adresse der Prüfseite steht unter den Hinweisen als Link.', card);
  const caption = pdf.element('Caption', card);
  ['Echtheit prüfen:', 'QR-Code scannen'].forEach((line, i) => {
    const weight = i === 0 ? 'regular' : 'bold';
    pdf.tag(caption, () => pdf.text(weight, line, qrX + (qrSize - pdf.textWidth(weight, line, 9)) / 2, qrY - 1 * MM - i * 11, 9, i === 0 ? GREY : INK));
  });
  caption.end();

  const footer = 'Nur gültig für das genannte Kennzeichen in der genannten Zone (§ 45 Abs. 1b StVO).';
  pdf.block('P', () => pdf.text('regular', footer, left, y + 3.5 * MM, 9, GREY), card);
  card.end();
}

/** The hints below the card, flowing onto a second page when a long authority name or zone needs the room. */
function drawHints(pdf: TaggedPdf, input: PermitPdfInput, top: number): FlowLayout {
  const layout = new FlowLayout(pdf, `${input.issuer.name} – Bewohnerparkausweis – Aktenzeichen ${input.caseNumber}`, { continueAt: top });
  layout.paragraph('Hinweise', { type: 'H2', size: 12, bold: true, after: 4 });
  layout.list([
    { lead: 'Selbst ausdrucken erlaubt.', text: 'Sie dürfen diesen Ausweis selbst ausdrucken (print@home). Normalpapier und ein Schwarz-Weiß-Druck genügen, wenn Kennzeichen und QR-Code gut lesbar sind.' },
    { lead: 'Gut sichtbar auslegen.', text: 'Legen Sie den ausgeschnittenen Ausweis von außen gut lesbar hinter die Windschutzscheibe. Er gilt nur für das angegebene Kennzeichen und nur in der angegebenen Bewohnerparkzone.' },
    { lead: 'Prüfung per QR-Code.', text: 'Die Verkehrsüberwachung prüft den Ausweis über den QR-Code oder anhand des Kennzeichens. Der QR-Code führt zu einer Prüfseite, die den aktuellen Stand zeigt: gültig, abgelaufen oder widerrufen. Veränderte Ausweise werden dabei erkannt.' },
    { lead: 'Rückgabe bei Umzug.', text: 'Ziehen Sie aus der Bewohnerparkzone weg oder ändert sich das Kennzeichen, ist der Ausweis zurückzugeben. Bitte teilen Sie uns dies mit; wir sperren den Ausweis dann. Für ein neues Kennzeichen können Sie online einen geänderten Ausweis beantragen.' },
  ]);
  // The verification page as a link: what the QR code encodes, reachable without a camera.
  layout.link('Prüfseite dieses Ausweises:', input.verifyUrl, 'Prüfseite dieses Bewohnerparkausweises öffnen');
  if (input.issuer.contactEmail) {
    layout.y -= 4;
    layout.paragraph(`Fragen zu Ihrem Ausweis beantwortet ${input.issuer.name}: ${input.issuer.contactEmail}`);
  }
  return layout;
}

export async function renderPermitPdf(input: PermitPdfInput): Promise<Uint8Array> {
  const zone = input.zoneName && input.zoneName !== input.zoneId ? `${input.zoneId} – ${input.zoneName}` : input.zoneId;
  // Metadata for assistive technology and search; deliberately without the plate (personal data in metadata gets
  // indexed by desktop search and survives where the printed page does not).
  const pdf = new TaggedPdf({
    title: `Bewohnerparkausweis – ${input.caseNumber}`,
    author: input.issuer.name,
    subject: `Bewohnerparkausweis für die Zone ${zone}, gültig vom ${germanDate(input.validFrom)} bis ${germanDate(input.validTo)}`,
    keywords: ['Bewohnerparkausweis', input.caseNumber],
    createdAt: new Date(input.issuedAt),
  });
  pdf.addPage();

  // Letterhead: issuing authority on the left, date and case number on the right.
  let y = drawLetterhead(pdf, {
    issuer: input.issuer.name,
    lines: input.issuer.contactEmail ? [input.issuer.contactEmail] : [],
    right: [`Ausgestellt am ${germanDate(input.issuedAt)}`, `Aktenzeichen ${input.caseNumber}`],
  });

  y -= 32;
  const titleY = y;
  pdf.block('H1', () => pdf.text('bold', 'Bewohnerparkausweis', MARGIN, titleY, 24));
  const subtitle = pdf.element('P');
  for (const line of pdf.wrap('regular', `Parkberechtigung für Bewohnerinnen und Bewohner der Zone ${zone}`, 11, A4.width - 2 * MARGIN)) {
    y -= 16;
    const lineY = y;
    pdf.tag(subtitle, () => pdf.text('regular', line, MARGIN, lineY, 11, GREY));
  }
  subtitle.end();

  // The card, centred, with room for the instruction above its cut line.
  const cardTop = y - 26;
  const cardX = (A4.width - CARD.width) / 2;
  drawCard(pdf, input, cardX, cardTop - CARD.height);

  return drawHints(pdf, input, cardTop - CARD.height - 18).finish();
}
