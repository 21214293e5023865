import type { AccountsJob, publicRecord } from '#functions/tenants/domain';
import type { CreateTenantInput, OnboardingCorrection, TenantStatus } from '#functions/tenants/schemas';
import type { CountyCell } from '#functions/training/reports/domain';
import { api } from './client.ts';

/**
 * The county administration: the tenant registry (onboarding, retry, deactivation) and the county training report.
 * The routes have no response schemas yet; their shapes are the server's own types.
 */
export type TenantRecord = ReturnType<typeof publicRecord>;
export type { AccountsJob, CountyCell, CreateTenantInput, OnboardingCorrection, TenantStatus };

export interface TenantEntry {
  id: string;
  name: string;
  status: TenantStatus;
  registry: TenantRecord;
}

export async function tenants(cursor?: string): Promise<{ items: TenantRecord[]; nextCursor: string | null }> {
  return (await api<{ items: TenantRecord[]; nextCursor: string | null }>('GET', '/tenants', { query: { limit: 100, cursor } })).body;
}

export async function tenant(id: string): Promise<TenantEntry> {
  return (await api<TenantEntry>('GET', `/tenants/${encodeURIComponent(id)}`)).body;
}

export async function onboard(input: CreateTenantInput): Promise<TenantRecord> {
  return (await api<TenantRecord>('POST', '/tenants', { body: input })).body;
}

export async function retryOnboarding(id: string, correction: NonNullable<OnboardingCorrection>): Promise<void> {
  await api('POST', `/tenants/${encodeURIComponent(id)}/retry`, { body: correction });
}

export async function setTenantActive(id: string, active: boolean): Promise<{ status: TenantStatus; accounts: AccountsJob }> {
  return (await api<{ status: TenantStatus; accounts: AccountsJob }>('POST', `/tenants/${encodeURIComponent(id)}/${active ? 'reactivate' : 'deactivate'}`)).body;
}

export async function countyReport(): Promise<{ date: string; minimumGroupSize: number; note: string; items: CountyCell[] }> {
  return (await api<{ date: string; minimumGroupSize: number; note: string; items: CountyCell[] }>('GET', '/training/reports/county')).body;
}
