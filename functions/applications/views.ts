/**
 * What the HTTP API answers about an application, as two explicit allow-lists: the applicant's view and the
 * caseworker's view. Each is a zod schema of the response; a view is made by parsing the stored item with it, and
 * `z.object` keeps exactly the keys the schema names (at every depth) — a field added to the stored application stays
 * internal until it is named here. The schemas are the response contract (the OpenAPI document is generated from them).
 *
 * The applicant never sees the caseworker's findings, who decided or who acted in the timeline (user ids), S3 keys,
 * the item version, payment and fee internals or the workflow's marks; the caseworker's view adds what the decision
 * needs.
 */
import type { Caller } from '#core/auth';
import * as z from '#core/zod';
import { serviceDescriptor } from '#functions/services/descriptors';
import { APPLICATION_STATUSES, STATUS_LABELS, STEP_KINDS, STEP_STATUSES, payAgainUntil, type Application, type ApplicationStatus, type ProcedureStep, type TimelineEntry } from './model.ts';


/** The label of a status of an application of this service, in the service's own words for its outcome. */
export function statusLabel(serviceId: string, status: ApplicationStatus): string {
  const outcome = serviceDescriptor(serviceId)?.outcome;
  if (outcome && status === 'approved') return outcome.approved;
  if (outcome && status === 'completed') return outcome.completed;
  return STATUS_LABELS[status];
}

const status = z.enum(APPLICATION_STATUSES);
const text = z.string();

const documentView = z.object({
  documentId: text,
  kind: text,
  title: text,
  fileName: text,
  contentType: text,
  direction: z.enum(['uploaded', 'issued']),
  createdAt: text,
});

const timelineEntryView = z.object({ at: text, status, statusLabel: text, note: z.optional(text) });

/**
 * A hearing letter or a request for documents, and the applicant's answer — the applicant reads the letter on the
 * status page, so both views show it in full (the caseworker's adds who sent it).
 */
const stepView = z.object({
  stepId: text,
  kind: z.enum(STEP_KINDS),
  status: z.enum(STEP_STATUSES),
  createdAt: text,
  /** The last day to answer (`yyyy-mm-dd`, inclusive). */
  deadline: text,
  message: text,
  intendedDecision: z.optional(z.enum(['reject', 'partial', 'revoke'])),
  outcome: z.optional(z.enum(['revoked', 'dropped'])),
  documents: z.optional(z.array(text)),
  fields: z.optional(z.array(text)),
  answer: z.optional(z.object({ at: text, text: z.optional(text), documentIds: z.array(text), changedFields: z.array(text) })),
  remindedAt: z.optional(text),
  closedAt: z.optional(text),
});
/** A partial approval: what is granted and what refused (the Bescheid's words), the fee of the granted part. */
const partialView = z.object({ granted: text, refused: text, fee: z.optional(z.object({ amountCents: z.int(), legalBasis: text })), refundCents: z.int() });
const openStepView = z.object({ stepId: text, kind: z.enum(STEP_KINDS), deadline: text });

/** `GET /applications/{id}`, `GET /applications`, `POST /applications` for the applicant. */
export const applicantApplicationSchema = z.object({
  applicationId: text,
  serviceId: text,
  serviceTitle: text,
  caseNumber: text,
  status,
  statusLabel: text,
  channel: z.enum(['online', 'counter']),
  /** What the applicant entered. */
  form: z.record(z.string(), z.unknown()),
  fee: z.optional(z.object({ amountCents: z.int(), currency: z.literal('EUR'), legalBasis: text })),
  payment: z.optional(
    z.object({
      status: z.enum(['INITIAL', 'BOOKED', 'FAILED', 'CANCELED']),
      checkoutUrl: z.optional(text),
      /** The cash reference (Kassenzeichen) of the payment. */
      transactionReference: z.optional(text),
      refund: z.optional(z.object({ status: z.enum(['REFUNDED', 'REFUND_REQUESTED']), at: text, amountCents: z.optional(z.int()) })),
    }),
  ),
  /** The outcome and its reasons as told to the applicant; never who decided. */
  decision: z.optional(z.object({ outcome: z.enum(['approve', 'reject']), reason: z.optional(text), at: text, partial: z.optional(partialView) })),
  documents: z.array(documentView),
  failureReason: z.optional(text),
  /** While the applicant may pay again after a cancelled, failed or expired payment (`POST …/payment`): until when. */
  payAgainUntil: z.optional(text),
  /** The hearing or request that waits for the applicant's answer (`POST …/steps/{stepId}/answer`). */
  openStep: z.optional(openStepView),
  createdAt: text,
  updatedAt: text,
  timeline: z.optional(z.array(timelineEntryView)),
  /** Hearings and requests for documents, oldest first (`GET /applications/{id}` only). */
  steps: z.optional(z.array(stepView)),
});
export type ApplicantApplicationView = z.infer<typeof applicantApplicationSchema>;

