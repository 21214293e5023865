/**
 * The record of processing activities (Art. 30 DSGVO) as a tagged PDF/UA in the shared layout (`pdf-kit.ts`): the
 * controller, then one section per activity (H2) with its entries as label/value rows, then the technical and
 * organisational measures. Pure: the record in, the bytes out.
 */
import { germanDate } from '#functions/documents/german-format';
import { FlowLayout, GREY, TaggedPdf } from '#functions/documents/pdf-kit';
import type { ProcessingRecord } from './processing-record.ts';

export async function renderProcessingRecordPdf(record: ProcessingRecord): Promise<Uint8Array> {
  const title = 'Verzeichnis von Verarbeitungstätigkeiten';
  const pdf = new TaggedPdf({ title: `${title} – ${record.controller.name}`, author: record.controller.name, subject: 'Art. 30 Abs. 1 DSGVO', keywords: ['Art. 30 DSGVO', record.tenantId], createdAt: new Date(record.generatedAt) });
  const layout = new FlowLayout(pdf, `${record.controller.name} – ${title} – Stand ${germanDate(record.generatedAt)}`);
  layout.paragraph(title, { type: 'H1', size: 20, bold: true, after: 2 });
  layout.paragraph(`nach Art. 30 Abs. 1 DSGVO – Stand ${germanDate(record.generatedAt)}`, { size: 11, color: GREY, after: 12 });

  const heading = (text: string) => {
    layout.ensure(60);
    layout.paragraph(text, { type: 'H2', size: 12.5, bold: true, after: 4 });
  };
  const labelWidth = 150;
  heading('Verantwortliche Stelle');
  layout.field('Name', record.controller.name, { labelWidth });
  layout.field('E-Mail', record.controller.email, { labelWidth });
  if (record.controller.postalAddress) layout.field('Anschrift', record.controller.postalAddress, { labelWidth });
  layout.field('Datenschutzhinweise', record.controller.privacyUrl, { labelWidth, after: 10 });

  record.activities.forEach((activity, index) => {
    heading(`${index + 1}. ${activity.title}`);
    layout.field('Zweck', activity.purpose, { labelWidth });
    layout.field('Rechtsgrundlage', activity.legalBasis, { labelWidth });
    layout.field('Betroffene Personen', activity.personCategories.join('; '), { labelWidth });
    layout.field('Datenkategorien', activity.dataCategories.join('; '), { labelWidth });
    layout.field('Empfänger', activity.recipients.length === 0 ? 'keine außerhalb der Behörde' : `${activity.recipients.length} (siehe Liste)`, { labelWidth });
    if (activity.recipients.length > 0) {
      layout.list(activity.recipients.map((recipient) => ({ lead: recipient.name, text: ` – ${recipient.when}; ${recipient.legalBasis}` })), { size: 9.5, indent: 12, after: 4 });
    }
    layout.field('Drittlandübermittlung', activity.thirdCountryTransfers, { labelWidth });
    layout.field('Löschfrist', `${activity.retention.period}. ${activity.retention.basis}`, { labelWidth, after: 10 });
  });

  heading('Technische und organisatorische Maßnahmen (Art. 32 DSGVO)');
  layout.list(record.technicalMeasures, { size: 10, after: 6 });
  return layout.finish();
}
