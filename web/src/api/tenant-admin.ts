import type { TenantConfig, TenantConfigPatch } from '#functions/tenants/schemas';
import { call, type Answer, type RequestBody } from './call.ts';

/**
 * The tenant administration's own tenant: its configuration (versioned; `If-Match` on every change) and its handover
 * agreements, typed by the API contract (`call`).
 */
type TenantAnswer = Answer<'GET /tenants/{id}'>;

/** The tenant as its own admins see it: always with the configuration, its version and its recent changes. */
export type OwnTenant = Omit<TenantAnswer, 'config'> & { config: TenantConfig } & Required<Pick<TenantAnswer, 'configVersion' | 'configUpdatedAt' | 'configHistory'>>;
export type HandoverAgreements = Answer<'GET /tenants/{id}/handover-agreements'>;
export type { TenantConfig, TenantConfigPatch };

export async function ownTenant(tenantId: string): Promise<OwnTenant> {
  const { body } = await call('GET /tenants/{id}', { params: { id: tenantId } });
  const { config, configVersion, configUpdatedAt, configHistory } = body;
  if (!config || configVersion === undefined || configUpdatedAt === undefined || !configHistory) throw new Error('Die Antwort enthält die Einstellungen nicht.');
  return { ...body, config: config as TenantConfig, configVersion, configUpdatedAt, configHistory };
}

/** PATCH with the version the admin has seen: a change meanwhile is a 409 (`ApiProblem`), nothing is written. */
export async function saveConfig(tenantId: string, version: number, patch: TenantConfigPatch): Promise<Answer<'PATCH /tenants/{id}/config'>> {
  // The patch has passed the server's own schema (service ids checked against the catalogue; typed as `string` there).
  return (await call('PATCH /tenants/{id}/config', { params: { id: tenantId }, body: patch as RequestBody<'PATCH /tenants/{id}/config'>, headers: { 'if-match': `"${version}"` } })).body;
}

export async function handoverAgreements(tenantId: string): Promise<HandoverAgreements> {
  return (await call('GET /tenants/{id}/handover-agreements', { params: { id: tenantId } })).body;
}
