/**
 * The online services "Gewerbe anmelden / ummelden / abmelden" (Gewerbeanzeige, §§ 14, 15 GewO) for the
 * application engine: three ServiceDefinitions over shared building blocks.
 *
 * Submission: `assess` (the tenant has a fee schedule) → `feeFor` → payment → `runChecks` (itinerant trade, legal
 * entity, crafts, permits, residence title → review; otherwise acknowledged automatically) → decision →
 * `issueDocuments`: the acknowledgement of receipt (§ 15 Abs. 1 GewO) as PDF, then the forwarding (§ 3 GewAnzV):
 * one delivery per recipient, each with only the fields it is entitled to, and the record for the statistics
 * office's monthly batch. The first delivery attempts run at once; the schedule retries what failed.
 *
 * LeiKa keys (FIM Leistungskatalog) and where they come from:
 * - Gewerbe anmelden: 99050012104000. Confirmed by docs/DOMAIN.md (XZuFi/PVOG test code) and seen in several
 *   unrelated public code files: a zuFinder/PVOG client test that resolves it to the service "Gewerbe anmelden", a PVOG
 *   sample list ("Gewerbe anmelden — Köln") and the NRW portal link `meineverwaltung.nrw/leistung/99050012104000`.
 * - Gewerbe ummelden: 99050012156000 and Gewerbe abmelden: 99050012105000 — NOT VERIFIED. The federal service
 *   directory (PVOG / FIM portal) was not reachable and no public source with these keys was found. They follow the
 *   key structure (same Leistungsobjekt 99050012, another Verrichtung) and are placeholders until looked up.
 */
import { logger } from '#core/logger';
import { formatEuro } from '#functions/applications/domain';
import type { Application, DocumentRef } from '#functions/applications/model';
import type { ServiceContext, ServiceDefinition } from '#functions/services/service';
import type { TenantConfig } from '#functions/tenants/schemas';
import { evaluateBusinessChecks } from './checks.ts';
import { businessFee } from './fees.ts';
import {
  businessChangeFormSchema,
  businessDeregistrationFormSchema,
  businessRegistrationFormSchema,
  type AnyBusinessForm,
  type BusinessChangeForm,
  type BusinessDeregistrationForm,
  type BusinessRegistrationForm,
  type FormKind,
} from './forms.ts';
import { endpointFor } from './forwarding/directory.ts';
import { planForwarding, type NoticeContext } from './forwarding/plan.ts';
import type { AuthorAuthority } from './forwarding/xgewerbeanzeige.ts';
import { businessIdFor, noticeUuidFor, receiptDocumentId } from './ids.ts';
import { receiptRows } from './receipt.ts';
import { berlinToday } from './schemas.ts';
import type * as z from '#core/zod';

export const LEIKA_KEYS = {
  registration: 'urn:de:fim:leika:leistung:99050012104000',
  change: 'urn:de:fim:leika:leistung:99050012156000',
  deregistration: 'urn:de:fim:leika:leistung:99050012105000',
} as const;

export const SERVICE_IDS = { GewA1: 'business-registration', GewA2: 'business-change', GewA3: 'business-deregistration' } as const satisfies Record<FormKind, string>;

export const RECEIPT_KIND = 'receipt';

/** The municipality as author of the forwarded messages. */
export function authorOf(config: TenantConfig): AuthorAuthority {
  return { ags: config.ags, name: config.displayName, email: config.contact.email, ...(config.contact.phone ? { phone: config.contact.phone } : {}) };
}

/** The business id a notice is about: quoted from the acknowledgement of the registration, or new for a registration. */
export function businessIdOf(application: Pick<Application<AnyBusinessForm>, 'tenantId' | 'applicationId' | 'form'>): string {
  const form = application.form;
  const quoted = 'change' in form ? form.change.businessId : 'deregistration' in form ? form.deregistration.businessId : undefined;
  return quoted ?? businessIdFor(application.tenantId, application.applicationId);
}

/** The moment of acceptance: the decision (automatic or a caseworker's); a retried step days later still uses it. */
function acceptedAt(application: Application<AnyBusinessForm>, now: Date): string {
  return application.decision?.at ?? now.toISOString();
}

export function noticeContext(kind: FormKind, application: Application<AnyBusinessForm>, context: ServiceContext): NoticeContext {
  return {
    tenantId: context.tenantId,
    applicationId: application.applicationId,
    caseNumber: application.caseNumber,
    kind,
    form: application.form,
    businessId: businessIdOf(application),
    satzUuid: noticeUuidFor(context.tenantId, application.applicationId),
    receivedAt: application.createdAt,
    acceptedAt: acceptedAt(application, context.now),
    author: authorOf(context.config),
    now: context.now,
  };
}

