import type { Application } from '../../../../functions/applications/model.ts';
import type { AddressChangeForm } from '../../../../functions/services/address-change/form.ts';
import type { TenantConfig } from '../../../../functions/tenants/schemas.ts';

export function juechenConfig(overrides: Partial<TenantConfig> = {}): TenantConfig {
  return {
    displayName: 'Stadt Jüchen',
    ags: '05162012',
    caseNumberPrefix: 'JU',
    contact: { email: 'buergerservice@juechen.example' },
    urls: { imprint: 'https://www.juechen.de/impressum', privacy: 'https://www.juechen.de/datenschutz', accessibility: 'https://www.juechen.de/barrierefreiheit' },
    enabledServices: ['resident-parking', 'address-change'],
    feeSchedules: {},
    parkingZones: [
      { id: 'JU-1', name: 'Innenstadt', streets: [{ street: 'Markt', postcode: '41363' }] },
      { id: 'JU-2', name: 'Bahnhof', streets: [{ street: 'Bahnhofstraße', postcode: '41363' }] },
    ],
    residentParking: { validityMonths: [12], maxPermitsPerHousehold: 2, onMoveOut: 'revoke', cashReference: 'JU-BPA', paymentTimeoutHours: 72 },
    handovers: [{ service: 'address-change', to: 'rhein-kreis-neuss', task: 'vehicle-registration-update' }],
    ...overrides,
  };
}

/** Jüchen as it runs the county's pilot: the town office's sticker (10.80 € per ZB I), reported to the county. */
export function pilotConfig(overrides: Partial<TenantConfig> = {}): TenantConfig {
  return juechenConfig({
    addressChange: { vehicleVariant: 'town-office-sticker', stickerFeeCents: 1080, feeBasis: 'GebOSt, Anlage, Gebührennummer (Test)', feeValidFrom: '2026-01-01' },
    handovers: [{ service: 'address-change', to: 'rhein-kreis-neuss', task: 'vehicle-registration-report' }],
    ...overrides,
  });
}

export function moveForm(overrides: Partial<AddressChangeForm> = {}): AddressChangeForm {
  return {
    applicant: { givenName: 'Erika', familyName: 'Mustermann' },
    moveDate: '2026-03-08',
    oldAddress: { street: 'Markt', houseNumber: '5', postcode: '41363', city: 'Jüchen' },
    newAddress: { street: 'Am Rathaus', houseNumber: '3', postcode: '41363', city: 'Jüchen' },
    vehicles: [
      { plate: 'NE-AB 1234', zb1Number: 'AB1234567' },
      { plate: 'GV-X 1E', zb1Number: 'CD7654321' },
    ],
    landlordConfirmation: { kind: 'code', code: 'WGB-2026-4711' },
    consent: true,
    ...overrides,
  };
}

export function moveApplication(overrides: Partial<Application<AddressChangeForm>> = {}): Application<AddressChangeForm> {
  return {
    applicationId: '0b8f5d2e-6a0c-4c39-9d3e-1f2a3b4c5d6e',
    tenantId: 'juechen',
    serviceId: 'address-change',
    caseNumber: 'JU-UMZ-2026-000001',
    status: 'approved',
    channel: 'online',
    applicantId: 'citizen-1',
    applicantEmail: 'erika@example.test',
    filedBy: 'citizen-1',
    form: moveForm(),
    documents: [],
    decision: { outcome: 'approve', by: 'system', at: '2026-03-10T09:00:00.000Z', automatic: true },
    createdAt: '2026-03-10T08:00:00.000Z',
    updatedAt: '2026-03-10T09:00:00.000Z',
    version: 5,
    ...overrides,
  };
}

/** The county's acceptance of Jüchen's vehicle registration handovers (or of `task`), as stored (read through GSI1 by Jüchen). */
export function countyAcceptanceItem(from = 'juechen', task = 'vehicle-registration-update') {
  return {
    PK: 'rhein-kreis-neuss#HANDOVER-AGREEMENTS',
    SK: `ACCEPTS#address-change#${task}#${from}`,
    GSI1PK: `${from}#HANDOVER-ACCEPTED`,
    GSI1SK: `address-change#${task}#rhein-kreis-neuss`,
    receiver: 'rhein-kreis-neuss',
    from,
    service: 'address-change',
    task,
    agreedAt: '2026-01-01T00:00:00.000Z',
    agreedBy: 'county-admin',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'county-admin',
  };
}
