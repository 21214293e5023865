import type { CreateTenantInput, OnboardingCorrection } from '#functions/tenants/schemas';
import { call, type Answer, type RequestBody } from './call.ts';

/**
 * The county administration: the tenant registry (onboarding, retry, deactivation) and the county training report,
 * typed by the API contract (`call`).
 */
export type TenantRecord = Answer<'GET /tenants'>['items'][number];
export type TenantStatus = TenantRecord['status'];
export type CountyReport = Answer<'GET /training/reports/county'>;
export type { CreateTenantInput, OnboardingCorrection };

/** A tenant as the county sees it: always with its registry record (a tenant's own admins see its configuration instead). */
export type TenantEntry = Answer<'GET /tenants/{id}'> & { registry: NonNullable<Answer<'GET /tenants/{id}'>['registry']> };

export async function tenants(cursor?: string): Promise<Answer<'GET /tenants'>> {
  return (await call('GET /tenants', { query: { limit: 100, ...(cursor ? { cursor } : {}) } })).body;
}

export async function tenant(id: string): Promise<TenantEntry> {
  const { body } = await call('GET /tenants/{id}', { params: { id } });
  if (!body.registry) throw new Error('Die Antwort enthält den Eintrag der Kommune nicht.');
  return { ...body, registry: body.registry };
}

// The server's schemas check service ids against the catalogue at run time; their TypeScript type is `string`, the
// contract's the list of ids. What the pages send has passed those very schemas.
export async function onboard(input: CreateTenantInput): Promise<Answer<'POST /tenants'>> {
  return (await call('POST /tenants', { body: input as RequestBody<'POST /tenants'> })).body;
}

export async function retryOnboarding(id: string, correction: NonNullable<OnboardingCorrection>): Promise<void> {
  await call('POST /tenants/{id}/retry', { params: { id }, body: correction as RequestBody<'POST /tenants/{id}/retry'> });
}

export async function setTenantActive(id: string, active: boolean): Promise<Answer<'POST /tenants/{id}/deactivate'>> {
  return (await call(active ? 'POST /tenants/{id}/reactivate' : 'POST /tenants/{id}/deactivate', { params: { id } })).body;
}

export async function countyReport(): Promise<CountyReport> {
  return (await call('GET /training/reports/county')).body;
}
