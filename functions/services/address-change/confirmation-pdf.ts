/**
 * The Meldebestätigung (§ 24 Abs. 2 BMG: confirmation of the registration) as a PDF: A4, standard Helvetica
 * (WinAnsi covers äöüß „“ –), no images. Pure: same input, same content — a retried issue step overwrites the same
 * object.
 */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { germanDate } from '#functions/documents/german-format';
import type { PostalAddress } from './form.ts';

export interface ConfirmationInput {
  caseNumber: string;
  issuer: string;
  givenName: string;
  familyName: string;
  moveDate: string;
  oldAddress: PostalAddress;
  newAddress: PostalAddress;
  vehicles: Array<{ plate: string; forwardedTo?: string }>;
  issuedAt: string;
}

const line = (address: PostalAddress) => `${address.street} ${address.houseNumber}, ${address.postcode} ${address.city}`;

export async function renderConfirmationPdf(input: ConfirmationInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Meldebestätigung ${input.caseNumber}`);
  pdf.setLanguage('de-DE');
  pdf.setAuthor(input.issuer);
  pdf.setCreationDate(new Date(input.issuedAt));
  pdf.setModificationDate(new Date(input.issuedAt));
  const page = pdf.addPage([595.28, 841.89]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const ink = rgb(0.07, 0.07, 0.07);
  let y = 780;
  const write = (text: string, options: { size?: number; strong?: boolean; gap?: number } = {}) => {
    page.drawText(text, { x: 56, y, size: options.size ?? 11, font: options.strong ? bold : regular, color: ink });
    y -= options.gap ?? 18;
  };
  write(input.issuer, { size: 12, strong: true, gap: 30 });
  write('Meldebestätigung', { size: 20, strong: true, gap: 24 });
  write('Bestätigung der Anmeldung nach § 24 Abs. 2 Bundesmeldegesetz (BMG)', { gap: 30 });
  write(`Aktenzeichen: ${input.caseNumber}`);
  write(`Name: ${input.givenName} ${input.familyName}`);
  write(`Tag des Einzugs: ${germanDate(input.moveDate)}`);
  write(`Neue Hauptwohnung: ${line(input.newAddress)}`);
  write(`Bisherige Hauptwohnung: ${line(input.oldAddress)}`, { gap: 30 });
  if (input.vehicles.length > 0) {
    write('Fahrzeuge', { strong: true });
    for (const vehicle of input.vehicles) {
      write(
        vehicle.forwardedTo
          ? `${vehicle.plate}: an die Zulassungsstelle (${vehicle.forwardedTo}) zur Änderung der Zulassungsbescheinigung Teil I weitergegeben`
          : `${vehicle.plate}: nicht weitergegeben – bitte wenden Sie sich an die Zulassungsstelle`,
        { size: 10 },
      );
    }
    y -= 12;
  }
  write(`Ausgestellt am ${germanDate(input.issuedAt.slice(0, 10))}. Dieses Dokument wurde elektronisch erstellt und ist ohne Unterschrift gültig.`, { size: 9 });
  return pdf.save({ useObjectStreams: false });
}
