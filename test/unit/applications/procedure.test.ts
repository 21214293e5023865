import { describe, expect, it } from 'vitest';
import { STEP_KINDS, STEP_STATUSES } from '../../../functions/applications/model.ts';
import { answerRefusal, correctedForm, deadlinePassed, deadlineRefusal, decisionWaitEnds, hearingRefusal, reminderDue, stepDeadline } from '../../../functions/applications/procedure.ts';
import { stepAnswerSchema, stepSchema } from '../../../functions/applications/schemas.ts';
import * as z from '../../../functions/core/zod.ts';

const TODAY = '2026-03-10';

describe('the deadline of a hearing or a request', () => {
  it('defaults to today plus the tenant days and takes the one asked for', () => {
    expect(stepDeadline(undefined, TODAY, 14)).toBe('2026-03-24');
    expect(stepDeadline('2026-03-20', TODAY, 14)).toBe('2026-03-20');
  });

  it('is at least 7 days (§ 28 Abs. 1: an opportunity to answer), and ends 2 days before the decision wait ends', () => {
    const waitEnds = decisionWaitEnds({ createdAt: '2026-03-01T08:00:00.000Z', decisionWaitSince: '2026-03-02T08:00:00.000Z' });
    expect(waitEnds).toBe('2026-04-01');
    expect(deadlineRefusal('2026-03-16', TODAY, waitEnds)).toBe('Die Frist muss mindestens 7 Tage betragen.');
    expect(deadlineRefusal('2026-03-17', TODAY, waitEnds)).toBeUndefined();
    expect(deadlineRefusal('2026-03-30', TODAY, waitEnds)).toBeUndefined();
    expect(deadlineRefusal('2026-03-31', TODAY, waitEnds)).toContain('spätestens am 30.03.2026 enden');
  });

  it('counts the decision wait from the submission for an application that began to wait before the field existed', () => {
    expect(decisionWaitEnds({ createdAt: '2026-03-01T08:00:00.000Z' })).toBe('2026-03-31');
  });

  it('runs through its last day (§ 31 VwVfG NRW, § 188 BGB) and has passed from the next', () => {
    expect(deadlinePassed({ deadline: TODAY }, TODAY)).toBe(false);
    expect(deadlinePassed({ deadline: TODAY }, '2026-03-11')).toBe(true);
  });

  it('is reminded once, within the reminder days before it, only while open and not passed', () => {
    const step = { deadline: '2026-03-13', status: 'open' as const };
    expect(reminderDue(step, TODAY, 3)).toBe(true);
    expect(reminderDue(step, TODAY, 2)).toBe(false);
    expect(reminderDue({ ...step, remindedAt: '2026-03-10T06:00:00.000Z' }, TODAY, 3)).toBe(false);
    for (const status of STEP_STATUSES.filter((candidate) => candidate !== 'open')) expect(reminderDue({ ...step, status }, TODAY, 3), status).toBe(false);
    expect(reminderDue({ ...step, deadline: '2026-03-09' }, TODAY, 3)).toBe(false);
  });
});

describe('the answer to a step', () => {
  it('is possible while the step is open and its deadline has not passed, and refused otherwise in German', () => {
    expect(answerRefusal({ status: 'open', deadline: TODAY }, TODAY)).toBeUndefined();
    expect(answerRefusal({ status: 'open', deadline: '2026-03-09' }, TODAY)).toContain('Frist für eine Antwort ist abgelaufen');
    expect(answerRefusal({ status: 'expired', deadline: '2026-03-20' }, TODAY)).toContain('Frist für eine Antwort ist abgelaufen');
    expect(answerRefusal({ status: 'answered', deadline: '2026-03-20' }, TODAY)).toBe('Sie haben auf dieses Schreiben bereits geantwortet.');
    // A letter the authority withdrew (a revocation dropped) needs no answer any more.
    expect(answerRefusal({ status: 'cancelled', deadline: '2026-03-20' }, TODAY)).toContain('Verfahren eingestellt');
    for (const status of STEP_STATUSES.filter((candidate) => candidate !== 'open')) expect(answerRefusal({ status, deadline: '2026-03-20' }, TODAY), status).toBeDefined();
  });

  it('changes only the fields the request named, and reports which it changed', () => {
    const form = { plate: 'NE-AB 1', vehicle: { weightKg: 1600 }, zoneId: 'NE-1' };
    expect(correctedForm(form, { vehicle: { weightKg: 1500 }, zoneId: 'NE-1' }, ['vehicle', 'zoneId'])).toEqual({
      ok: true,
      form: { plate: 'NE-AB 1', vehicle: { weightKg: 1500 }, zoneId: 'NE-1' },
      changed: ['vehicle'],
    });
    expect(correctedForm(form, { plate: 'NE-XY 2', vehicle: { weightKg: 1500 } }, ['vehicle'])).toEqual({
      ok: false,
      errors: [{ field: 'body/form/plate', message: 'Diese Angabe wurde nicht nachgefordert und kann hier nicht geändert werden.' }],
    });
  });

  it('needs a text, an upload or a correction', () => {
    const result = z.safeParse(stepAnswerSchema, { text: '   ' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path.join('/'), issue.message])).toEqual([['text', 'Bitte schreiben Sie eine Antwort, laden Sie eine Unterlage hoch oder korrigieren Sie eine Angabe.']]);
    for (const answer of [{ text: 'Ja.' }, { uploadIds: ['abc'] }, { form: { plate: 'X' } }]) expect(z.safeParse(stepAnswerSchema, answer).success, JSON.stringify(answer)).toBe(true);
  });
});

