/**
 * The online service "Auskunft aus dem Baulastenverzeichnis beantragen" (Baulastenauskunft) for the application engine.
 *
 * Submission: `assess` (Gemarkung names resolvable) → `feeFor` (per parcel, tenant's fee schedule) → payment →
 * `runChecks` (always `review`: findings on the legitimate interest and what the register holds) → a caseworker
 * confirms → `issueDocuments` (reads the register, records the access, issues the PDF — Auskunft or
 * Negativbescheinigung — and the same answer as JSON).
 *
 * The register is kept by the tenant that is the building authority (untere Bauaufsichtsbehörde); the service is
 * enabled only there. Static imports stay light: the PDF library and S3 are loaded when documents are issued.
 */
import { systemTable, tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { Unprocessable } from '#core/problem';
import type { Application, DocumentRef } from '#functions/applications/model';
import { berlinDate } from '#core/dates';
import type { ServiceContext, ServiceDefinition } from '#functions/services/service';
import { accessForExtract } from './access.ts';
import { buildExtractAnswer, type ExtractAnswer } from './extract-answer.ts';
import { evaluateExtractChecks } from './extract-checks.ts';
import { SERVICE_ID, extractFee } from './extract-fees.ts';
import { INTEREST_PROOF_KIND, extractFormSchema, type ExtractForm } from './extract-form.ts';
import { parseGemarkung, resolveGemarkung, resolveParcels, type GemarkungEntry, type Parcel } from './parcel.ts';
import type { EncumbranceSheet } from './sheet.ts';
import { gemarkungDirectory, getSheet, recordAccess, sheetsOfParcel } from './store.ts';

/**
 * LeiKa key of the service. PLACEHOLDER — the key of "Baulastenverzeichnis – Auskunft" could not be found in any source
 * reachable from here (FIM portal / PVOG not reachable); this well-formed all-zero key marks it as unknown. Replace it
 * with the catalogue's key before FIT-Connect submissions or the PVOG depend on it.
 */
export const BUILDING_ENCUMBRANCE_EXTRACT_LEIKA_KEY = 'urn:de:fim:leika:leistung:99000000000000';

export const EXTRACT_DOCUMENT_KINDS = { extract: 'extract', negative: 'negative-certificate', data: 'extract-data' } as const;

/** Fixed per application, so a retried issuing step overwrites its own objects instead of leaving second copies. */
export function extractDocumentIds(applicationId: string) {
  return { pdf: `bla-${applicationId}`, data: `bla-data-${applicationId}` };
}

function parcelErrors(form: ExtractForm, directory: readonly GemarkungEntry[]) {
  return resolveParcels(form.parcels, directory, 'body/form/parcels');
}

/** The sheets of a parcel as the register holds them now: the index names them, the head (read consistently) decides. */
async function currentSheets(tenantId: string, parcel: Parcel): Promise<EncumbranceSheet[]> {
  const summaries = await sheetsOfParcel(systemTable, tenantId, parcel);
  const sheets = await Promise.all(summaries.map((summary) => getSheet(systemTable, tenantId, summary.sheetId)));
  return sheets.filter((sheet): sheet is EncumbranceSheet => sheet !== undefined);
}

function documentTitle(answer: ExtractAnswer): string {
  return answer.art === 'negativbescheinigung' ? 'Negativbescheinigung (Baulastenverzeichnis)' : 'Auskunft aus dem Baulastenverzeichnis';
}

async function issue(application: Application<ExtractForm>, context: ServiceContext): Promise<DocumentRef[]> {
  const { form } = application;
  const directory = await gemarkungDirectory(systemTable, context.tenantId);
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

  // The use of each listed Baulast is an access to its sheet: recorded before the answer leaves the register.
  const decidedBy = application.decision?.by ?? 'system';
  const decidedAt = application.decision?.at ?? readAt.toISOString();
  const listed = new Set(answer.flurstuecke.flatMap((parcel) => parcel.baulasten.map((entry) => `${entry.baulastenblatt}#${entry.laufendeNummer}`)));
  const used = parcels.flatMap(({ sheets }) => sheets).filter((sheet) => listed.has(`${sheet.baulastenblatt}#${sheet.laufendeNummer}`));
  const sheetIds = [...new Set(used.map((sheet) => sheet.sheetId))];
  for (const sheetId of sheetIds) {
    await recordAccess(
      systemTable,
      accessForExtract({ tenantId: context.tenantId, sheetId, applicationId: application.applicationId, caseNumber: application.caseNumber, decidedBy, decidedAt }),
    );
  }

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
  });
  return documents;
}

