import { describe, expect, it } from 'vitest';
import {
  formatCaseNumber,
  formatEuro,
  newApplication,
  newApplicationId,
  payAgainRefusal,
  requestHash,
} from '../../../functions/applications/domain.ts';
import {
  APPLICATION_STATUSES,
  BUSY,
  FINAL_STATUSES,
  MAX_PAYMENT_ATTEMPTS,
  PAYABLE_AGAIN,
  PAY_AGAIN_DAYS,
  WITHDRAWABLE,
  payAgainUntil,
} from '../../../functions/applications/model.ts';
import { stripInternal } from '../../../functions/applications/store.ts';
import { application, NOW, storedApplication } from './support.ts';

describe('case numbers (Aktenzeichen)', () => {
  it('joins prefix, service code and year with a six-digit sequence', () => {
    expect(formatCaseNumber('NE', 'BPA', 2026, 123)).toBe('NE-BPA-2026-000123');
    expect(formatCaseNumber('JUE', 'SPM', 2027, 1)).toBe('JUE-SPM-2027-000001');
  });

  it('keeps sequences beyond six digits instead of cutting them', () => {
    expect(formatCaseNumber('NE', 'BPA', 2026, 1_234_567)).toBe('NE-BPA-2026-1234567');
  });
});

describe('the canonical request hash', () => {
  const request = { serviceId: 'bulky-waste', form: { street: 'Markt 1', items: 2, pickup: { floor: 3, lift: false } } };

  it('does not depend on the order of keys, at any depth', () => {
    const reordered = { form: { pickup: { lift: false, floor: 3 }, items: 2, street: 'Markt 1' }, serviceId: 'bulky-waste' };
    expect(requestHash(reordered)).toBe(requestHash(request));
  });

  it('changes with any value, including nested ones and the order of array elements', () => {
    const base = requestHash(request);
    expect(requestHash({ ...request, form: { ...request.form, items: 3 } })).not.toBe(base);
    expect(requestHash({ ...request, form: { ...request.form, pickup: { floor: 3, lift: true } } })).not.toBe(base);
    expect(requestHash({ list: [1, 2] })).not.toBe(requestHash({ list: [2, 1] }));
    // A string "2" is a different request than the number 2.
    expect(requestHash({ items: '2' })).not.toBe(requestHash({ items: 2 }));
  });

  it('is a hex SHA-256 digest', () => {
    expect(requestHash(request)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('a new application', () => {
  it('starts with its fee computed, version 1, under the id it was claimed with, at the submission time', () => {
    const input = {
      applicationId: newApplicationId(),
      tenantId: 'neuss',
      serviceId: 'bulky-waste',
      caseNumber: 'NE-SPM-2026-000001',
      channel: 'online' as const,
      applicantId: 'citizen-1',
      filedBy: 'citizen-1',
      form: { street: 'Markt 1', items: 1 },
      documents: [],
      fee: { feeKey: 'pickup', amountCents: 2500, currency: 'EUR' as const, legalBasis: 'Satzung', scheduleValidFrom: '2026-01-01' },
      now: NOW,
    };
    const first = newApplication(input);
    expect(first).toMatchObject({ status: 'fee-computed', fee: input.fee, version: 1, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
    expect(first.applicationId).toBe(input.applicationId);
    expect(input.applicationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(newApplicationId()).not.toBe(input.applicationId);
    expect(first).not.toHaveProperty('applicantEmail');
  });
});

describe('stored applications', () => {
  it('never contains keys, index attributes or the decision task token once stripped', () => {
    const stripped = stripInternal(storedApplication({ decisionTaskToken: 'secret-token', decisionDelivered: true }));
    for (const field of ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'decisionTaskToken', 'decisionDelivered']) {
      expect(stripped).not.toHaveProperty(field);
    }
    expect(stripped).toMatchObject({ applicationId: application().applicationId, caseNumber: application().caseNumber });
  });
});

describe('withdrawable and busy states', () => {
  it('allows withdrawal only while waiting for the payment or for the caseworker', () => {
    expect([...WITHDRAWABLE].sort()).toEqual(['awaiting-decision', 'awaiting-payment']);
  });

  it('treats the short automatic steps as busy', () => {
    expect([...BUSY].sort()).toEqual(['checks-passed', 'fee-computed', 'paid', 'submitted']);
  });

  it('keeps withdrawable, busy and final states apart', () => {
    const all = [...WITHDRAWABLE, ...BUSY, ...FINAL_STATUSES];
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('money', () => {
  it('is written the German way', () => {
    expect(formatEuro(12000).replace(/\s/g, ' ')).toBe('120,00 €');
    expect(formatEuro(123456).replace(/\s/g, ' ')).toBe('1.234,56 €');
  });
});

describe('paying again', () => {
  const endedAt = '2026-03-01T10:00:00.000Z';
  const DAY = 24 * 3600_000;

  it(`is possible after a failed or expired payment for ${PAY_AGAIN_DAYS} days, for ${MAX_PAYMENT_ATTEMPTS} payments in all`, () => {
    for (const status of PAYABLE_AGAIN) {
      expect(payAgainUntil({ status, updatedAt: endedAt })).toBe(new Date(Date.parse(endedAt) + PAY_AGAIN_DAYS * DAY).toISOString());
      expect(payAgainRefusal({ status, updatedAt: endedAt }, new Date(Date.parse(endedAt) + PAY_AGAIN_DAYS * DAY))).toBeUndefined();
      expect(payAgainRefusal({ status, updatedAt: endedAt }, new Date(Date.parse(endedAt) + PAY_AGAIN_DAYS * DAY + 1))).toMatch(/Frist ist abgelaufen/);
      expect(payAgainUntil({ status, updatedAt: endedAt, paymentAttempt: MAX_PAYMENT_ATTEMPTS - 1 })).toBeDefined();
      expect(payAgainUntil({ status, updatedAt: endedAt, paymentAttempt: MAX_PAYMENT_ATTEMPTS })).toBeUndefined();
    }
  });

  it('is never possible in any other status, and the refusal says so', () => {
    for (const status of APPLICATION_STATUSES.filter((candidate) => !PAYABLE_AGAIN.includes(candidate))) {
      expect(payAgainUntil({ status, updatedAt: endedAt }), status).toBeUndefined();
      expect(payAgainRefusal({ status, updatedAt: endedAt }, new Date(endedAt)), status).toMatch(/^Eine erneute Zahlung ist nur möglich/);
    }
  });
});
