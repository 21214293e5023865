import type { TenantConfig, TenantConfigPatch, TenantStatus } from '#functions/tenants/schemas';
import type { TenantProfile } from '#functions/tenants/domain';
import type { HandoverAcceptance, HandoverDeclaration } from '#functions/tenants/handover-agreements/domain';
import { api } from './client.ts';

/**
 * The tenant administration's own tenant: its configuration (versioned; `If-Match` on every change) and its handover
 * agreements. `GET /tenants/{id}` has no response schema yet: its shape is composed of the server's types here, until
 * the contract (issue 11) gives the route one.
 */
export interface ConfigChange {
  version: number;
  updatedAt: string;
  updatedBy: string;
  changed: string[];
}

export interface OwnTenant {
  id: string;
  name: string;
  status: TenantStatus;
  profile: TenantProfile;
  config: TenantConfig;
  configVersion: number;
  configUpdatedAt: string;
  configUpdatedBy: string;
  configHistory: ConfigChange[];
}

export type { TenantConfig, TenantConfigPatch };

export async function ownTenant(tenantId: string): Promise<OwnTenant> {
  return (await api<OwnTenant>('GET', `/tenants/${encodeURIComponent(tenantId)}`)).body;
}

/** PATCH with the version the admin has seen: a change meanwhile is a 409 (`ApiProblem`), nothing is written. */
export async function saveConfig(tenantId: string, version: number, patch: TenantConfigPatch): Promise<{ config: TenantConfig; version: number; changed: string[] }> {
  return (await api<{ config: TenantConfig; version: number; changed: string[] }>('PATCH', `/tenants/${encodeURIComponent(tenantId)}/config`, { body: patch, headers: { 'if-match': `"${version}"` } })).body;
}

export interface HandoverAgreements {
  accepts: HandoverAcceptance[];
  acceptedBy: Array<Pick<HandoverAcceptance, 'receiver' | 'service' | 'task' | 'reference' | 'agreedAt'>>;
  declared: Array<HandoverDeclaration & { agreed: boolean }>;
}

export async function handoverAgreements(tenantId: string): Promise<HandoverAgreements> {
  return (await api<HandoverAgreements>('GET', `/tenants/${encodeURIComponent(tenantId)}/handover-agreements`)).body;
}
