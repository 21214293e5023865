/**
 * The single route table of the OpenKreis HTTP API.
 *
 * Read by the CDK app (one Lambda per handler, API Gateway routes, JWT authorizer), by the local HTTP adapter
 * (`npm start`) and by every handler's middleware (role check). It is plain data: importing it costs nothing.
 *
 * - `handler`: module below `functions/` without extension; it exports `handler`.
 * - `roles`: who may call the route; `'public'` routes have no authorizer.
 * - `uses`: further resources (workflows, the user pool) whose names are injected and which are granted.
 * - `access`: what the function may touch in the table. `tenant` functions get credentials scoped to the caller's
 *   tenant (IAM `dynamodb:LeadingKeys`); the county's own data about its tenants (the tenant registry) lives in the
 *   county's partition, so county admins work with tenant-scoped credentials too. `county` functions write into
 *   other tenants' partitions and are granted the whole table, which is why only `county-admin` may call them.
 */
import type { Role } from '#core/roles';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly handler: string;
  readonly roles: readonly Role[] | 'public';
  readonly access: 'tenant' | 'county' | 'none';
  /** Other resources the handler uses; the CDK app injects their names and grants exactly these. */
  readonly uses?: readonly Resource[];
  readonly summary: string;
}

export type Resource = 'onboarding-workflow' | 'user-pool';

export const routes: readonly Route[] = [
  {
    method: 'GET', path: '/health', handler: 'core/health.handler', roles: 'public', access: 'none',
    summary: 'Liveness of the API',
  },
  {
    method: 'POST', path: '/tenants', handler: 'tenants/create-tenant.handler', roles: ['county-admin'],
    access: 'tenant', uses: ['onboarding-workflow'], summary: 'Onboard a municipality as a tenant (starts the onboarding workflow)',
  },
  {
    method: 'GET', path: '/tenants', handler: 'tenants/list-tenants.handler', roles: ['county-admin'],
    access: 'tenant', summary: 'List all tenants with their onboarding status',
  },
  {
    method: 'GET', path: '/tenants/{id}', handler: 'tenants/get-tenant.handler',
    roles: ['tenant-admin', 'county-admin'], access: 'tenant',
    summary: 'A tenant profile, configuration and onboarding status',
  },
  {
    method: 'PATCH', path: '/tenants/{id}/config', handler: 'tenants/update-config.handler', roles: ['tenant-admin'],
    access: 'tenant', summary: "Change the caller's tenant configuration (recorded with who and when)",
  },
  {
    method: 'POST', path: '/tenants/{id}/retry', handler: 'tenants/retry-onboarding.handler', roles: ['county-admin'],
    access: 'tenant', uses: ['onboarding-workflow'], summary: 'Retry a failed onboarding',
  },
  {
    method: 'POST', path: '/tenants/{id}/deactivate', handler: 'tenants/deactivate-tenant.handler',
    roles: ['county-admin'], access: 'county', summary: 'Offboard a tenant: no new applications, data kept',
  },
];

/** `routeKey` as API Gateway HTTP API writes it into the event: `"POST /tenants/{id}"`. */
export function routeKey(route: Pick<Route, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

export function findRoute(key: string): Route | undefined {
  return routes.find((route) => routeKey(route) === key);
}
