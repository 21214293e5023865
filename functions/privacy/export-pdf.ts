/**
 * The readable summary of an access export (Art. 15 DSGVO) as a tagged PDF/UA in the shared layout: per record type
 * one section (H2) with one entry per record, then what the platform does with the data (purposes, recipients,
 * retention) and the person's further rights. The JSON file next to it holds everything in full; the PDF says so.
 * The metadata names the authority and the document, never the person.
 */
import { AUDIT_ACTION_LABELS } from '#functions/audit/schemas';
import { STATUS_LABELS } from '#functions/applications/model';
import { formatEuro } from '#core/money';
import { germanDate } from '#functions/documents/german-format';
import { FlowLayout, GREY, TaggedPdf } from '#functions/documents/pdf-kit';
import { serviceTitle } from './erasure-plan.ts';
import type { AccessExport } from './export.ts';

export async function renderExportPdf(content: AccessExport, authority: string): Promise<Uint8Array> {
  const title = 'Auskunft über Ihre gespeicherten Daten';
  const pdf = new TaggedPdf({ title: `${title} – ${authority}`, author: authority, subject: 'Auskunft nach Art. 15 DSGVO', keywords: ['Art. 15 DSGVO'], createdAt: new Date(content.generatedAt) });
  const layout = new FlowLayout(pdf, `${authority} – ${title} – Stand ${germanDate(content.generatedAt)}`);
  const { data } = content;
  layout.paragraph(title, { type: 'H1', size: 20, bold: true, after: 2 });
  layout.paragraph(`nach Art. 15 DSGVO – ${authority} – Stand ${germanDate(content.generatedAt)}`, { size: 11, color: GREY, after: 8 });
  layout.paragraph('Diese Zusammenfassung nennt alles, was wir im Online-Portal über Sie speichern. Die vollständigen Angaben (alle Formularfelder, alle Zeitpunkte) stehen in der JSON-Datei, die Sie zusammen mit diesem Dokument herunterladen können.', { size: 10, after: 10 });

  const heading = (text: string) => {
    layout.ensure(60);
    layout.paragraph(text, { type: 'H2', size: 12.5, bold: true, after: 4 });
  };
  const none = (text: string) => layout.paragraph(text, { size: 10, color: GREY, after: 8 });
  const labelWidth = 140;

  heading(`Ihre Anträge (${data.applications.length})`);
  if (data.applications.length === 0) none('Keine Anträge gespeichert.');
  for (const { application: app, timeline, payment, hold } of data.applications) {
    layout.paragraph(`${serviceTitle(app.serviceId)} – ${app.caseNumber ?? app.applicationId}`, { type: 'H3', size: 10.5, bold: true, after: 2 });
    layout.field('Stand', STATUS_LABELS[app.status] ?? app.status, { labelWidth });
    layout.field('Gestellt am', germanDate(app.createdAt), { labelWidth });
    layout.field('Verlauf', `${timeline.length} Einträge`, { labelWidth });
    layout.field('Dokumente', app.documents.length === 0 ? 'keine' : app.documents.map((doc) => doc.title).join('; '), { labelWidth });
    if (payment) layout.field('Zahlung', `${formatEuro(payment.amountCents)}, ${payment.status}, Kassenzeichen ${payment.cashReference}`, { labelWidth });
    if (hold) layout.field('Aufbewahrungssperre', `seit ${germanDate(hold.at)}`, { labelWidth });
    layout.y -= 6;
  }

  heading(`Entwürfe (${data.drafts.length})`);
  if (data.drafts.length === 0) none('Keine Entwürfe gespeichert.');
  for (const draft of data.drafts) layout.field(serviceTitle(draft.serviceId), `zuletzt gespeichert am ${germanDate(draft.updatedAt)}`, { labelWidth });

  heading(`Gewerbe im Gewerberegister (${data.businesses.length})`);
  if (data.businesses.length === 0) none('Keine Gewerbe gespeichert.');
  for (const business of data.businesses) layout.field(business.tradeName ?? business.name, `${business.statusLabel}, angemeldet am ${germanDate(business.registeredOn)}, ${business.caseNumber}`, { labelWidth });

  heading('Fortbildung');
  if (!data.training) none('Sie sind nicht als Beschäftigte oder Beschäftigter für Fortbildungen erfasst.');
  else {
    layout.field('Organisationseinheit', data.training.employee.department, { labelWidth });
    layout.field('Kurse', `${data.training.enrolments.length} Teilnahmen`, { labelWidth, after: 8 });
  }

  heading(`Protokollierte Zugriffe auf Ihre Daten (${data.auditEntries.length})`);
  if (data.auditEntries.length === 0) none('Keine Zugriffe protokolliert.');
  else {
    layout.paragraph('Wer (in welcher Rolle) wann was mit Ihren Daten getan hat. Die Namen der Beschäftigten nennt die Datenschutzbeauftragte auf Nachfrage.', { size: 10, after: 4 });
    layout.list(data.auditEntries.map((entry) => `${germanDate(entry.at)}: ${AUDIT_ACTION_LABELS[entry.action]} – ${entry.recordType} (${entry.role}${entry.purpose ? `, Zweck: ${entry.purpose}` : ''})`), { size: 9.5, after: 8 });
  }

  heading('Wozu wir Ihre Daten verarbeiten, an wen sie gehen und wie lange wir sie speichern');
  for (const activity of content.processing) {
    layout.paragraph(activity.title, { type: 'H3', size: 10.5, bold: true, after: 2 });
    layout.field('Zweck', activity.purpose, { labelWidth });
    layout.field('Rechtsgrundlage', activity.legalBasis, { labelWidth });
    layout.field('Empfänger', activity.recipients.length === 0 ? 'keine außerhalb der Behörde' : activity.recipients.map((recipient) => recipient.name).join('; '), { labelWidth });
    layout.field('Speicherdauer', activity.retention.period, { labelWidth, after: 6 });
  }

  heading('Ihre Rechte');
  layout.list(
    [
      'Berichtigung unrichtiger Daten (Art. 16 DSGVO)',
      'Löschung (Art. 17 DSGVO) und Einschränkung der Verarbeitung (Art. 18 DSGVO) – im Portal unter „Meine Daten“',
      'Widerspruch (Art. 21 DSGVO)',
      `Beschwerde bei der Landesbeauftragten für Datenschutz und Informationsfreiheit NRW (Art. 77 DSGVO); Datenschutzhinweise: ${content.controller.privacyUrl}`,
    ],
    { size: 10 },
  );
  return layout.finish();
}