/** The same routes and the inbox for a caseworker of the tenant: what the decision needs, still no storage internals. */
export const caseworkerApplicationSchema = z.object({
  ...applicantApplicationSchema.shape,
  applicantId: text,
  applicantEmail: z.optional(text),
  filedBy: text,
  fee: z.optional(z.object({ feeKey: text, amountCents: z.int(), currency: z.literal('EUR'), legalBasis: text, scheduleValidFrom: text })),
  payment: z.optional(
    z.object({
      paymentId: text,
      status: z.enum(['INITIAL', 'BOOKED', 'FAILED', 'CANCELED']),
      checkoutUrl: z.optional(text),
      transactionReference: z.optional(text),
      refund: z.optional(z.object({ status: z.enum(['REFUNDED', 'REFUND_REQUESTED']), reference: text, at: text, amountCents: z.optional(z.int()) })),
    }),
  ),
  findings: z.optional(z.array(z.object({ code: text, message: text, severity: z.enum(['info', 'review']) }))),
  decision: z.optional(
    z.object({
      outcome: z.enum(['approve', 'reject']),
      reason: z.optional(text),
      by: text,
      at: text,
      automatic: z.boolean(),
      legalBasis: z.optional(text),
      hearingDispensation: z.optional(text),
      partial: z.optional(partialView),
    }),
  ),
  version: z.int(),
  timeline: z.optional(z.array(z.object({ ...timelineEntryView.shape, actor: text }))),
  steps: z.optional(z.array(z.object({ ...stepView.shape, createdBy: text }))),
});
export type CaseworkerApplicationView = z.infer<typeof caseworkerApplicationSchema>;

/**
 * The answer of routes both applicants and caseworkers call (`viewFor`). The caseworker's view first: the applicant's
 * schema would accept it too (stripping what only caseworkers see).
 */
export const applicationViewSchema = z.union([caseworkerApplicationSchema, applicantApplicationSchema]);

/** `GET /caseworker/applications`: one page of the inbox; `nextCursor` continues it (null on the last page). */
export const caseworkerInboxSchema = z.object({ items: z.array(caseworkerApplicationSchema), nextCursor: z.nullable(text) });
export type CaseworkerInboxPage = z.infer<typeof caseworkerInboxSchema>;

function labelled(app: Application, timeline: readonly TimelineEntry[] | undefined, steps: readonly ProcedureStep[] | undefined) {
  const payAgain = payAgainUntil(app);
  return {
    ...app,
    ...(steps ? { steps } : {}),
    ...(payAgain ? { payAgainUntil: payAgain } : {}),
    serviceTitle: serviceDescriptor(app.serviceId)?.title ?? app.serviceId,
    statusLabel: statusLabel(app.serviceId, app.status),
    ...(timeline ? { timeline: timeline.map((entry) => ({ ...entry, statusLabel: statusLabel(app.serviceId, entry.status) })) } : {}),
  };
}

export function applicantView(app: Application, timeline?: readonly TimelineEntry[], steps?: readonly ProcedureStep[]): ApplicantApplicationView {
  return z.parse(applicantApplicationSchema, labelled(app, timeline, steps));
}

export function caseworkerView(app: Application, timeline?: readonly TimelineEntry[], steps?: readonly ProcedureStep[]): CaseworkerApplicationView {
  return z.parse(caseworkerApplicationSchema, labelled(app, timeline, steps));
}

/** Caseworkers of the tenant get their view; everybody else (the applicant) the applicant's. */
export function viewFor(caller: Caller, app: Application, timeline?: readonly TimelineEntry[], steps?: readonly ProcedureStep[]): ApplicantApplicationView | CaseworkerApplicationView {
  return caller.roles.includes('caseworker') ? caseworkerView(app, timeline, steps) : applicantView(app, timeline, steps);
}
