import {
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ListUserPoolClientsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Role } from '../../functions/core/roles.ts';
import { routeKey, routes, type Route } from '../../functions/routes.ts';
import { localClientConfig } from '../../infra/local/emulators/aws-clients.ts';
import { createUser, type LocalUserPool } from '../../infra/local/emulators/cognito-pools.ts';
import { api, demoUser, eventually, tokenFor } from '../support/api-client.ts';
import { tenantKeys, tenantRequest } from '../support/fixtures.ts';

/**
 * Deactivating a tenant locks it out completely: every route that acts for it refuses its tokens — also those issued
 * before the deactivation — and none of its users can sign in any more. Reactivation undoes exactly that.
 * A tenant of its own (onboarded here, with a user of every municipal role), so the seeded ones stay untouched.
 */
const TENANT = 'sperrstadt';
const countyAdmin = demoUser('county-admin', 'rhein-kreis-neuss');
const admin = `admin@${TENANT}.openkreis.test`;
const ROLES_OF_TENANT: Role[] = ['citizen', 'business', 'caseworker', 'enforcement', 'employee', 'tenant-admin'];
/** A member of staff whose account was disabled for another reason before the deactivation. */
const leaver = `ausgeschieden@${TENANT}.openkreis.test`;

const userOf = (role: Role) => (role === 'tenant-admin' ? admin : `${role}@${TENANT}.openkreis.test`);
const tokens = new Map<Role, string>();
let cognito: CognitoIdentityProviderClient;
let userPoolId: string;
let clientId: string;
const PASSWORD = 'Sperr-Stadt-2026!';

async function registry(): Promise<any> {
  return (await api('GET', `/tenants/${TENANT}`, { as: countyAdmin })).body.registry;
}

/**
 * Signs in through Cognito's own API with the right password (the local token route sets its own, so it is set
 * again first): a refusal is then the disabled account, not a wrong password.
 */
async function cognitoSignIn(username: string) {
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: PASSWORD, Permanent: true }));
  return cognito.send(
    new AdminInitiateAuthCommand({
      UserPoolId: userPoolId,
      ClientId: clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: PASSWORD },
    }),
  );
}

beforeAll(async () => {
  const platform = inject('platform');
  userPoolId = platform.userPoolId;
  cognito = new CognitoIdentityProviderClient(localClientConfig(platform.endpoints.cognito));
  clientId = (await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 1 }))).UserPoolClients![0]!.ClientId!;
  const created = await api('POST', '/tenants', { as: countyAdmin, body: tenantRequest(TENANT, { ...tenantKeys(TENANT), enabledServices: ['resident-parking'] }) });
  expect(created.status).toBe(202);
  await eventually(async () => ((await registry())?.status === 'active' ? true : undefined));

  const pool = { endpoint: platform.endpoints.cognito, userPoolId } as LocalUserPool;
  for (const role of ROLES_OF_TENANT.filter((role) => role !== 'tenant-admin')) {
    await createUser(pool, { username: userOf(role), password: PASSWORD, tenantId: TENANT, groups: [role] });
  }
  const { sub } = await createUser(pool, { username: leaver, password: PASSWORD, tenantId: TENANT, groups: ['employee'] });
  await cognito.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: sub }));
  // Tokens issued while the tenant is active: they stay within their lifetime throughout this file.
  for (const role of ROLES_OF_TENANT) tokens.set(role, await tokenFor(userOf(role)));
});

afterAll(() => cognito?.destroy());

/** The routes that act for a tenant, each with the tenant's roles that may call it (county-admin routes act for the county). */
const tenantRoutes: Array<[string, Route, Role[]]> = routes
  .filter((route) => route.roles !== 'public')
  .map((route) => [routeKey(route), route, ROLES_OF_TENANT.filter((role) => (route.roles as readonly Role[]).includes(role))] as [string, Route, Role[]])
  .filter(([, , roles]) => roles.length > 0);

