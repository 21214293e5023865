import { createHash, randomUUID } from 'node:crypto';
import { MAX_PAYMENT_ATTEMPTS, PAYABLE_AGAIN, PAY_AGAIN_DAYS, payAgainUntil, paymentAttemptOf, type Application, type Channel, type Fee } from './model.ts';

/** Readable, unique per tenant, service and year: `NE-BPA-2026-000123`. */
export function formatCaseNumber(prefix: string, caseCode: string, year: number, sequence: number): string {
  return `${prefix}-${caseCode}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Canonical JSON (sorted keys) → SHA-256: the same request under the same Idempotency-Key hashes the same. */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A new application's id: taken before the submission claims its Idempotency-Key, so the claim names it. */
export function newApplicationId(): string {
  return randomUUID();
}

export function newApplication(input: {
  applicationId: string;
  tenantId: string;
  serviceId: string;
  caseNumber: string;
  channel: Channel;
  applicantId: string;
  applicantEmail?: string;
  filedBy: string;
  form: Record<string, unknown>;
  documents: Application['documents'];
  /** The fee from the tenant's schedule, computed at submission. */
  fee: Fee;
  now: Date;
}): Application {
  const at = input.now.toISOString();
  return {
    applicationId: input.applicationId,
    tenantId: input.tenantId,
    serviceId: input.serviceId,
    caseNumber: input.caseNumber,
    // Submitted with the fee computed: the application starts its life in `fee-computed` (the timeline has both).
    status: 'fee-computed',
    channel: input.channel,
    applicantId: input.applicantId,
    ...(input.applicantEmail ? { applicantEmail: input.applicantEmail } : {}),
    filedBy: input.filedBy,
    form: input.form,
    documents: input.documents,
    fee: input.fee,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/**
 * Why the applicant cannot pay again now (a German sentence for the 409), or undefined when they can. The rule itself
 * is `payAgainUntil` (model.ts), which the views show; this adds the words for each way it fails.
 */
export function payAgainRefusal(app: Pick<Application, 'status' | 'updatedAt'> & { paymentAttempt?: number }, now: Date): string | undefined {
  if (!PAYABLE_AGAIN.includes(app.status)) {
    return 'Eine erneute Zahlung ist nur möglich, wenn die Zahlung abgebrochen wurde, fehlgeschlagen ist oder nicht rechtzeitig erfolgt ist.';
  }
  if (paymentAttemptOf(app) >= MAX_PAYMENT_ATTEMPTS) {
    return `Für diesen Antrag wurde schon ${MAX_PAYMENT_ATTEMPTS}-mal eine Zahlung begonnen. Bitte stellen Sie einen neuen Antrag oder wenden Sie sich an Ihre Verwaltung.`;
  }
  const until = payAgainUntil(app)!;
  if (now.toISOString() > until) {
    return `Eine erneute Zahlung war bis ${PAY_AGAIN_DAYS} Tage nach dem Ende der Zahlung möglich; diese Frist ist abgelaufen. Bitte stellen Sie einen neuen Antrag.`;
  }
  return undefined;
}

/** The applicant asked to pay again and the new payment is under way (a repeated request finds it so). */
export function payingAgain(app: Pick<Application, 'status'> & { paymentAttempt?: number }): boolean {
  return paymentAttemptOf(app) > 1 && (app.status === 'fee-computed' || app.status === 'awaiting-payment');
}

export { formatEuro } from '#core/money';