async function issueReceiptAndForward(kind: FormKind, application: Application<AnyBusinessForm>, context: ServiceContext): Promise<DocumentRef[]> {
  // Loaded on first use: PDF, S3 and the transports stay out of the cold start of every function that only needs
  // the form (e.g. GET /services), and out of functions that have no bucket.
  const [{ renderReceiptPdf }, { putIssuedDocument }, { CURRENT_SETUP, enqueueForwarding, attemptAll }, { systemTable }] = await Promise.all([
    import('./receipt-pdf.ts'),
    import('#functions/documents/store'),
    import('./forwarding/deliver.ts'),
    import('#core/ddb'),
  ]);
  const notice = noticeContext(kind, application, context);
  const plan = planForwarding(CURRENT_SETUP.matrix, CURRENT_SETUP.directory, notice);
  const recipients = [
    ...plan.deliveries.map((delivery) => delivery.recipientName),
    ...plan.statistics.map(() => endpointFor(CURRENT_SETUP.directory, context.tenantId, 'statistik')?.name ?? 'Statistisches Landesamt'),
  ];

  // The acknowledgement first: § 3 Abs. 5 GewAnzV forwards "nach Bescheinigung des Empfangs".
  const bytes = await renderReceiptPdf({
    kind,
    caseNumber: application.caseNumber,
    businessId: notice.businessId,
    issuer: {
      name: context.config.displayName,
      contactEmail: context.config.contact.email,
      ...(context.config.contact.postalAddress ? { postalAddress: context.config.contact.postalAddress } : {}),
    },
    receivedAt: application.createdAt,
    issuedAt: notice.acceptedAt,
    rows: receiptRows(application.form),
    recipients,
    ...(application.fee ? { fee: `${formatEuro(application.fee.amountCents)} (${application.fee.legalBasis})` } : {}),
  });
  const document = await putIssuedDocument({
    tenantId: context.tenantId,
    applicationId: application.applicationId,
    kind: RECEIPT_KIND,
    title: 'Empfangsbescheinigung (§ 15 GewO)',
    fileName: `empfangsbescheinigung-${application.caseNumber}.pdf`,
    contentType: 'application/pdf',
    bytes,
    documentId: receiptDocumentId(application.applicationId),
    now: new Date(notice.acceptedAt),
  });

  const deliveryIds = await enqueueForwarding(systemTable, plan);
  const outcome = await attemptAll(systemTable, context.tenantId, deliveryIds, context.now, CURRENT_SETUP);
  logger.info('Gewerbeanzeige acknowledged and forwarded', {
    tenantId: context.tenantId,
    applicationId: application.applicationId,
    kind,
    deliveries: deliveryIds.length,
    statisticsRecords: plan.statistics.length,
    waived: plan.skipped.length,
    ...outcome,
  });
  return [document];
}

interface BusinessServiceSpec<F extends AnyBusinessForm> {
  kind: FormKind;
  leikaKey: string;
  caseCode: string;
  title: string;
  description: string;
  formSchema: z.ZodMiniType<F>;
}

function businessService<F extends AnyBusinessForm>(spec: BusinessServiceSpec<F>): ServiceDefinition<F> {
  const id = SERVICE_IDS[spec.kind];
  return {
    id,
    leikaKey: spec.leikaKey,
    caseCode: spec.caseCode,
    title: spec.title,
    description: spec.description,
    uploads: [],
    issues: [{ kind: RECEIPT_KIND, label: 'Empfangsbescheinigung nach § 15 Abs. 1 GewO (PDF)' }],
    formSchema: spec.formSchema,

    assess(form, context) {
      // Refuse before anything is created when the tenant cannot charge the fee.
      businessFee(context.config, id, form.operator.legalForm, berlinToday(context.now));
    },

    feeFor(form, context) {
      return businessFee(context.config, id, form.operator.legalForm, berlinToday(context.now));
    },

    async runChecks(application, context) {
      const outcome = evaluateBusinessChecks(application.form, berlinToday(context.now));
      logger.info('Gewerbeanzeige checks', {
        tenantId: context.tenantId,
        applicationId: application.applicationId,
        kind: spec.kind,
        decision: outcome.decision,
        findings: outcome.findings.map((finding) => finding.code),
      });
      return outcome;
    },

    issueDocuments(application, context) {
      return issueReceiptAndForward(spec.kind, application as Application<AnyBusinessForm>, context);
    },
  };
}

export const businessRegistration = businessService<BusinessRegistrationForm>({
  kind: 'GewA1',
  leikaKey: LEIKA_KEYS.registration,
  caseCode: 'GEW',
  title: 'Gewerbe anmelden',
  description:
    'Gewerbe-Anmeldung (GewA 1) für den Beginn eines Gewerbes, einer Zweigniederlassung oder einer unselbständigen Zweigstelle. ' +
    'Sie erhalten die Empfangsbescheinigung nach § 15 GewO als PDF; die Angaben werden nach § 3 GewAnzV an die zuständigen Stellen weitergegeben.',
  formSchema: businessRegistrationFormSchema,
});

export const businessChange = businessService<BusinessChangeForm>({
  kind: 'GewA2',
  leikaKey: LEIKA_KEYS.change,
  caseCode: 'GUM',
  title: 'Gewerbe ummelden',
  description:
    'Gewerbe-Ummeldung (GewA 2) bei Verlegung des Betriebes innerhalb der Gemeinde, Wechsel oder Ausdehnung der Tätigkeit. ' +
    'Sie erhalten die Empfangsbescheinigung als PDF.',
  formSchema: businessChangeFormSchema,
});

export const businessDeregistration = businessService<BusinessDeregistrationForm>({
  kind: 'GewA3',
  leikaKey: LEIKA_KEYS.deregistration,
  caseCode: 'GAB',
  title: 'Gewerbe abmelden',
  description: 'Gewerbe-Abmeldung (GewA 3) bei Aufgabe des Betriebes, Verlegung in eine andere Gemeinde oder Übergabe. Sie erhalten die Empfangsbescheinigung als PDF.',
  formSchema: businessDeregistrationFormSchema,
});