function concretePath(route: Route): string {
  return route.path.replace(/\{[^}]+\}/g, 'x1');
}

describe('a deactivated tenant', () => {
  it('is deactivated by the county admin; the answer names the account job that follows', async () => {
    const response = await api('POST', `/tenants/${TENANT}/deactivate`, { as: countyAdmin });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: TENANT, status: 'deactivated', accounts: { action: 'disable', state: 'running', run: 1 } });
  });

  it.each(tenantRoutes)('is refused on %s with 403 problem+json for every role, with a token issued before', async (_key, route, roles) => {
    for (const role of roles) {
      const response = await api(route.method, concretePath(route), { token: tokens.get(role)!, ...(route.method === 'GET' ? {} : { body: {} }) });
      expect(response.status, `${role} on ${routeKey(route)}`).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(response.body.detail).toMatch(/deaktiviert/);
    }
  });

  it('leaves the other tenants alone', async () => {
    expect((await api('GET', '/training/me', { as: demoUser('employee', 'neuss') })).status).toBe(200);
    expect((await api('GET', '/tenants/neuss', { as: demoUser('tenant-admin', 'neuss') })).status).toBe(200);
  });

  it('has its users disabled by the account job: none of them can sign in any more', async () => {
    const job = await eventually(async () => {
      const accounts = (await registry()).accounts;
      return accounts.state === 'done' ? accounts : undefined;
    });
    expect(job).toMatchObject({ action: 'disable', run: 1 });
    for (const role of ROLES_OF_TENANT) {
      const username = userOf(role);
      const token = await api('POST', '/local/token', { body: { username } });
      expect(token.status, username).toBe(403);
      await expect(cognitoSignIn(username)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
      expect((await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }))).Enabled).toBe(false);
    }
    // Users of other tenants still sign in.
    expect((await api('POST', '/local/token', { body: { username: demoUser('citizen', 'neuss') } })).status).toBe(200);
  });

  it('cannot be deactivated twice, nor can the county be deactivated or reactivated', async () => {
    expect((await api('POST', `/tenants/${TENANT}/deactivate`, { as: countyAdmin })).status).toBe(409);
    expect((await api('POST', '/tenants/rhein-kreis-neuss/deactivate', { as: countyAdmin })).status).toBe(409);
    expect((await api('POST', '/tenants/rhein-kreis-neuss/reactivate', { as: countyAdmin })).status).toBe(409);
    expect((await api('POST', '/tenants/gibt-es-nicht/reactivate', { as: countyAdmin })).status).toBe(404);
    expect((await api('POST', '/tenants/neuss/reactivate', { as: countyAdmin })).status).toBe(409);
  });
});

describe('reactivating the tenant', () => {
  it('serves its requests again at once, with the tokens issued before', async () => {
    const response = await api('POST', `/tenants/${TENANT}/reactivate`, { as: countyAdmin });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: TENANT, status: 'active', accounts: { action: 'enable', state: 'running', run: 2 } });
    const own = await api('GET', `/tenants/${TENANT}`, { token: tokens.get('tenant-admin')! });
    expect(own.status).toBe(200);
    expect(own.body.status).toBe('active');
    expect((await api('GET', '/applications', { token: tokens.get('citizen')! })).status).toBe(200);
  });

  it('enables exactly the users the deactivation disabled: an account disabled before stays disabled', async () => {
    await eventually(async () => ((await registry()).accounts.state === 'done' ? true : undefined));
    for (const role of ROLES_OF_TENANT) {
      const token = await api('POST', '/local/token', { body: { username: userOf(role) } });
      expect(token.status, userOf(role)).toBe(200);
    }
    expect((await api('POST', '/local/token', { body: { username: leaver } })).status).toBe(403);
    expect((await api('POST', `/tenants/${TENANT}/reactivate`, { as: countyAdmin })).status).toBe(409);
  });
});
