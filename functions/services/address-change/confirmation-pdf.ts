/**
 * The Meldebestätigung (§ 24 Abs. 2 BMG: confirmation of the registration) as a tagged PDF (PDF/UA): a letter of the
 * municipality with the shared letter layout of `pdf-kit.ts` (letterhead, every line wrapped within the margins,
 * footer). Authorities are named by their display names — the input has no tenant ids. Pure: same input, same content,
 * so a retried issue step overwrites the same object.
 */
import { BRAND, FlowLayout, GREY, MM, TaggedPdf } from '#functions/documents/pdf-kit';
import { germanDate } from '#functions/documents/german-format';
import type { PostalAddress } from './form.ts';

export interface ConfirmationInput {
  caseNumber: string;
  /** The municipality, by its display name, and how to reach its registration office. */
  issuer: { name: string; contactEmail?: string };
  givenName: string;
  familyName: string;
  moveDate: string;
  oldAddress: PostalAddress;
  newAddress: PostalAddress;
  /**
   * `forwardedTo`: the display name of the authority whose vehicle registration office got the handover; `stickerBy`:
   * the town office that puts the address sticker on the ZB I itself (pilot, `variant.ts`).
   */
  vehicles: Array<{ plate: string; forwardedTo?: string; stickerBy?: string }>;
  issuedAt: string;
}

const line = (address: PostalAddress) => `${address.street} ${address.houseNumber}, ${address.postcode} ${address.city}`;

export async function renderConfirmationPdf(input: ConfirmationInput): Promise<Uint8Array> {
  // Metadata without the person's name or address: metadata travels further than the page.
  const pdf = new TaggedPdf({
    title: `Meldebestätigung ${input.caseNumber}`,
    author: input.issuer.name,
    subject: 'Bestätigung der Anmeldung nach § 24 Abs. 2 Bundesmeldegesetz (BMG)',
    keywords: ['Meldebestätigung', input.caseNumber],
    createdAt: new Date(input.issuedAt),
  });

  const layout = new FlowLayout(pdf, `${input.issuer.name} – Meldebestätigung – Aktenzeichen ${input.caseNumber}`);
  layout.letterhead({
    issuer: input.issuer.name,
    lines: ['Meldebehörde', ...(input.issuer.contactEmail ? [input.issuer.contactEmail] : [])],
    right: [`Datum: ${germanDate(input.issuedAt.slice(0, 10))}`, `Aktenzeichen: ${input.caseNumber}`],
  });
  layout.paragraph('Meldebestätigung', { type: 'H1', size: 20, bold: true, color: BRAND, after: 2 });
  layout.paragraph('Bestätigung der Anmeldung nach § 24 Abs. 2 Bundesmeldegesetz (BMG)', { size: 11, color: GREY, after: 12 });

  const field = (label: string, value: string) => layout.field(label, value, { labelWidth: 48 * MM, size: 10, after: 3 });
  field('Name', `${input.givenName} ${input.familyName}`);
  field('Tag des Einzugs', germanDate(input.moveDate));
  field('Neue Hauptwohnung', line(input.newAddress));
  field('Bisherige Hauptwohnung', line(input.oldAddress));
  layout.y -= 10;

  if (input.vehicles.length > 0) {
    layout.paragraph('Fahrzeuge', { type: 'H2', size: 11, bold: true, after: 4 });
    layout.list(
      input.vehicles.map((vehicle) =>
        vehicle.stickerBy
          ? `${vehicle.plate}: Bitte bringen Sie die Zulassungsbescheinigung Teil I ins Bürgerbüro (${vehicle.stickerBy}); dort erhält sie den Aufkleber mit der neuen Anschrift.`
          : vehicle.forwardedTo
          ? `${vehicle.plate}: an die Zulassungsstelle (${vehicle.forwardedTo}) zur Änderung der Zulassungsbescheinigung Teil I weitergegeben`
          : `${vehicle.plate}: nicht weitergegeben – bitte wenden Sie sich an die Zulassungsstelle`,
      ),
      { indent: 2 * MM },
    );
    layout.y -= 8;
  }
  layout.paragraph(`Ausgestellt am ${germanDate(input.issuedAt.slice(0, 10))}.`, { size: 10 });
  return layout.finish();
}
