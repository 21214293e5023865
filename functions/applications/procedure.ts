/**
 * The rules of the procedure steps (hearing, request for documents) and of the hearing before a rejection — pure, so
 * the handlers, the repair schedule and the web app state the same rules.
 *
 * Sources: § 28 VwVfG NRW (Anhörung: Abs. 1 the duty before an act that interferes with the applicant's rights — the
 * rejection of an application is treated so in NRW practice and by the issue; Abs. 2 the cases in which it may be
 * dispensed with, which the authority must be able to state), § 26 Abs. 2 VwVfG NRW (the applicant's part in
 * establishing the facts: documents and details asked for), § 31 VwVfG NRW with §§ 187, 188 BGB (a deadline in days
 * ends with the end of its last day).
 */
import { addDays, daysBetween, germanDate } from '#core/dates';
import { DECISION_TIMEOUT_DAYS, type Application, type ProcedureStep } from './model.ts';

/** A deadline shorter than this is not an appropriate opportunity to answer (§ 28 Abs. 1: "Gelegenheit"). */
export const MIN_STEP_DAYS = 7;
/** Days the caseworker keeps after the last deadline to decide before the workflow's decision wait ends. */
export const DECISION_DAYS_AFTER_STEP = 2;

/** The last day of the workflow's wait for the decision (after it, the application fails and is refunded). */
export function decisionWaitEnds(app: Pick<Application, 'createdAt'> & { decisionWaitSince?: string | undefined }): string {
  return addDays((app.decisionWaitSince ?? app.createdAt).slice(0, 10), DECISION_TIMEOUT_DAYS);
}

/** Why this deadline cannot be set (German, for the field `deadline`), or undefined. */
export function deadlineRefusal(deadline: string, today: string, waitEnds: string): string | undefined {
  if (daysBetween(today, deadline) < MIN_STEP_DAYS) return `Die Frist muss mindestens ${MIN_STEP_DAYS} Tage betragen.`;
  const latest = addDays(waitEnds, -DECISION_DAYS_AFTER_STEP);
  if (deadline > latest) {
    return `Die Frist darf spätestens am ${germanDate(latest)} enden: Danach bleiben sonst keine ${DECISION_DAYS_AFTER_STEP} Tage für die Entscheidung, bevor die Bearbeitungsfrist des Antrags abläuft.`;
  }
  return undefined;
}

/** The deadline of a new step: the one asked for, or today plus the tenant's default days. */
export function stepDeadline(asked: string | undefined, today: string, defaultDays: number): string {
  return asked ?? addDays(today, defaultDays);
}

/** A deadline counts through its last day: the step has expired from the day after. */
export function deadlinePassed(step: Pick<ProcedureStep, 'deadline'>, today: string): boolean {
  return today > step.deadline;
}

/** The reminder is due this many days before the deadline (and only once, while the step is open). */
export function reminderDue(step: Pick<ProcedureStep, 'deadline' | 'status' | 'remindedAt'>, today: string, daysBefore: number): boolean {
  return step.status === 'open' && !step.remindedAt && !deadlinePassed(step, today) && daysBetween(today, step.deadline) <= daysBefore;
}

/** Why the applicant cannot answer this step (German), or undefined. */
export function answerRefusal(step: Pick<ProcedureStep, 'status' | 'deadline'>, today: string): string | undefined {
  if (step.status === 'answered') return 'Sie haben auf dieses Schreiben bereits geantwortet.';
  if (step.status === 'cancelled') return 'Die Verwaltung hat das Verfahren eingestellt. Sie müssen auf dieses Schreiben nicht mehr antworten.';
  if (step.status === 'expired' || deadlinePassed(step, today)) {
    return 'Die Frist für eine Antwort ist abgelaufen. Bitte wenden Sie sich an Ihre Verwaltung, wenn Sie noch etwas mitteilen möchten.';
  }
  return undefined;
}

/**
 * Why a decision cannot be recorded without a hearing (German), or undefined. A rejection — and a partial approval,
 * which rejects the rest — needs a hearing that was answered or whose deadline passed, or the caseworker's statement
 * why it may be dispensed with (§ 28 Abs. 2). A hearing before a rejection also covers a partial approval (the lesser
 * burden), not the other way round.
 */
export function hearingRefusal(
  outcome: 'approve' | 'reject' | 'partial',
  steps: ReadonlyArray<Pick<ProcedureStep, 'kind' | 'status'> & { intendedDecision?: ProcedureStep['intendedDecision'] }>,
  dispensation: string | undefined,
): string | undefined {
  if (outcome === 'approve' || dispensation) return undefined;
  const covers = outcome === 'reject' ? ['reject'] : ['reject', 'partial'];
  const heard = steps.some((step) => step.kind === 'hearing' && covers.includes(step.intendedDecision ?? 'reject') && (step.status === 'answered' || step.status === 'expired'));
  if (heard) return undefined;
  const what = outcome === 'reject' ? 'einer Ablehnung' : 'einer Teilbewilligung (der Antrag wird im Übrigen abgelehnt)';
  return `Vor ${what} ist die antragstellende Person anzuhören (§ 28 Abs. 1 VwVfG NRW). Bitte leiten Sie eine Anhörung ein oder begründen Sie, warum sie hier entbehrlich ist (§ 28 Abs. 2 VwVfG NRW).`;
}

/**
 * The form with the applicant's corrections: only the fields the request named may change (top-level keys). Returns
 * the merged form and the changed field names, or the field errors (path below `body/form`).
 */
export function correctedForm(
  form: Record<string, unknown>,
  corrections: Record<string, unknown>,
  allowed: readonly string[],
): { ok: true; form: Record<string, unknown>; changed: string[] } | { ok: false; errors: Array<{ field: string; message: string }> } {
  const refused = Object.keys(corrections).filter((field) => !allowed.includes(field));
  if (refused.length > 0) {
    return { ok: false, errors: refused.map((field) => ({ field: `body/form/${field}`, message: 'Diese Angabe wurde nicht nachgefordert und kann hier nicht geändert werden.' })) };
  }
  const changed = Object.keys(corrections).filter((field) => JSON.stringify(form[field]) !== JSON.stringify(corrections[field]));
  return { ok: true, form: { ...form, ...corrections }, changed };
}
