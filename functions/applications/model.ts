/**
 * The application (Antrag) as the engine keeps it. Service-specific data lives in `form`, validated by the
 * service's zod schema; everything else is the same for every online service.
 *
 * Pure and without imports: the web app reads its rules from here too (statuses, who may withdraw or pay again).
 */
export const APPLICATION_STATUSES = [
  'submitted',
  'fee-computed',
  'awaiting-payment',
  'paid',
  'checks-passed',
  'awaiting-decision',
  'approved',
  'rejected',
  'documents-issued',
  'completed',
  'withdrawn',
  'expired',
  'payment-failed',
  'failed',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Withdrawal is possible while the application waits for the applicant's payment or for the caseworker. */
export const WITHDRAWABLE: readonly ApplicationStatus[] = ['awaiting-payment', 'awaiting-decision'];
/** Short-lived states in which the workflow is busy; a withdrawal then has to be repeated a moment later. */
export const BUSY: readonly ApplicationStatus[] = ['submitted', 'fee-computed', 'paid', 'checks-passed'];
/**
 * Generic status labels. `approved` and `completed` are named by each service (its descriptor's `outcome`): a permit
 * is granted, a Gewerbeanzeige acknowledged; these two are only the fallback for a service the registry does not know.
 */
export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  submitted: 'Eingegangen',
  'fee-computed': 'Gebühr berechnet',
  'awaiting-payment': 'Wartet auf Zahlung',
  paid: 'Bezahlt',
  'checks-passed': 'Automatisch geprüft',
  'awaiting-decision': 'In Prüfung durch die Verwaltung',
  approved: 'Positiv entschieden',
  rejected: 'Abgelehnt',
  'documents-issued': 'Dokumente ausgestellt',
  completed: 'Abgeschlossen',
  withdrawn: 'Zurückgezogen',
  expired: 'Verfallen (nicht bezahlt)',
  'payment-failed': 'Zahlung fehlgeschlagen',
  failed: 'Fehlgeschlagen',
};

/** States in which nothing happens any more. */
export const FINAL_STATUSES: readonly ApplicationStatus[] = ['completed', 'rejected', 'withdrawn', 'expired', 'payment-failed', 'failed'];

/**
 * How long the caseworker may take before the workflow's decision wait times out (the application then fails and is
 * refunded). The workflow construct and the repair schedule read it.
 */
export const DECISION_TIMEOUT_DAYS = 30;

/**
 * Paying again (`POST /applications/{id}/payment`): an application whose payment was cancelled, failed or not made in
 * time may get a new payment — the same application, fee and case number, nothing entered again — within this many
 * days after it ended, and for at most this many payments in all. Later, a new application is the way.
 */
export const PAY_AGAIN_DAYS = 14;
export const MAX_PAYMENT_ATTEMPTS = 5;
/** The endings after which paying again is possible: the payer cancelled or the payment failed, or it expired. */
export const PAYABLE_AGAIN: readonly ApplicationStatus[] = ['payment-failed', 'expired'];

/** The number of the application's current payment (1 for the first; stored only from the second on). */
export function paymentAttemptOf(app: { paymentAttempt?: number }): number {
  return app.paymentAttempt ?? 1;
}

/**
 * Until when the applicant may pay again (ISO timestamp), or undefined when paying again is not possible. Pure, so the
 * views (and through them the web app) state the same rule the route enforces.
 */
export function payAgainUntil(app: Pick<Application, 'status' | 'updatedAt'> & { paymentAttempt?: number }): string | undefined {
  if (!PAYABLE_AGAIN.includes(app.status) || paymentAttemptOf(app) >= MAX_PAYMENT_ATTEMPTS) return undefined;
  return new Date(Date.parse(app.updatedAt) + PAY_AGAIN_DAYS * 24 * 60 * 60_000).toISOString();
}

export type Channel = 'online' | 'counter';

export interface Fee {
  /** Key into the tenant's fee schedule, e.g. `annual`. */
  feeKey: string;
  amountCents: number;
  currency: 'EUR';
  legalBasis: string;
  scheduleValidFrom: string;
}

export interface PaymentSummary {
  paymentId: string;
  status: 'INITIAL' | 'BOOKED' | 'FAILED' | 'CANCELED';
  checkoutUrl?: string;
  transactionReference?: string;
  /** `amountCents` only for a partial refund (a partial approval); otherwise the whole payment was refunded. */
  refund?: { status: 'REFUNDED' | 'REFUND_REQUESTED'; reference: string; at: string; amountCents?: number };
}