describe('a rejection and the hearing (§ 28 VwVfG NRW)', () => {
  const hearing = (status: (typeof STEP_STATUSES)[number]) => ({ kind: 'hearing' as const, status });
  const request = (status: (typeof STEP_STATUSES)[number]) => ({ kind: 'request' as const, status });

  it('lets every approval through, heard or not', () => {
    for (const steps of [[], [hearing('open')], [request('answered')]]) expect(hearingRefusal('approve', steps, undefined)).toBeUndefined();
  });

  it('needs, for every combination of steps, a hearing that was answered or expired — or the reason why none is needed', () => {
    const all = STEP_KINDS.flatMap((kind) => STEP_STATUSES.map((status) => ({ kind, status })));
    for (const step of all) {
      const heard = step.kind === 'hearing' && (step.status === 'answered' || step.status === 'expired');
      expect(hearingRefusal('reject', [step], undefined) === undefined, `${step.kind} ${step.status}`).toBe(heard);
      expect(hearingRefusal('reject', [step], 'Keine Abweichung von den Angaben im Antrag.'), `${step.kind} ${step.status} with a reason`).toBeUndefined();
    }
    expect(hearingRefusal('reject', [], undefined)).toContain('§ 28 Abs. 2 VwVfG NRW');
  });

  it('counts, for a rejection and a partial approval, only the hearings announcing that decision — one before a rejection covers a partial approval, not the reverse', () => {
    const INTENDED = ['reject', 'partial', 'revoke'] as const;
    const covers = { reject: ['reject'], partial: ['reject', 'partial'] } as const;
    for (const decision of ['reject', 'partial'] as const) {
      for (const intendedDecision of INTENDED) {
        for (const status of STEP_STATUSES) {
          const heard = (covers[decision] as readonly string[]).includes(intendedDecision) && (status === 'answered' || status === 'expired');
          const refusal = hearingRefusal(decision, [{ kind: 'hearing', status, intendedDecision }], undefined);
          expect(refusal === undefined, `${decision} after a ${intendedDecision} hearing ${status}`).toBe(heard);
        }
      }
    }
    expect(hearingRefusal('partial', [], undefined)).toContain('Teilbewilligung');
  });
});

describe('the step request', () => {
  it('names the failing field in German for each kind', () => {
    const cases: Array<[unknown, string]> = [
      [{ kind: 'hearing', intendedDecision: 'reject', message: 'zu kurz' }, 'message'],
      [{ kind: 'request', message: 'Bitte den Nachweis.', documents: ['ab'] }, 'documents/0'],
      [{ kind: 'request', message: 'Bitte den Nachweis.', fields: ['../etc'] }, 'fields/0'],
      [{ kind: 'request', message: 'Bitte den Nachweis.', deadline: '2026-13-40' }, 'deadline'],
    ];
    for (const [body, path] of cases) {
      const result = z.safeParse(stepSchema, body);
      expect(result.success, JSON.stringify(body)).toBe(false);
      expect(result.error!.issues.map((issue) => issue.path.join('/')), JSON.stringify(body)).toContain(path);
    }
  });
});
