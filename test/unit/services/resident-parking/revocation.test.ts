import { describe, expect, it } from 'vitest';
import { STEP_STATUSES } from '../../../../functions/applications/model.ts';
import { revocationDeadlineRefusal, revocationRefusal } from '../../../../functions/services/resident-parking/revocation.ts';

/** The rules of the revocation procedure (§§ 28, 49 VwVfG NRW): when a revocation may be issued, which deadlines hold. */
describe('the revocation procedure of a resident parking permit', () => {
  const procedure = { revocationProcedure: { stepId: 'step-1', startedAt: '2026-03-01T10:00:00.000Z', startedBy: 'caseworker-1' } };
  const step = (status: (typeof STEP_STATUSES)[number]) => ({ stepId: 'step-1', status, deadline: '2026-03-15' });

  it('revokes, for every state of the hearing letter, only after the answer or the deadline — while it is open, never', () => {
    for (const status of STEP_STATUSES) {
      const refusal = revocationRefusal(procedure, [step(status)], undefined);
      if (status === 'open') expect(refusal, status).toMatchObject({ status: 'conflict', message: expect.stringContaining('bis zum 15.03.2026') });
      else expect(refusal, status).toBeUndefined();
    }
    // An open letter is not overridden by a dispensation either: the holder was promised the deadline.
    expect(revocationRefusal(procedure, [step('open')], 'Gefahr im Verzug, die Anhörung ist entbehrlich.')).toMatchObject({ status: 'conflict' });
  });

  it('revokes without a procedure only with the reason why no hearing is needed (§ 28 Abs. 2)', () => {
    expect(revocationRefusal({}, [], undefined)).toMatchObject({ status: 'unprocessable', message: expect.stringContaining('§ 28 Abs. 1 VwVfG NRW') });
    expect(revocationRefusal({}, [], 'Die Inhaberin hat den Umzug selbst mitgeteilt.')).toBeUndefined();
    // A hearing letter of an earlier, dropped procedure is no hearing for this one.
    expect(revocationRefusal({}, [{ ...step('answered'), stepId: 'old' }], undefined)).toMatchObject({ status: 'unprocessable' });
  });

  it('sets a deadline of at least 7 days that ends before the permit does', () => {
    const permit = { validTo: '2026-03-31' };
    expect(revocationDeadlineRefusal('2026-03-16', '2026-03-10', permit)).toBe('Die Frist muss mindestens 7 Tage betragen.');
    expect(revocationDeadlineRefusal('2026-03-17', '2026-03-10', permit)).toBeUndefined();
    expect(revocationDeadlineRefusal('2026-03-30', '2026-03-10', permit)).toBeUndefined();
    expect(revocationDeadlineRefusal('2026-03-31', '2026-03-10', permit)).toBe('Die Frist muss vor dem Ende der Gültigkeit des Ausweises am 31.03.2026 enden.');
  });
});
