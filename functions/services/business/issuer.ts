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
import { tableFor } from '#core/ddb';
import { handoverAcceptanceCondition, tenantConfig } from '#functions/tenants/config';
import { factsOf } from './admission.ts';
import { authorOf } from './notice.ts';
import { noticeUuidFor } from './ids.ts';
import { declaresRelocationTo, deregistrationFromMove, premisesMatch, RELOCATION_TASK, relocationOf, SERVICE_ID, type RelocationRecord } from './relocation.ts';
import { ExtraConditionFailed, getEntry, putRelocationRecord, registerBusiness, updateBusiness } from './trade-register.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

async function issueReceiptAndForward(kind: FormKind, application: Application<AnyBusinessForm>, context: ServiceContext): Promise<DocumentRef[]> {
  // Loaded on first use: PDF, S3 and the transports are evaluated when a notice is issued, not at the cold start.
  // (Only this module's bundle contains them; functions that need the form import `service.ts`.)
  const [{ renderReceiptPdf }, { putIssuedDocument }, { CURRENT_SETUP, enqueueForwarding, attemptAll }] = await Promise.all([
    import('./receipt-pdf.ts'),
    import('#functions/documents/store'),
    import('./forwarding/deliver.ts'),
  ]);
  const notice = noticeContext(kind, application, context);
  const db = tableFor(context.tenantId);
  // The register first: a GewA2/GewA3 about a business that is no longer active (closed meanwhile, e.g. by the
  // Rückmeldung of a move) issues nothing and forwards nothing.
  const register = await applyToRegister(db, kind, application, notice.businessId, notice.acceptedAt, context);
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

  const deliveryIds = await enqueueForwarding(db, plan);
  const outcome = await attemptAll(db, context.tenantId, deliveryIds, context.now, CURRENT_SETUP);
  // A move from another municipality of the county: the old office deregisters the business (Rückmeldung).
  const relocation = 'registration' in application.form ? relocationOf(application.form) : undefined;
  if (relocation) await reportRelocation(application as Application<BusinessRegistrationForm>, relocation, notice.acceptedAt, context);
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

/** The notice's change of this municipality's register: a new business, its change, or its closure. */
async function applyToRegister(db: DynamoDBDocumentClient, kind: FormKind, application: Application<AnyBusinessForm>, businessId: string, at: string, context: ServiceContext) {
  const { form } = application;
  const base = { businessId, applicationId: application.applicationId, caseNumber: application.caseNumber, at };
  if ('registration' in form) {
    return registerBusiness(db, context.tenantId, { ...base, ownerId: application.applicantId, facts: factsOf(form), registeredOn: form.registration.startDate });
  }
  // Online, only the account that registered the business changes it (checked at submission, held here).
  const owner = application.channel === 'online' ? { ownerId: application.applicantId } : {};
  const update =
    'change' in form
      ? { kind: 'GewA2' as const, facts: factsOf(form) }
      : { kind: 'GewA3' as const, deregisteredOn: form.deregistration.endDate, closedBy: { kind: 'deregistration' as const, caseNumber: application.caseNumber } };
  return updateBusiness(db, context.tenantId, { ...base, ...owner, update, releaseHold: true });
}

/**
 * The Rückmeldung (`relocation.ts`): with the OLD office's tenant-scoped credentials, one transaction on its
 * partition closes the business in its register under its acceptance of the handover; then, still in its partition,
 * its forwarding of the deregistration; last, this office's record for the status. Crash-safe like the address-change
 * handover: a retried step finds the closure its own (`exists`) and completes the rest; the delivery ids are
 * deterministic, so nothing is forwarded twice.
 */
async function reportRelocation(
  application: Application<BusinessRegistrationForm>,
  move: NonNullable<ReturnType<typeof relocationOf>>,
  acceptedAt: string,
  context: ServiceContext,
): Promise<void> {
  const record = (outcome: RelocationRecord['outcome'], fromName: string, extra: Partial<RelocationRecord> = {}): RelocationRecord => ({
    applicationId: application.applicationId,
    from: move.from,
    fromName,
    ...(move.previousBusinessId ? { previousBusinessId: move.previousBusinessId } : {}),
    outcome,
    forwardedTo: [],
    at: acceptedAt,
    ...extra,
  });
  const own = tableFor(context.tenantId);
  const save = async (result: RelocationRecord) => {
    await putRelocationRecord(own, context.tenantId, result);
    logger.info('Gewerbeanzeige relocation reported', { tenantId: context.tenantId, applicationId: application.applicationId, from: move.from, outcome: result.outcome });
  };
  if (move.from === 'elsewhere') return save(record('outside-county', 'Gemeinde außerhalb des Kreises'));
  const oldDb = tableFor(move.from);
  const oldConfig = await tenantConfig(oldDb, move.from);
  if (!declaresRelocationTo(context.config, move.from)) return save(record('not-agreed', oldConfig.displayName));
  const entry = move.previousBusinessId ? await getEntry(oldDb, move.from, move.previousBusinessId) : undefined;
  const ours = entry?.lastApplicationId === application.applicationId;
  if (!entry || (!ours && (entry.status !== 'active' || !premisesMatch(entry, move.previousPremises)))) {
    return save(record('not-found', oldConfig.displayName));
  }
  const deregistration = deregistrationFromMove(application.form, entry);
  try {
    await updateBusiness(
      oldDb,
      move.from,
      {
        businessId: entry.businessId,
        applicationId: application.applicationId,
        caseNumber: application.caseNumber,
        at: acceptedAt,
        update: { kind: 'relocation', deregisteredOn: deregistration.deregistration.endDate, closedBy: { kind: 'relocation', caseNumber: application.caseNumber, movedTo: context.config.displayName } },
        releaseHold: false,
      },
      [handoverAcceptanceCondition({ receiver: move.from, from: context.tenantId, service: SERVICE_ID, task: RELOCATION_TASK })],
    );
  } catch (error) {
    if (error instanceof ExtraConditionFailed) return save(record('not-agreed', oldConfig.displayName));
    throw error;
  }
  // The old office forwards its deregistration with today's message builder (see the seam in `relocation.ts`).
  const { CURRENT_SETUP, enqueueForwarding, attemptAll } = await import('./forwarding/deliver.ts');
  const plan = planForwarding(CURRENT_SETUP.matrix, CURRENT_SETUP.directory, {
    tenantId: move.from,
    applicationId: application.applicationId,
    caseNumber: application.caseNumber,
    kind: 'GewA3',
    form: deregistration,
    businessId: entry.businessId,
    satzUuid: noticeUuidFor(move.from, application.applicationId),
    receivedAt: application.createdAt,
    acceptedAt,
    author: authorOf(oldConfig),
    now: context.now,
  });
  const ids = await enqueueForwarding(oldDb, plan);
  await attemptAll(oldDb, move.from, ids, context.now, CURRENT_SETUP);
  await save(record('deregistered', oldConfig.displayName, { deregisteredOn: deregistration.deregistration.endDate, forwardedTo: plan.deliveries.map((delivery) => delivery.recipientName) }));
}
