/** The states of a tenant in the county's registry (its own module: response schemas need it without the configuration schemas). */
export const TENANT_STATUSES = ['onboarding', 'active', 'failed', 'deactivated'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];
