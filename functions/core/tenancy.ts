import { requireEnv } from './config.ts';
import type { Caller } from './auth.ts';
import { HttpProblem } from './problem.ts';

/** The county tenant: it onboards the municipalities and keeps the tenant registry in its own partition. */
export const COUNTY_TENANT_ID = requireEnv('COUNTY_TENANT_ID');

/** County-admin routes act for the county: a `county-admin` group membership in a municipality is not enough. */
export function requireCountyAdmin(caller: Caller): void {
  if (caller.tenantId !== COUNTY_TENANT_ID || !caller.roles.includes('county-admin')) {
    throw new HttpProblem('forbidden', 'Diese Funktion ist der Kreisverwaltung vorbehalten.');
  }
}