export const buildingEncumbranceExtract: ServiceDefinition<ExtractForm> = {
  id: SERVICE_ID,
  leikaKey: BUILDING_ENCUMBRANCE_EXTRACT_LEIKA_KEY,
  caseCode: 'BLA',
  title: 'Baulastenauskunft',
  description:
    'Auskunft aus dem Baulastenverzeichnis für ein oder mehrere Flurstücke: Sie erhalten eine Liste der eingetragenen Baulasten ' +
    'oder eine Negativbescheinigung, wenn keine eingetragen sind – als PDF und als maschinenlesbare Daten. ' +
    'Voraussetzung ist ein berechtigtes Interesse (§ 85 Abs. 5 BauO NRW 2018); die Bauaufsicht prüft jeden Antrag, bevor die Auskunft erteilt wird.',
  uploads: [
    {
      kind: INTEREST_PROOF_KIND,
      label: 'Nachweis des berechtigten Interesses (z. B. Vollmacht der Eigentümerin oder des Eigentümers, Kaufvertragsentwurf, Auftrag)',
      required: 'sometimes',
    },
  ],
  issues: [
    { kind: EXTRACT_DOCUMENT_KINDS.extract, label: 'Auskunft aus dem Baulastenverzeichnis (PDF)' },
    { kind: EXTRACT_DOCUMENT_KINDS.negative, label: 'Negativbescheinigung: keine Baulasten eingetragen (PDF)' },
    { kind: EXTRACT_DOCUMENT_KINDS.data, label: 'Die Auskunft als maschinenlesbare Daten (JSON)' },
  ],
  formSchema: extractFormSchema,

  uploadsIn(form) {
    return form.proofUploadId ? [{ uploadId: form.proofUploadId, kind: INTEREST_PROOF_KIND }] : [];
  },

  async assess(form, context) {
    const directory = await gemarkungDirectory(tableFor(context.tenantId), context.tenantId);
    const { errors } = parcelErrors(form, directory);
    if (errors.length > 0) {
      throw new Unprocessable(`Mindestens ein Flurstück können wir nicht zuordnen: ${errors.map((error) => error.message).join(' ')}`, errors);
    }
  },

  feeFor(form, context) {
    return extractFee(context.config, form.parcels.length, berlinDate(context.now));
  },

  async runChecks(application, context) {
    const { form } = application;
    const directory = await gemarkungDirectory(systemTable, context.tenantId);
    const parcels = await Promise.all(
      form.parcels.map(async (input) => {
        const parsed = parseGemarkung(input.gemarkung);
        const resolution = parsed.ok ? resolveGemarkung(parsed.ref, directory) : undefined;
        if (!resolution?.ok) return { input, sheets: [] };
        const parcel: Parcel = { gemarkung: resolution.number, ...(resolution.name ? { gemarkungName: resolution.name } : {}), flur: input.flur, flurstueck: input.flurstueck };
        return { input, parcel, sheets: await sheetsOfParcel(systemTable, context.tenantId, parcel) };
      }),
    );
    const outcome = evaluateExtractChecks({ form, documents: application.documents, parcels, directory, tenantName: context.config.displayName });
    logger.info('Baulastenauskunft checks', {
      tenantId: context.tenantId,
      applicationId: application.applicationId,
      findings: outcome.findings.map((finding) => finding.code),
    });
    return outcome;
  },

  issueDocuments(application, context) {
    return issue(application, context);
  },
};