export interface Decision {
  outcome: 'approve' | 'reject';
  reason?: string;
  by: string;
  at: string;
  automatic: boolean;
  /** The legal basis the Bescheid names (a rejection), as the caseworker gave it or the service's default. */
  legalBasis?: string;
  /**
   * Why a rejection was decided without a hearing (§ 28 Abs. 2 VwVfG NRW), recorded by the caseworker; absent when the
   * applicant was heard (see `hearingRefusal`).
   */
  hearingDispensation?: string;
  /**
   * A partial approval (Teilbewilligung, an approval that refuses part of what was applied for — for that part a
   * decision against the applicant, § 28 VwVfG NRW): the part granted (`grant`: the form's fields as granted, which
   * the documents are issued for), both in the Bescheid's words, the fee of the granted part and the refund of the
   * difference to the fee paid.
   */
  partial?: PartialApproval;
}

export interface PartialApproval {
  grant: Record<string, unknown>;
  granted: string;
  refused: string;
  /** The fee of the granted part; absent when it is free. */
  fee?: Fee;
  /** Paid fee − fee of the granted part (0 when nothing was paid or the fee is the same). */
  refundCents: number;
}

export interface DocumentRef {
  documentId: string;
  kind: string;
  title: string;
  fileName: string;
  contentType: string;
  /** S3 key below `<tenantId>/`. */
  key: string;
  direction: 'uploaded' | 'issued';
  createdAt: string;
}

export interface Finding {
  code: string;
  message: string;
  severity: 'info' | 'review';
}

export interface Application<F = Record<string, unknown>> {
  applicationId: string;
  tenantId: string;
  serviceId: string;
  caseNumber: string;
  status: ApplicationStatus;
  channel: Channel;
  /** The citizen or business the application is for (Cognito `sub`); at the counter, a caseworker files for them. */
  applicantId: string;
  applicantEmail?: string;
  filedBy: string;
  form: F;
  fee?: Fee;
  payment?: PaymentSummary;
  findings?: Finding[];
  decision?: Decision;
  documents: DocumentRef[];
  failureReason?: string;
  /** The number of the current payment when the applicant paid again (see `PAY_AGAIN_DAYS`); absent for the first. */
  paymentAttempt?: number;
  /** The hearing or request for documents that waits for the applicant's answer (a sub-state of `awaiting-decision`). */
  openStep?: OpenStep;
  /** When the workflow began to wait for the caseworker (the decision wait's timeout counts from here). */
  decisionWaitSince?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TimelineEntry {
  at: string;
  status: ApplicationStatus;
  actor: string;
  note?: string;
}

// Procedure steps while the application awaits the decision (Verwaltungsverfahren) ---------------------------------

/**
 * A step of the administrative procedure in which the authority asks the applicant and waits for the answer, while the
 * workflow keeps waiting for the caseworker's decision (the task token stays valid; the step is a sub-state of
 * `awaiting-decision`):
 * - `hearing` (Anhörung, § 28 Abs. 1 VwVfG NRW): before a decision against the applicant, the authority states the
 *   facts and the intended decision and gives the applicant the opportunity to comment within a deadline.
 * - `request` (Nachforderung, § 24/§ 26 Abs. 2 VwVfG NRW: the applicant's duty to cooperate): missing documents or
 *   details, answered by an upload, field corrections (validated with the service's form schema) or a text.
 */
export const STEP_KINDS = ['hearing', 'request'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
/** `cancelled`: the authority dropped what it intended (a revocation) while the letter was still open. */
export const STEP_STATUSES = ['open', 'answered', 'expired', 'cancelled'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const STEP_LABELS: Record<StepKind, string> = { hearing: 'Anhörung', request: 'Nachforderung von Unterlagen oder Angaben' };

export interface OpenStep {
  stepId: string;
  kind: StepKind;
  /** The last day to answer (`yyyy-mm-dd`, German calendar day, inclusive). */
  deadline: string;
}

export interface StepAnswer {
  at: string;
  text?: string;
  /** Uploads linked to the application with the answer (their `documentId`s). */
  documentIds: string[];
  /** Form fields the applicant corrected (names only; the values are in the application's form). */
  changedFields: string[];
}

export interface ProcedureStep {
  stepId: string;
  applicationId: string;
  kind: StepKind;
  status: StepStatus;
  createdAt: string;
  createdBy: string;
  deadline: string;
  /** Hearing: the facts the intended decision rests on; request: what is missing and why. */
  message: string;
  /**
   * Hearing: the decision the authority intends — `reject` the application or grant it only in part (`partial`; both
   * while it awaits the decision), or `revoke`
   * the permit it issued (§ 49 VwVfG NRW; the application is `completed` and the holder is heard on its status page).
   */
  intendedDecision?: 'reject' | 'partial' | 'revoke';
  /** A hearing before a revocation: how the procedure ended — the permit was revoked, or the revocation dropped. */
  outcome?: 'revoked' | 'dropped';
  /** Request: the documents asked for (labels as the caseworker wrote them). */
  documents?: string[];
  /** Request: top-level fields of the form the applicant may correct. */
  fields?: string[];
  answer?: StepAnswer;
  remindedAt?: string;
  closedAt?: string;
}
