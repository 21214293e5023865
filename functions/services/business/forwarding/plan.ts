/**
 * Planning the forwarding of an accepted notice — pure: which recipients get it, what each of them may see
 * (projected through the matrix), and the deliveries and statistics record to store. Nothing is sent here.
 */
import type { FormKind, AnyBusinessForm } from '../forms.ts';
import { batchDeliveryId, messageUuidFor, noticeDeliveryId } from '../ids.ts';
import { berlinToday } from '../schemas.ts';
import { endpointFor, type RecipientDirectory, type RecipientEndpoint } from './directory.ts';
import { allowedPaths, automaticRecipients, project, type ForwardingMatrix, type RecipientRule } from './matrix.ts';
import type { Delivery, StatisticsRecord } from './model.ts';
import type { AuthorAuthority, ProjectedForm, RecordInput } from './xgewerbeordnung.ts';

export interface NoticeContext {
  tenantId: string;
  applicationId: string;
  caseNumber: string;
  kind: FormKind;
  form: AnyBusinessForm;
  businessId: string;
  satzUuid: string;
  /** When the notice was received (the application's submission) and accepted (the acknowledgement). */
  receivedAt: string;
  acceptedAt: string;
  author: AuthorAuthority;
  now: Date;
}

export const NOT_CONFIGURED = (name: string) => `Der Empfänger „${name}“ ist für diese Verwaltung nicht im Empfängerverzeichnis konfiguriert.`;

/** The record of a notice as `recipient` may receive it: the permitted fields of the form plus the municipality's ids. */
export function recordFor(matrix: ForwardingMatrix, recipient: RecipientRule, notice: NoticeContext): RecordInput {
  return {
    kind: notice.kind,
    data: project(notice.form, allowedPaths(matrix, recipient, notice.kind)) as ProjectedForm,
    meta: {
      satzUuid: notice.satzUuid,
      businessId: notice.businessId,
      caseNumber: notice.caseNumber,
      ags: notice.author.ags,
      receivedAt: notice.receivedAt,
      acceptedAt: notice.acceptedAt,
    },
  };
}

/** A new delivery of one notice to one recipient; `dead` at once when the tenant has no endpoint for it. */
export function newNoticeDelivery(
  matrix: ForwardingMatrix,
  recipient: RecipientRule,
  notice: NoticeContext,
  endpoint: RecipientEndpoint | undefined,
  origin: { createdBy: string; note?: string },
): Delivery {
  const deliveryId = noticeDeliveryId(notice.tenantId, notice.applicationId, recipient.id);
  const at = notice.now.toISOString();
  const configured = endpoint !== undefined;
  return {
    deliveryId,
    tenantId: notice.tenantId,
    recipientId: recipient.id,
    recipientName: endpoint?.name ?? recipient.name,
    kind: 'notice',
    formKinds: [notice.kind],
    applicationIds: [notice.applicationId],
    caseNumbers: [notice.caseNumber],
    matrixVersion: matrix.version,
    status: configured ? 'pending' : 'dead',
    attempts: 0,
    totalAttempts: 0,
    nextAttemptAt: at,
    ...(configured ? {} : { lastError: NOT_CONFIGURED(recipient.name) }),
    messageUuid: messageUuidFor(deliveryId),
    author: notice.author,
    records: [recordFor(matrix, recipient, notice)],
    createdAt: at,
    updatedAt: at,
    createdBy: origin.createdBy,
    ...(origin.note ? { note: origin.note } : {}),
    history: [
      { at, event: 'created', by: origin.createdBy, ...(origin.note ? { note: origin.note } : {}) },
      ...(configured ? [] : [{ at, event: 'dead' as const, error: NOT_CONFIGURED(recipient.name) }]),
    ],
  };
}

/** `YYYY-MM` of a moment in Germany. */
export function berlinPeriod(at: Date): string {
  return berlinToday(at).slice(0, 7);
}

export interface ForwardingPlan {
  deliveries: Delivery[];
  statistics: StatisticsRecord[];
  skipped: Array<{ recipientId: string; reason: 'waived' }>;
}

/** What an accepted notice sets in motion: one delivery per immediate recipient, a record for the monthly batch. */
export function planForwarding(matrix: ForwardingMatrix, directory: RecipientDirectory, notice: NoticeContext): ForwardingPlan {
  const plan: ForwardingPlan = { deliveries: [], statistics: [], skipped: [] };
  for (const recipient of automaticRecipients(matrix, notice.kind, notice.form)) {
    const endpoint = endpointFor(directory, notice.tenantId, recipient.id);
    if (endpoint?.waived) {
      plan.skipped.push({ recipientId: recipient.id, reason: 'waived' });
      continue;
    }
    if (recipient.schedule === 'monthly-batch') {
      plan.statistics.push({
        tenantId: notice.tenantId,
        applicationId: notice.applicationId,
        caseNumber: notice.caseNumber,
        period: berlinPeriod(new Date(notice.acceptedAt)),
        record: recordFor(matrix, recipient, notice),
        author: notice.author,
        matrixVersion: matrix.version,
        createdAt: notice.now.toISOString(),
      });
      continue;
    }
    plan.deliveries.push(newNoticeDelivery(matrix, recipient, notice, endpoint, { createdBy: 'system' }));
  }
  return plan;
}

/** A monthly statistics batch of `records` (all of one tenant and period), its XML already built. */
export function newBatchDelivery(input: {
  matrix: ForwardingMatrix;
  recipient: RecipientRule;
  endpoint: RecipientEndpoint;
  tenantId: string;
  period: string;
  records: readonly StatisticsRecord[];
  now: Date;
  buildXml: (delivery: Pick<Delivery, 'deliveryId' | 'messageUuid' | 'createdAt'>) => string;
}): Delivery {
  const applicationIds = input.records.map((record) => record.applicationId);
  const deliveryId = batchDeliveryId(input.tenantId, input.period, applicationIds);
  const at = input.now.toISOString();
  const messageUuid = messageUuidFor(deliveryId);
  return {
    deliveryId,
    tenantId: input.tenantId,
    recipientId: input.recipient.id,
    recipientName: input.endpoint.name,
    kind: 'statistics-batch',
    formKinds: [...new Set(input.records.map((record) => record.record.kind))].sort(),
    applicationIds,
    caseNumbers: input.records.map((record) => record.caseNumber),
    period: input.period,
    matrixVersion: input.matrix.version,
    status: 'pending',
    attempts: 0,
    totalAttempts: 0,
    nextAttemptAt: at,
    messageUuid,
    author: input.records[0]!.author,
    payload: input.buildXml({ deliveryId, messageUuid, createdAt: at }),
    createdAt: at,
    updatedAt: at,
    createdBy: 'system',
    history: [{ at, event: 'created', by: 'system' }],
  };
}
