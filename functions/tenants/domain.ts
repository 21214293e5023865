import type { CreateTenantInput, TenantConfig, TenantConfigPatch, TenantStatus } from './schemas.ts';

/** The county's view of a tenant, kept in the county's partition (the tenant registry). */
export interface TenantRecord {
  tenantId: string;
  name: string;
  ags: string;
  status: TenantStatus;
  attempt: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  failureReason?: string;
  /** The onboarding request, kept so that a retried workflow works from the same data. */
  request: CreateTenantInput;
}

/** The tenant's own profile, in the tenant's partition. */
export interface TenantProfile {
  tenantId: string;
  name: string;
  ags: string;
  status: TenantStatus;
  createdAt: string;
  updatedAt: string;
}

export interface VersionedConfig {
  version: number;
  config: TenantConfig;
  updatedAt: string;
  updatedBy: string;
}

export function newTenantRecord(input: CreateTenantInput, by: { userId: string; now: Date }): TenantRecord {
  const at = by.now.toISOString();
  return {
    tenantId: input.id,
    name: input.name,
    ags: input.ags,
    status: 'onboarding',
    attempt: 1,
    createdAt: at,
    createdBy: by.userId,
    updatedAt: at,
    request: input,
  };
}

/** A new tenant starts with no services enabled, no fees and no zones: the tenant admin configures them. */
export function defaultConfig(input: CreateTenantInput): TenantConfig {
  return {
    displayName: input.name,
    ags: input.ags,
    caseNumberPrefix: input.caseNumberPrefix,
    contact: input.contact,
    urls: input.urls,
    enabledServices: input.enabledServices ?? [],
    feeSchedules: {},
    parkingZones: [],
  };
}

export function profileFromRecord(record: TenantRecord, now: Date): TenantProfile {
  return {
    tenantId: record.tenantId,
    name: record.name,
    ags: record.ags,
    status: 'onboarding',
    createdAt: record.createdAt,
    updatedAt: now.toISOString(),
  };
}

/** Applies a merge patch of depth one; returns the new configuration and the sections that really changed. */
export function applyConfigPatch(current: TenantConfig, patch: TenantConfigPatch): { config: TenantConfig; changed: string[] } {
  const config = { ...current, ...patch } as TenantConfig;
  const changed = Object.keys(patch).filter(
    (key) => JSON.stringify(current[key as keyof TenantConfig]) !== JSON.stringify(config[key as keyof TenantConfig]),
  );
  return { config, changed };
}

/** What the county admin may read of the onboarding request: everything but nothing more. */
export function publicRecord(record: TenantRecord) {
  const { request, ...rest } = record;
  return { ...rest, adminEmail: request.adminEmail };
}

/** The error names of onboarding steps, mapped to a reason a county admin understands. */
export function failureReason(errorName: string): string {
  switch (errorName) {
    case 'AdminEmailInUse':
      return 'Die E-Mail-Adresse der ersten Administration gehört bereits zu einem Konto eines anderen Mandanten.';
    case 'TenantNotRegistered':
      return 'Der Mandant ist nicht (mehr) im Mandantenverzeichnis eingetragen.';
    case 'States.Timeout':
      return 'Ein Schritt des Onboardings hat zu lange gedauert.';
    case 'AccessDenied':
      return 'Für diese Mandanten-ID ist der Datenzugriff in der Bereitstellung noch nicht freigegeben (Stage-Konfiguration „tenantIds“). Nach der Bereitstellung kann das Onboarding wiederholt werden.';
    default:
      return `Ein Schritt des Onboardings ist fehlgeschlagen (${errorName}). Das Onboarding kann wiederholt werden.`;
  }
}
