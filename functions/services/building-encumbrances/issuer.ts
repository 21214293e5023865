/**
 * Issuing the Baulastenauskunft after the caseworker confirmed it: reads the register, records the access, issues the
 * PDF (Auskunft or Negativbescheinigung) and the same answer as JSON. Only the workflow's issuing step loads this
 * module (through `functions/services/issuers.ts`): it brings the PDF library and S3.
 */
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import type { Application, DocumentRef } from '#functions/applications/model';
import type { IssueDocuments, ServiceContext } from '#functions/services/service';
import { appendAudit } from '#functions/audit/trail';
import { acceptedInterest, extractAuditEntries } from './access.ts';
import { EXTRACT_DOCUMENT_KINDS } from './descriptor.ts';
import { buildExtractAnswer, type ExtractAnswer } from './extract-answer.ts';
import { parcelErrors, type ExtractForm } from './extract-form.ts';
import type { Parcel } from './parcel.ts';
import type { EncumbranceSheet } from './sheet.ts';
import { getSheet, gemarkungDirectory, sheetsOfParcel } from './store.ts';

/** Fixed per application, so a retried issuing step overwrites its own objects instead of leaving second copies. */
export function extractDocumentIds(applicationId: string) {
  return { pdf: `bla-${applicationId}`, data: `bla-data-${applicationId}` };
}

/** The sheets of a parcel as the register holds them now: the index names them, the head (read consistently) decides. */
async function currentSheets(tenantId: string, parcel: Parcel): Promise<EncumbranceSheet[]> {
  const db = tableFor(tenantId);
  const summaries = await sheetsOfParcel(db, tenantId, parcel);
  const sheets = await Promise.all(summaries.map((summary) => getSheet(db, tenantId, summary.sheetId)));
  return sheets.filter((sheet): sheet is EncumbranceSheet => sheet !== undefined);
}

function documentTitle(answer: ExtractAnswer): string {
  return answer.art === 'negativbescheinigung' ? 'Negativbescheinigung (Baulastenverzeichnis)' : 'Auskunft aus dem Baulastenverzeichnis';
}

async function issue(application: Application<ExtractForm>, context: ServiceContext): Promise<DocumentRef[]> {
  // Before any read of the register: only for an interest a caseworker accepted.
  const { by: decidedBy } = acceptedInterest(application);
  const { form } = application;
  const directory = await gemarkungDirectory(tableFor(context.tenantId), context.tenantId);
  const resolved = parcelErrors(form, directory);
  if (resolved.errors.length > 0) {
    // `assess` resolved them at submission and the directory only grows: this is lost data or a bug, not user input.
    throw new Error(`Parcels of application ${application.applicationId} cannot be resolved: ${resolved.errors.map((e) => e.field).join(', ')}`);
  }
  const readAt = context.now;
  const parcels = await Promise.all(resolved.parcels.map(async (parcel) => ({ parcel, sheets: await currentSheets(context.tenantId, parcel) })));
  const answer = buildExtractAnswer({
    caseNumber: application.caseNumber,
    submittedAt: application.createdAt,
    form,
    authority: { name: context.config.displayName, ags: context.config.ags, contactEmail: context.config.contact.email },
    parcels,
    ...(application.fee
      ? {
          fee: {
            amountCents: application.fee.amountCents,
            legalBasis: application.fee.legalBasis,
            ...(application.payment?.transactionReference ? { transactionReference: application.payment.transactionReference } : {}),
          },
        }
      : {}),
    readAt,
    issuedAt: readAt,
  });

  // Every sheet read for the applicant is an access to it, recorded before the answer leaves the register: the ones
  // the answer lists, and the ones read and left out (deleted, or no longer burdening the parcel).
  const listed = new Set(answer.flurstuecke.flatMap((parcel) => parcel.baulasten.map((entry) => `${entry.baulastenblatt}#${entry.laufendeNummer}`)));
  const read = new Map(parcels.flatMap(({ sheets }) => sheets).map((sheet) => [sheet.sheetId, sheet]));
  await appendAudit(
    tableFor(context.tenantId),
    extractAuditEntries({
      tenantId: context.tenantId,
      applicationId: application.applicationId,
      caseNumber: application.caseNumber,
      decidedBy,
      at: readAt.toISOString(),
      sheets: [...read.values()].map((sheet) => ({ sheetId: sheet.sheetId, listed: listed.has(`${sheet.baulastenblatt}#${sheet.laufendeNummer}`) })),
    }),
  );

  const [{ putIssuedDocument }, { renderExtractPdf }] = await Promise.all([import('#functions/documents/store'), import('./extract-pdf.ts')]);
  const ids = extractDocumentIds(application.applicationId);
  const pdf = await renderExtractPdf(answer);
  const documents = await Promise.all([
    putIssuedDocument({
      tenantId: context.tenantId,
      applicationId: application.applicationId,
      kind: answer.art === 'negativbescheinigung' ? EXTRACT_DOCUMENT_KINDS.negative : EXTRACT_DOCUMENT_KINDS.extract,
      title: documentTitle(answer),
      fileName: `baulastenauskunft-${application.caseNumber}.pdf`,
      contentType: 'application/pdf',
      bytes: pdf,
      documentId: ids.pdf,
      now: readAt,
    }),
    putIssuedDocument({
      tenantId: context.tenantId,
      applicationId: application.applicationId,
      kind: EXTRACT_DOCUMENT_KINDS.data,
      title: `${documentTitle(answer)} (maschinenlesbar, JSON)`,
      fileName: `baulastenauskunft-${application.caseNumber}.json`,
      contentType: 'application/json',
      bytes: new TextEncoder().encode(JSON.stringify(answer, null, 2)),
      documentId: ids.data,
      now: readAt,
    }),
  ]);
  logger.info('Baulastenauskunft issued', {
    tenantId: context.tenantId,
    applicationId: application.applicationId,
    kind: answer.art,
    parcels: answer.flurstuecke.length,
    entries: listed.size,
    sheetsRead: read.size,
  });
  return documents;
}

export const issueBuildingEncumbranceExtractDocuments: IssueDocuments<ExtractForm> = issue;
