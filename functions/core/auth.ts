import { isRole, type Role } from './roles.ts';
import { isTenantId } from './tenant-id.ts';
import { isTrustLevel, TRUST_LEVEL_CLAIM, type TrustLevel } from './trust-level.ts';

/** Who calls: from the verified token, never from the request body or path. */
export interface Caller {
  readonly userId: string;
  readonly tenantId: string;
  readonly roles: readonly Role[];
  readonly email?: string;
  /** The trust level of this sign-in (`#core/trust-level`); absent for a username/password sign-in. */
  readonly trustLevel?: TrustLevel;
}

/** Claims as the API Gateway JWT authorizer delivers them: every value is a string. */
export type JwtClaims = Record<string, string | number | boolean | string[] | undefined>;

/**
 * API Gateway's JWT authorizer flattens array claims into a bracketed, space-separated string
 * (`"[caseworker tenant-admin]"`), not a JSON array. This is the one place that reads that form; an array is also
 * accepted so that a future change on AWS's side does not lock everybody out.
 */
export function parseGroups(value: JwtClaims[string]): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  const text = String(value).trim();
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return inner.split(/[\s,]+/).filter((group) => group.length > 0);
}

/** Formats groups the way API Gateway does; used by the local HTTP adapter so local tests see AWS's shape. */
export function formatGroupsClaim(groups: readonly string[]): string {
  return `[${groups.join(' ')}]`;
}

/** Returns undefined when the claims do not identify a user of a tenant. */
export function callerFromClaims(claims: JwtClaims | undefined): Caller | undefined {
  if (!claims) return undefined;
  const userId = claims.sub;
  const tenantId = claims['custom:tenantId'];
  if (typeof userId !== 'string' || typeof tenantId !== 'string' || !isTenantId(tenantId)) return undefined;
  const roles = parseGroups(claims['cognito:groups']).filter(isRole);
  const email = typeof claims.email === 'string' ? claims.email : undefined;
  const trustLevel = claims[TRUST_LEVEL_CLAIM];
  return { userId, tenantId, roles, ...(email ? { email } : {}), ...(isTrustLevel(trustLevel) ? { trustLevel } : {}) };
}

export function hasAnyRole(caller: Caller, roles: readonly Role[]): boolean {
  return caller.roles.some((role) => roles.includes(role));
}
