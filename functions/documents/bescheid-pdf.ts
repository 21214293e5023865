/**
 * The Bescheid (a written administrative act, § 35 and § 37 VwVfG NRW) as a PDF letter in the shared letter layout of
 * `pdf-kit.ts`: the issuing authority and its address, date and case number (letterhead), the addressee, the subject,
 * the decision (Tenor, numbered), the reasons (§ 39 VwVfG NRW: the facts and the legal grounds), the legal basis, the
 * decision on fees and the Rechtsbehelfsbelehrung (§ 37 Abs. 6 VwVfG NRW, § 58 VwGO; the tenant's configured text).
 * What a Bescheid says is decided elsewhere (`functions/applications/bescheid.ts`); this module only lays it out, so
 * the document can move to another PDF library with the other PDFs.
 *
 * Pure: same input, same content — a retried decision overwrites the same object. The metadata names the document
 * and the case, never the person.
 */
import { germanDate } from './german-format.ts';
import { FlowLayout, GREY, TaggedPdf } from './pdf-kit.ts';

export interface BescheidContent {
  /** The document's heading, e.g. „Bescheid“ — and in the metadata title with the case number. */
  title: string;
  /** One line under the heading: what the Bescheid decides, e.g. „Ablehnung Ihres Antrags auf …“. */
  subject: string;
  caseNumber: string;
  /** ISO instant: the date of the Bescheid. */
  issuedAt: string;
  issuer: { name: string; lines: readonly string[] };
  /** The person the act is addressed to (§ 41 VwVfG NRW: bekanntgegeben), when the form names them. */
  addressee?: string;
  /** The operative part, one entry per numbered item. */
  tenor: readonly string[];
  /** Reasons: the facts (Sachverhalt) and the legal assessment, paragraph by paragraph. */
  facts: readonly string[];
  reasons: readonly string[];
  legalBasis?: string;
  /** The grounds of the decision on fees (the tenor states the decision itself); absent when there was no fee. */
  feeReasons?: string;
  legalRemedyNotice: string;
}

/** A tagged, accessible letter (PDF/UA) like every document the platform issues: headings H1/H2/H3, paragraphs. */
export async function renderBescheidPdf(content: BescheidContent): Promise<Uint8Array> {
  // Metadata names the document and the case, never the person (metadata travels further than the page).
  const pdf = new TaggedPdf({
    title: `${content.title} ${content.caseNumber}`,
    author: content.issuer.name,
    subject: content.subject,
    keywords: ['Bescheid', content.caseNumber],
    createdAt: new Date(content.issuedAt),
  });
  const layout = new FlowLayout(pdf, `${content.issuer.name} – ${content.title} – Aktenzeichen ${content.caseNumber}`);
  layout.letterhead({
    issuer: content.issuer.name,
    lines: content.issuer.lines,
    right: [`Datum: ${germanDate(content.issuedAt)}`, `Aktenzeichen: ${content.caseNumber}`],
  });
  if (content.addressee) layout.paragraph(content.addressee, { size: 10.5, after: 14 });
  layout.paragraph(content.title, { type: 'H1', size: 20, bold: true, after: 2 });
  layout.paragraph(content.subject, { size: 11, color: GREY, after: 14 });

  const heading = (text: string) => {
    layout.ensure(40);
    layout.paragraph(text, { type: 'H2', size: 11.5, bold: true, after: 4 });
  };
  const subheading = (text: string) => layout.paragraph(text, { type: 'H3', size: 10, bold: true, after: 3 });
  const paragraphs = (texts: readonly string[]) => texts.forEach((text) => layout.paragraph(text, { size: 10, after: 6 }));

  heading('Entscheidung');
  content.tenor.forEach((item, index) => layout.paragraph(`${index + 1}. ${item}`, { size: 10.5, bold: true, after: 6 }));
  layout.y -= 6;
  heading('Begründung');
  subheading('I. Sachverhalt');
  paragraphs(content.facts);
  subheading('II. Gründe');
  paragraphs(content.reasons);
  layout.y -= 4;
  if (content.legalBasis) {
    heading('Rechtsgrundlage');
    paragraphs([content.legalBasis]);
    layout.y -= 4;
  }
  if (content.feeReasons) {
    heading('Kosten');
    paragraphs([content.feeReasons]);
    layout.y -= 4;
  }
  heading('Rechtsbehelfsbelehrung');
  layout.paragraph(content.legalRemedyNotice, { size: 9.5, after: 12 });
  for (const line of ['Mit freundlichen Grüßen', 'Im Auftrag', content.issuer.name]) layout.paragraph(line, { size: 10 });
  return layout.finish();
}
