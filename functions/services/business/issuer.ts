/**
 * Issuing after the decision on a Gewerbeanzeige: the acknowledgement of receipt (§ 15 Abs. 1 GewO) as PDF, then the
 * forwarding (§ 3 GewAnzV): one delivery per recipient, each with only the fields it is entitled to, and the record
 * for the statistics office's monthly batch. The first delivery attempts run at once; the schedule retries what
 * failed. Only the workflow's issuing step loads this module (through `functions/services/issuers.ts`): it brings the
 * PDF library, S3 and the transports.
 */
import { logger } from '#core/logger';
import { formatEuro } from '#functions/applications/domain';
import type { Application, DocumentRef } from '#functions/applications/model';
import type { IssueDocuments, ServiceContext } from '#functions/services/service';
import { RECEIPT_KIND } from './descriptor.ts';
import type { AnyBusinessForm, BusinessChangeForm, BusinessDeregistrationForm, BusinessRegistrationForm, FormKind } from './forms.ts';
import { endpointFor } from './forwarding/directory.ts';
import { planForwarding } from './forwarding/plan.ts';
import { receiptDocumentId } from './ids.ts';
import { noticeContext } from './notice.ts';
import { receiptRows } from './receipt.ts';
import { applyRegisterChange, registerChangeOf } from './trade-register.ts';

async function issueReceiptAndForward(kind: FormKind, application: Application<AnyBusinessForm>, context: ServiceContext): Promise<DocumentRef[]> {
  // Loaded on first use: PDF, S3 and the transports are evaluated when a notice is issued, not at the cold start.
  // (Only this module's bundle contains them; functions that need the form import `service.ts`.)
  const [{ renderReceiptPdf }, { putIssuedDocument }, { CURRENT_SETUP, enqueueForwarding, attemptAll }, { tableFor }] = await Promise.all([
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

  const db = tableFor(context.tenantId);
  // The trade register keeps the business for the applicant's next notice (the Betriebs-ID picker of GewA2/GewA3).
  const change = registerChangeOf(application, notice.businessId, notice.acceptedAt);
  const register = change ? await applyRegisterChange(db, context.tenantId, application.applicantId, change) : 'not-kept';
  const deliveryIds = await enqueueForwarding(db, plan);
  const outcome = await attemptAll(db, context.tenantId, deliveryIds, context.now, CURRENT_SETUP);
  logger.info('Gewerbeanzeige acknowledged and forwarded', {
    tenantId: context.tenantId,
    applicationId: application.applicationId,
    kind,
    deliveries: deliveryIds.length,
    statisticsRecords: plan.statistics.length,
    waived: plan.skipped.length,
    register,
    ...outcome,
  });
  return [document];
}

function businessIssuer<F extends AnyBusinessForm>(kind: FormKind): IssueDocuments<F> {
  return (application, context) => issueReceiptAndForward(kind, application as Application<AnyBusinessForm>, context);
}

export const issueBusinessRegistrationDocuments = businessIssuer<BusinessRegistrationForm>('GewA1');
export const issueBusinessChangeDocuments = businessIssuer<BusinessChangeForm>('GewA2');
export const issueBusinessDeregistrationDocuments = businessIssuer<BusinessDeregistrationForm>('GewA3');
