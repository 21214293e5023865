import type { Application } from '../../../../functions/applications/model.ts';
import type { ResidentParkingForm } from '../../../../functions/services/resident-parking/form.ts';
import type { ResidentParkingPermit } from '../../../../functions/services/resident-parking/permit.ts';
import type { TenantConfig } from '../../../../functions/tenants/schemas.ts';

/** A municipality with two zones that share a street (even numbers in one, odd in the other) and three fee versions. */
export function neussConfig(overrides: Partial<TenantConfig> = {}): TenantConfig {
  return {
    displayName: 'Stadt Neuss',
    ags: '05162024',
    caseNumberPrefix: 'NE',
    contact: { email: 'buergerservice@neuss.example' },
    urls: { imprint: 'https://www.neuss.de/impressum', privacy: 'https://www.neuss.de/datenschutz', accessibility: 'https://www.neuss.de/barrierefreiheit' },
    enabledServices: ['resident-parking'],
    feeSchedules: {
      'resident-parking': [
        { validFrom: '2027-01-01', legalBasis: 'Gebührenordnung 2027', amounts: { annual: 15000, halfYear: 7500 } },
        { validFrom: '2025-01-01', legalBasis: 'Gebührenordnung 2025', amounts: { annual: 3070, halfYear: 1600 } },
        { validFrom: '2026-01-01', legalBasis: 'Gebührenordnung 2026', amounts: { annual: 12000, halfYear: 6000, reissue: 1000, change: 1000 } },
      ],
    },
    parkingZones: [
      {
        id: 'NE-1',
        name: 'Innenstadt',
        streets: [
          { street: 'Oberstraße', postcode: '41460', houseNumbers: { from: 1, to: 99, parity: 'all' } },
          { street: 'Krefelder Straße', postcode: '41460', houseNumbers: { from: 2, to: 40, parity: 'even' } },
          { street: 'Markt', postcode: '41460' },
        ],
      },
      {
        id: 'NE-2',
        name: 'Hafen',
        streets: [
          { street: 'Krefelder Str.', postcode: '41460', houseNumbers: { from: 1, to: 39, parity: 'odd' } },
          { street: 'Karl-Arnold-Straße', postcode: '41462' },
        ],
      },
    ],
    residentParking: {
      validityMonths: [6, 12],
      maxPermitsPerHousehold: 2,
      maxVehicleWeightKg: 3500,
      onMoveOut: 'revoke',
      cashReference: 'NE-BPA',
      paymentTimeoutHours: 72,
    },
    ...overrides,
  };
}

export function validForm(overrides: Partial<ResidentParkingForm> = {}): ResidentParkingForm {
  return {
    applicant: { givenName: 'Erika', familyName: 'Mustermann' },
    residence: { street: 'Oberstraße', houseNumber: '12a', postcode: '41460', city: 'Neuss' },
    registeredAtAddressSince: '2020-05-01',
    plate: 'NE-AB 1234',
    vehicle: { relation: 'keeper', weightKg: 1800 },
    zoneId: 'NE-1',
    validityMonths: 12,
    consent: true,
    ...overrides,
  };
}

export function application(overrides: Partial<Application<ResidentParkingForm>> = {}): Application<ResidentParkingForm> {
  return {
    applicationId: 'app-0001',
    tenantId: 'neuss',
    serviceId: 'resident-parking',
    caseNumber: 'NE-BPA-2026-000001',
    status: 'approved',
    channel: 'online',
    applicantId: 'citizen-1',
    applicantEmail: 'erika@example.test',
    filedBy: 'citizen-1',
    form: validForm(),
    documents: [],
    decision: { outcome: 'approve', by: 'system', at: '2026-03-10T09:00:00.000Z', automatic: true },
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-10T09:00:00.000Z',
    version: 5,
    ...overrides,
  };
}

export function permit(overrides: Partial<ResidentParkingPermit> = {}): ResidentParkingPermit {
  return {
    permitId: 'permit-000000000001',
    tenantId: 'neuss',
    applicationId: 'app-older',
    caseNumber: 'NE-BPA-2025-000042',
    holderId: 'citizen-1',
    holderEmail: 'erika@example.test',
    plate: 'NE-AB 1234',
    zoneId: 'NE-1',
    zoneName: 'Innenstadt',
    validFrom: '2025-04-01',
    validTo: '2026-03-31',
    validityMonths: 12,
    addressKey: 'address-key',
    residence: { street: 'Oberstraße', houseNumber: '12a', postcode: '41460', city: 'Neuss' },
    vehicle: { relation: 'keeper', weightKg: 1800 },
    status: 'valid',
    issuedAt: '2025-04-01T08:00:00.000Z',
    ...overrides,
  };
}

/** A transaction cancelled by DynamoDB, with one reason per item (`ConditionalCheckFailed` at the given indexes). */
export function transactionCancelled(items: number, failedAt: number[], code = 'ConditionalCheckFailed') {
  return Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: Array.from({ length: items }, (_, index) => ({ Code: failedAt.includes(index) ? code : 'None' })),
  });
}

export const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
