import { isDeepStrictEqual } from 'node:util';
import { Conflict, Unprocessable } from '#core/problem';
import type { CreateTenantInput, OnboardingCorrection, TenantConfig, TenantConfigPatch, TenantStatus } from './schemas.ts';

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
  /** The county admin who started the latest retry. */
  retriedBy?: string;
  failureReason?: string;
  /** The onboarding request (with the corrections of retries), so that every attempt works from the current data. */
  request: CreateTenantInput;
  /** The latest job that disabled (deactivation) or enabled (reactivation) the tenant's user accounts. */
  accounts?: AccountsJob;
}

/**
 * Deactivation disables the tenant's accounts in the user pool, reactivation enables them again — asynchronously, in
 * the tenant-accounts workflow, because a tenant may have thousands. `run` numbers the jobs of a tenant; it names the
 * workflow execution and guards the registry entry against a concurrent change (optimistic lock).
 */
export interface AccountsJob {
  action: 'disable' | 'enable';
  state: 'running' | 'done' | 'failed';
  run: number;
  startedAt: string;
  finishedAt?: string;
  failureReason?: string;
}

export interface StatusChange {
  from: TenantStatus;
  to: 'active' | 'deactivated';
  /** The run of the job the entry has now (0: none), the condition of the write. */
  expectedRun: number;
  job: AccountsJob;
}

/**
 * Whether a tenant can be deactivated (`to: 'deactivated'`) or reactivated (`to: 'active'`) now, and the job that
 * follows. One job at a time: while accounts are still being disabled, a reactivation waits (and vice versa), so the
 * two never work on the same accounts. A job that failed is run again by asking for the same change again.
 */
export function planStatusChange(record: TenantRecord, to: 'active' | 'deactivated', now: Date): StatusChange {
  const action = to === 'deactivated' ? 'disable' : 'enable';
  const from: TenantStatus = to === 'deactivated' ? 'active' : 'deactivated';
  const job = record.accounts;
  if (job?.state === 'running') {
    throw new Conflict(
      job.action === 'disable'
        ? 'Die Konten des Mandanten werden gerade gesperrt. Bitte versuchen Sie es in einigen Minuten erneut.'
        : 'Die Konten des Mandanten werden gerade wieder freigeschaltet. Bitte versuchen Sie es in einigen Minuten erneut.',
    );
  }
  const rerun = record.status === to && job?.action === action && job.state === 'failed';
  if (record.status !== from && !rerun) {
    throw new Conflict(
      to === 'deactivated'
        ? `Der Mandant "${record.tenantId}" ist nicht aktiv (Status: ${record.status}) und kann nicht deaktiviert werden.`
        : `Der Mandant "${record.tenantId}" ist nicht deaktiviert (Status: ${record.status}) und kann nicht reaktiviert werden.`,
    );
  }
  const expectedRun = job?.run ?? 0;
  return { from: record.status, to, expectedRun, job: { action, state: 'running', run: expectedRun + 1, startedAt: now.toISOString() } };
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
    ...onboardingSections(input),
    enabledServices: input.enabledServices ?? [],
    feeSchedules: {},
    parkingZones: [],
  };
}

type OnboardingSections = Pick<TenantConfig, 'displayName' | 'ags' | 'caseNumberPrefix' | 'contact' | 'urls'> & Partial<Pick<TenantConfig, 'enabledServices'>>;

/** The configuration sections that come from the onboarding request (a retry with corrections re-applies them). */
export function onboardingSections(input: CreateTenantInput): OnboardingSections {
  return {
    displayName: input.name,
    ags: input.ags,
    caseNumberPrefix: input.caseNumberPrefix,
    contact: input.contact,
    urls: input.urls,
    ...(input.enabledServices ? { enabledServices: input.enabledServices } : {}),
  };
}

/** The onboarding request of the next attempt: the stored one with the county admin's corrections. */
export function correctedRequest(request: CreateTenantInput, correction: OnboardingCorrection | undefined): CreateTenantInput {
  return { ...request, ...correction };
}

/**
 * Sections the county assigns at onboarding and that must stay unique across tenants (claimed in the county's
 * registry): a tenant admin cannot change them — a changed case-number prefix would also break the numbering of
 * existing cases. Re-sending the current value is no change and is accepted.
 */
const COUNTY_ASSIGNED = ['ags', 'caseNumberPrefix'] as const;

export function refuseCountyAssignedChanges(changed: readonly string[]): void {
  const refused = COUNTY_ASSIGNED.filter((section) => changed.includes(section));
  if (refused.length === 0) return;
  const message = 'Wird bei der Aufnahme durch den Kreis festgelegt und kann hier nicht geändert werden.';
  throw new Unprocessable(
    'Amtlicher Gemeindeschlüssel und Aktenzeichen-Kürzel sind kreisweit eindeutig und werden vom Kreis vergeben; bitte wenden Sie sich an die Kreisverwaltung.',
    refused.map((section) => ({ field: `body/${section}`, message })),
  );
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

/**
 * Applies a merge patch of depth one; returns the new configuration and the sections that really changed. Compared by
 * value, not by text: DynamoDB does not keep the order of a map's keys, so the stored configuration comes back in
 * another order than a client (or the schema) writes it — the same configuration sent back is no change.
 */
export function applyConfigPatch(current: TenantConfig, patch: TenantConfigPatch): { config: TenantConfig; changed: string[] } {
  const config = { ...current, ...patch } as TenantConfig;
  const changed = Object.keys(patch).filter((key) => !isDeepStrictEqual(current[key as keyof TenantConfig], config[key as keyof TenantConfig]));
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
