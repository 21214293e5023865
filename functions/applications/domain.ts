import { createHash, randomUUID } from 'node:crypto';
import type { Application, ApplicationStatus, Channel, Fee } from './model.ts';

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

/** Withdrawal is possible while the application waits for the applicant's payment or for the caseworker. */
export const WITHDRAWABLE: readonly ApplicationStatus[] = ['awaiting-payment', 'awaiting-decision'];
/** Short-lived states in which the workflow is busy; a withdrawal then has to be repeated a moment later. */
export const BUSY: readonly ApplicationStatus[] = ['submitted', 'fee-computed', 'paid', 'checks-passed'];

export { formatEuro } from '#core/money';
