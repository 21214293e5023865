import type { PersonApplication, PersonData } from '../../../functions/privacy/inventory.ts';
import type { Application, ApplicationStatus } from '../../../functions/applications/model.ts';

/** A person's application as the inventory reads it; status and dates are what the rules look at. */
export function personApplication(id: string, serviceId: string, status: ApplicationStatus, updatedAt: string, extra: Partial<PersonApplication> = {}): PersonApplication {
  const application = {
    applicationId: id, tenantId: 'neuss', serviceId, status, applicantId: 'citizen-1', caseNumber: `NE-${id.toUpperCase()}`,
    form: {}, documents: [], createdAt: '2026-01-10T09:00:00.000Z', updatedAt,
  } as unknown as Application;
  return { application, timeline: [], ...extra };
}

export function personData(overrides: Partial<PersonData> = {}): PersonData {
  return { tenantId: 'neuss', userId: 'citizen-1', applications: [], drafts: [], businesses: [], auditEntries: [], ...overrides };
}
