/**
 * The acknowledgement of receipt of a Gewerbeanzeige (Empfangsbescheinigung, § 15 Abs. 1 GewO) as an A4 PDF:
 * letterhead of the municipality, what was notified (operator, premises, activity, date), the business id for later
 * notices, the usual caveat that the acknowledgement is no permit, and the authorities the data is forwarded to
 * (§ 14 Abs. 8 GewO, § 3 GewAnzV, § 138 AO).
 *
 * A tagged PDF (PDF/UA) in the shared letter layout of `functions/documents/pdf-kit.ts` (letterhead, wrapped text over
 * pages, footer), German dates, document metadata without personal data. Pure: no I/O, all dates
 * from the input, so the issue step can be retried and renders the same document.
 */
import { FlowLayout, GREY, MM, TaggedPdf } from '#functions/documents/pdf-kit';
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

export async function renderReceiptPdf(input: ReceiptPdfInput): Promise<Uint8Array> {
  const { title, subject } = RECEIPT_TITLES[input.kind];
  // Metadata for assistive technology and search; no names or addresses (metadata travels further than the page).
  const pdf = new TaggedPdf({
    title: `${title} ${subject} – ${input.caseNumber}`,
    author: input.issuer.name,
    subject: `${title} ${subject}`,
    keywords: ['Gewerbeanzeige', 'Empfangsbescheinigung', input.caseNumber],
    createdAt: new Date(input.issuedAt),
  });

  const layout = new FlowLayout(pdf, `${input.issuer.name} – ${title} – Aktenzeichen ${input.caseNumber}`);
  layout.letterhead({
    issuer: input.issuer.name,
    lines: [input.issuer.contactEmail, input.issuer.postalAddress].filter((line): line is string => line !== undefined),
    right: [`Ausgestellt am ${germanDate(input.issuedAt)}`, `Aktenzeichen ${input.caseNumber}`],
  });
  layout.paragraph(title, { type: 'H1', size: 22, bold: true, after: 4 });
  layout.paragraph(subject, { size: 11, color: GREY, after: 8 });
  layout.paragraph(
    `Hiermit wird der Empfang der folgenden Gewerbeanzeige nach § 15 Abs. 1 der Gewerbeordnung bescheinigt. Die Anzeige ist am ${germanDateTime(new Date(input.receivedAt))} online eingegangen.`,
    { after: 8 },
  );

  const row = (label: string, value: string) => layout.field(label, value, { labelWidth: LABEL_WIDTH, size: 10, after: 4 });
  for (const [label, value] of input.rows) row(label, value);
  row('Betriebs-ID', input.businessId);
  if (input.fee) row('Gebühr', input.fee);

  layout.y -= 8;
  layout.ensure(60);
  layout.paragraph('Bitte beachten Sie', { type: 'H2', size: 11, bold: true, after: 2 });
  const notes =
    input.kind === 'GewA3'
      ? ['Bewahren Sie diese Bescheinigung auf. Sie dient als Nachweis der Abmeldung, z. B. gegenüber dem Finanzamt.']
      : [
          'Diese Bescheinigung berechtigt nicht zur Ausübung des Gewerbes, wenn dafür eine Erlaubnis, eine Eintragung in die Handwerksrolle oder eine sonstige Genehmigung erforderlich ist.',
          'Für Ummeldungen und die Abmeldung geben Sie bitte die oben genannte Betriebs-ID an.',
        ];
  layout.list(notes);

  if (input.recipients.length > 0) {
    layout.y -= 6;
    layout.ensure(40);
    layout.paragraph('Weitergabe Ihrer Angaben', { type: 'H2', size: 11, bold: true, after: 2 });
    layout.paragraph(
      'Nach § 14 Abs. 8 GewO, § 3 GewAnzV und § 138 Abs. 1 AO werden Daten aus Ihrer Anzeige an folgende Stellen übermittelt; jede Stelle erhält nur die Angaben, die sie für ihre Aufgaben benötigt:',
    );
    layout.list(input.recipients, { indent: 4 * MM, after: 0 });
  }

  return layout.finish();
}
