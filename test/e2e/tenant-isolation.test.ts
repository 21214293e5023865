import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../functions/core/roles.ts';
import { routes, routeKey, type Route } from '../../functions/routes.ts';
import { api, demoUser } from '../support/api-client.ts';

/**
 * Walks the whole route table. Tenant A is Neuss, tenant B is Jüchen.
 * - every role a route does not allow gets 403;
 * - every route that reaches a tenant's resources is called by A against B's and gets 404 — never B's data — and B's
 *   data is unchanged afterwards.
 * A new route must be added to `foreignAccess` (or to `noTenantResource`) or this test fails.
 */
const A = 'neuss';
const B = 'juechen';

interface ForeignAttempt {
  as: string;
  path: string;
  body?: unknown;
}

const foreignAccess: Record<string, ForeignAttempt[]> = {
  'GET /tenants/{id}': [{ as: demoUser('tenant-admin', A), path: `/tenants/${B}` }],
  'PATCH /tenants/{id}/config': [{ as: demoUser('tenant-admin', A), path: `/tenants/${B}/config`, body: { caseNumberPrefix: 'XX' } }],
};

/** Routes that name no tenant resource (the caller's tenant is implied by the token), or that only the county calls. */
const noTenantResource = new Set([
  'GET /health',
  'POST /tenants',
  'GET /tenants',
  'POST /tenants/{id}/retry',
  'POST /tenants/{id}/deactivate',
  // The caller's tenant is implied by the token:
  'GET /services',
  'POST /applications',
  'GET /applications',
  'GET /caseworker/applications',
  'POST /uploads',
  'GET /permits/check',
  // Public, authenticated by a signature (the tenant is part of the signed message / token):
  'POST /payments/webhook',
  'GET /sandbox-pay/{paymentId}',
  'POST /sandbox-pay/{paymentId}',
  'GET /verify/{token}',
]);

/** Which demo user holds a role: municipality users for tenant roles, the county's for county-admin. */
function userWithRole(role: Role): string {
  return role === 'county-admin' ? demoUser('county-admin', 'rhein-kreis-neuss') : demoUser(role, A);
}

function concretePath(route: Route): string {
  return route.path.replace(/\{[^}]+\}/g, A);
}

function sampleBody(route: Route): unknown {
  return route.method === 'GET' ? undefined : {};
}

describe('tenant isolation across the whole route table', () => {
  it('classifies every route, so no new route escapes this test', () => {
    const unclassified = routes.map(routeKey).filter((key) => !(key in foreignAccess) && !noTenantResource.has(key));
    expect(unclassified).toEqual([]);
  });

  for (const route of routes) {
    if (route.roles === 'public') continue;
    const forbidden = ROLES.filter((role) => !(route.roles as readonly Role[]).includes(role));
    if (forbidden.length === 0) continue;
    it(`${routeKey(route)} answers 403 to ${forbidden.join(', ')}`, async () => {
      for (const role of forbidden) {
        const response = await api(route.method, concretePath(route), { as: userWithRole(role), body: sampleBody(route) });
        expect(response.status, `${role} on ${routeKey(route)}`).toBe(403);
        expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      }
    });
  }

  for (const [key, attempts] of Object.entries(foreignAccess)) {
    it(`${key}: tenant A gets 404 for tenant B's resource, and B's data stays as it was`, async () => {
      const before = await api('GET', `/tenants/${B}`, { as: demoUser('tenant-admin', B) });
      expect(before.status).toBe(200);
      const [method] = key.split(' ') as [string];
      for (const attempt of attempts) {
        const response = await api(method, attempt.path, { as: attempt.as, body: attempt.body });
        expect(response.status).toBe(404);
        expect(JSON.stringify(response.body)).not.toContain('Jüchen');
      }
      const after = await api('GET', `/tenants/${B}`, { as: demoUser('tenant-admin', B) });
      expect(after.body.configVersion).toBe(before.body.configVersion);
      expect(after.body.config).toEqual(before.body.config);
    });
  }

});
