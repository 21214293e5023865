import { describe, expect, it } from 'vitest';
import { APPLICATION_STATUSES, FINAL_STATUSES } from '../../../functions/applications/model.ts';
import { erasurePlan } from '../../../functions/privacy/erasure-plan.ts';
import type { PaymentRecord } from '../../../functions/payments/domain.ts';
import { personApplication, personData } from './fixtures.ts';

const NOW = new Date('2030-06-15T10:00:00.000Z');
const payment = (updatedAt: string) => ({ paymentId: 'pay-1', updatedAt, amountCents: 3000 }) as PaymentRecord;

describe('the review of an erasure request (Art. 17 DSGVO)', () => {
  it('keeps every application that is still open, whatever its status, and says it is in progress', () => {
    const open = APPLICATION_STATUSES.filter((status) => !FINAL_STATUSES.includes(status));
    const plan = erasurePlan(personData({ applications: open.map((status, index) => personApplication(`a${index}`, 'resident-parking', status, '2030-06-01T00:00:00.000Z')) }), undefined, NOW);
    expect(plan).toHaveLength(open.length);
    for (const item of plan) {
      expect(item.action).toBe('keep');
      expect(item.reason).toContain('noch in Bearbeitung');
      expect(item.reason).toContain('Art. 17 Abs. 3 lit. b DSGVO');
    }
  });

  it('erases applications that ended without a decision and keeps decided ones within their retention period, with the date and the basis', () => {
    const plan = erasurePlan(
      personData({
        applications: [
          personApplication('withdrawn', 'resident-parking', 'withdrawn', '2030-06-01T00:00:00.000Z'),
          personApplication('expired', 'address-change', 'expired', '2030-06-01T00:00:00.000Z'),
          personApplication('decided', 'resident-parking', 'completed', '2029-01-01T00:00:00.000Z'),
          personApplication('old', 'resident-parking', 'rejected', '2027-01-01T00:00:00.000Z'),
        ],
      }),
      undefined,
      NOW,
    );
    const byId = Object.fromEntries(plan.map((item) => [item.recordId, item]));
    expect(byId.withdrawn).toMatchObject({ action: 'erase', recordType: 'application' });
    expect(byId.expired).toMatchObject({ action: 'erase' });
    expect(byId.decided).toMatchObject({ action: 'keep', keepUntil: '2032-01-01' });
    expect(byId.decided!.reason).toContain('3 Jahre nach Abschluss');
    expect(byId.decided!.reason).toContain('§ 195 BGB');
    expect(byId.old).toMatchObject({ action: 'erase', reason: 'Die Aufbewahrungsfrist ist abgelaufen.' });
  });

  it('keeps a held case whatever else applies, naming the hold and its reason', () => {
    const hold = { reason: 'Klage VG Düsseldorf 6 K 1234/30', by: 'caseworker-1', at: '2030-05-01T00:00:00.000Z' };
    const plan = erasurePlan(personData({ applications: [personApplication('held', 'resident-parking', 'withdrawn', '2030-01-01T00:00:00.000Z', { hold })] }), undefined, NOW);
    expect(plan).toEqual([expect.objectContaining({ recordId: 'held', action: 'keep', reason: expect.stringContaining('Klage VG Düsseldorf 6 K 1234/30') })]);
  });

  it('keeps a payment for 10 years under the municipal budget rules, also when its application is erased', () => {
    const plan = erasurePlan(personData({ applications: [personApplication('withdrawn', 'resident-parking', 'withdrawn', '2030-06-01T00:00:00.000Z', { payment: payment('2030-06-01T00:00:00.000Z') })] }), undefined, NOW);
    expect(plan.map((item) => [item.recordType, item.action])).toEqual([['application', 'erase'], ['payment', 'keep']]);
    expect(plan[1]).toMatchObject({ keepUntil: '2040-06-01', reason: expect.stringContaining('§ 58 KomHVO NRW') });
  });

  it('erases drafts, keeps businesses of the trade register and the training record of someone employed, each with its reason', () => {
    const plan = erasurePlan(
      personData({
        drafts: [{ serviceId: 'resident-parking', form: {}, version: 1, updatedAt: '2030-06-01T00:00:00.000Z', expiresAt: '2030-07-01T00:00:00.000Z' }],
        businesses: [
          { businessId: 'b-1', name: 'Muster', premises: {} as never, activity: 'Handel', registeredOn: '2020-01-01', caseNumber: 'NE-GAN-1', status: 'active', statusLabel: 'Angemeldet', version: 1, updatedAt: '2020-01-01T00:00:00.000Z' },
          { businessId: 'b-2', name: 'Alt', premises: {} as never, activity: 'Handel', registeredOn: '2010-01-01', caseNumber: 'NE-GAN-2', status: 'deregistered', statusLabel: 'Abgemeldet', deregisteredOn: '2028-03-01', version: 2, updatedAt: '2028-03-01T00:00:00.000Z' },
        ],
        training: { employee: { employeeId: 'citizen-1' } as never, enrolments: [] },
      }),
      undefined,
      NOW,
    );
    expect(plan.map((item) => [item.recordType, item.recordId, item.action, item.keepUntil])).toEqual([
      ['draft', 'resident-parking', 'erase', undefined],
      ['business', 'b-1', 'keep', undefined],
      ['business', 'b-2', 'keep', '2033-03-01'],
      ['training-record', 'citizen-1', 'keep', undefined],
    ]);
    expect(plan[1]!.reason).toContain('§ 14 GewO');
    expect(plan[3]!.reason).toContain('während der Beschäftigung');
  });

  it('gives every kept record a reason and every record a title (nothing is kept without saying why)', () => {
    const plan = erasurePlan(
      personData({ applications: APPLICATION_STATUSES.map((status, index) => personApplication(`a${index}`, 'business-registration', status, '2030-01-01T00:00:00.000Z', { payment: { ...payment('2030-01-01T00:00:00.000Z'), paymentId: `p${index}` } })) }),
      undefined,
      NOW,
    );
    for (const item of plan) {
      expect(item.title.length).toBeGreaterThan(5);
      expect(item.reason.length).toBeGreaterThan(10);
    }
  });
});
