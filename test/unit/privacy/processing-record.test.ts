import { describe, expect, it } from 'vitest';
import { DESCRIBED_SERVICES, processingRecord } from '../../../functions/privacy/processing-record.ts';
import { DEFAULT_SERVICE_RETENTION } from '../../../functions/privacy/retention.ts';
import { MATRIX_V1 } from '../../../functions/services/business/forwarding/matrix.v1.ts';
import { DESCRIPTORS } from '../../../functions/services/descriptors.ts';
import type { TenantConfig } from '../../../functions/tenants/schemas.ts';

const config = (overrides: Partial<TenantConfig> = {}): TenantConfig => ({
  displayName: 'Stadt Neuss',
  ags: '05162024',
  contact: { email: 'datenschutz@neuss.example' },
  urls: { imprint: 'https://www.neuss.example/impressum', privacy: 'https://www.neuss.example/datenschutz', accessibility: 'https://www.neuss.example/barrierefreiheit' },
  enabledServices: ['resident-parking', 'business-registration'],
  feeSchedules: {},
  parkingZones: [],
  caseNumberPrefix: 'NE',
  ...overrides,
});
const NOW = new Date('2026-12-07T10:00:00.000Z');

describe('the record of processing activities (Art. 30 DSGVO)', () => {
  it('describes every service of the catalogue (a new service must add its purpose, categories and recipients)', () => {
    expect([...DESCRIBED_SERVICES].sort()).toEqual(Object.keys(DESCRIPTORS).sort());
  });

  it('lists the enabled services of the tenant and the platform activities, each with every Art. 30 entry filled', () => {
    const record = processingRecord('neuss', config(), NOW);
    expect(record.activities.map((activity) => activity.id)).toEqual(['resident-parking', 'business-registration', 'training', 'payments', 'notifications', 'audit-trail']);
    for (const activity of record.activities) {
      for (const field of ['purpose', 'legalBasis', 'thirdCountryTransfers'] as const) expect(activity[field].length, `${activity.id} ${field}`).toBeGreaterThan(3);
      expect(activity.personCategories.length, activity.id).toBeGreaterThan(0);
      expect(activity.dataCategories.length, activity.id).toBeGreaterThan(0);
      expect(activity.retention.basis.length, activity.id).toBeGreaterThan(20);
    }
    expect(record.controller).toEqual({ name: 'Stadt Neuss', email: 'datenschutz@neuss.example', privacyUrl: 'https://www.neuss.example/datenschutz' });
    expect(record.technicalMeasures.length).toBeGreaterThan(3);
  });

  it('names every recipient of the Gewerbe forwarding matrix with its legal basis and when it receives data', () => {
    const gewerbe = processingRecord('neuss', config(), NOW).activities.find((activity) => activity.id === 'business-registration')!;
    expect(gewerbe.recipients.map((recipient) => [recipient.name, recipient.legalBasis])).toEqual(MATRIX_V1.recipients.map((recipient) => [recipient.name, recipient.legalBasis]));
    expect(gewerbe.recipients.find((recipient) => recipient.name === 'Ausländerbehörde')!.when).toBe('bei Personen mit Aufenthaltstitel');
  });

  it('states the retention the sweeper applies: the default with its basis, or the period and basis the tenant configured', () => {
    const parking = (record: ReturnType<typeof processingRecord>) => record.activities.find((activity) => activity.id === 'resident-parking')!.retention;
    expect(parking(processingRecord('neuss', config(), NOW))).toEqual({ period: '3 Jahre nach Abschluss', basis: DEFAULT_SERVICE_RETENTION['resident-parking']!.basis });
    const configured = config({ retention: { services: { 'resident-parking': { period: { count: 18, unit: 'months' }, basis: 'Aktenplan der Stadt Neuss' } } } });
    expect(parking(processingRecord('neuss', configured, NOW))).toEqual({ period: '18 Monate nach Abschluss', basis: 'Aktenplan der Stadt Neuss' });
    const payments = processingRecord('neuss', config(), NOW).activities.find((activity) => activity.id === 'payments')!.retention;
    expect(payments.period).toBe('10 Jahre nach Abschluss');
    expect(payments.basis).toContain('§ 58 KomHVO NRW');
  });
});
