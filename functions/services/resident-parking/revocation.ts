/**
 * The rules of the revocation procedure of a resident parking permit (Widerruf, § 49 VwVfG NRW) — pure, so the
 * handlers and the web app state the same rules.
 *
 * A revocation is an administrative act against the holder (§ 35 VwVfG NRW): before it, the holder is heard
 * (§ 28 Abs. 1 — "Widerruf beabsichtigt", a hearing letter on the permit's status page with a deadline), unless the
 * caseworker states why the hearing is dispensable (§ 28 Abs. 2). The hearing letter is a procedure step of the
 * permit's application (`functions/applications/procedure-store.ts`), so reminders and expiry are the repair
 * schedule's, exactly as for a hearing before a rejection.
 */
import { daysBetween, germanDate } from '#core/dates';
import type { ProcedureStep } from '#functions/applications/model';
import { MIN_STEP_DAYS } from '#functions/applications/procedure';
import type { ResidentParkingPermit } from './permit.ts';

/** Why this deadline of a hearing before a revocation cannot be set (German, for the field `deadline`), or undefined. */
export function revocationDeadlineRefusal(deadline: string, today: string, permit: Pick<ResidentParkingPermit, 'validTo'>): string | undefined {
  if (daysBetween(today, deadline) < MIN_STEP_DAYS) return `Die Frist muss mindestens ${MIN_STEP_DAYS} Tage betragen.`;
  // After its last day the permit ends anyway: a revocation later would have nothing left to revoke.
  if (deadline >= permit.validTo) return `Die Frist muss vor dem Ende der Gültigkeit des Ausweises am ${germanDate(permit.validTo)} enden.`;
  return undefined;
}

export type RevocationRefusal = { status: 'conflict' | 'unprocessable'; message: string };

/**
 * Whether the permit may be revoked now (undefined) and with which procedure step: a running procedure whose hearing
 * was answered or whose deadline passed, or none and the caseworker's reason why no hearing is needed.
 */
export function revocationRefusal(
  permit: Pick<ResidentParkingPermit, 'revocationProcedure'>,
  steps: ReadonlyArray<Pick<ProcedureStep, 'stepId' | 'status' | 'deadline'>>,
  dispensation: string | undefined,
): RevocationRefusal | undefined {
  const procedure = permit.revocationProcedure;
  const step = procedure && steps.find((candidate) => candidate.stepId === procedure.stepId);
  if (step?.status === 'open') {
    return { status: 'conflict', message: `Die Inhaberin oder der Inhaber kann sich noch bis zum ${germanDate(step.deadline)} zum beabsichtigten Widerruf äußern. Widerrufen können Sie nach der Antwort oder nach dem Fristende.` };
  }
  if (step || dispensation) return undefined;
  return {
    status: 'unprocessable',
    message: 'Vor einem Widerruf ist die Inhaberin oder der Inhaber anzuhören (§ 28 Abs. 1 VwVfG NRW). Bitte leiten Sie die Anhörung ein („Widerruf beabsichtigt“) oder begründen Sie, warum sie hier entbehrlich ist (§ 28 Abs. 2 VwVfG NRW).',
  };
}
