import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../functions/core/roles.ts';
import { rememberTenantStatus, STATUS_TTL_MS } from '../../../functions/core/tenant-status.ts';
import { routeKey, routes } from '../../../functions/routes.ts';
import { handler as getTenant } from '../../../functions/tenants/get-tenant.handler.ts';
import { handler as health } from '../../../functions/core/health.handler.ts';
import { handler as listRules } from '../../../functions/training/list-rules.handler.ts';
import { call, httpEvent } from '../../support/events.ts';

const ddb = mockClient(DynamoDBDocumentClient);

/** The profile read of the gate: the caller's own partition, strongly consistent. */
const profile = (tenantId: string) => ({ TableName: 'openkreis-test-data', Key: { PK: `${tenantId}#TENANT`, SK: 'PROFILE' } });
const statusReads = () => ddb.commandCalls(GetCommand).filter((entry) => entry.args[0].input.Key?.SK === 'PROFILE' && entry.args[0].input.ProjectionExpression === '#status');

let tenantCounter = 0;
/** A tenant id no earlier test has used: the gate remembers statuses per container. */
const freshTenant = () => `gesperrt-${++tenantCounter}`;

beforeEach(() => {
  ddb.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the tenant-status gate of the HTTP middleware', () => {
  // Every route that acts for a caller, called by one of its roles: refused before the handler reads or writes anything.
  const guarded = routes.filter((route) => route.roles !== 'public');
  it.each(guarded.map((route) => [routeKey(route), route] as const))('refuses %s for a deactivated tenant with 403 problem+json, before anything else', async (key, route) => {
    const tenantId = freshTenant();
    ddb.on(GetCommand).resolves({ Item: { status: 'deactivated' } });
    const module = new URL(`../../../functions/${route.handler}.ts`, import.meta.url).href;
    const { handler } = (await import(/* @vite-ignore */ module)) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
    const role = (route.roles as readonly Role[])[0]!;
    const result = await call(handler, httpEvent({ routeKey: key, caller: { tenantId, roles: [role] }, body: route.method === 'GET' ? undefined : {} }), { tenantStatus: 'unread' });
    expect(result.statusCode).toBe(403);
    expect(result.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(result.body).toMatchObject({ status: 403, title: 'Keine Berechtigung', detail: expect.stringMatching(/deaktiviert/) });
    expect(ddb.calls()).toHaveLength(1);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({ ...profile(tenantId), ConsistentRead: true });
  });

  it.each([
    ['an active tenant', { Item: { status: 'active' } }],
    ['a tenant without a profile', {}],
  ])('lets %s through to the handler', async (_case, answer) => {
    const tenantId = freshTenant();
    ddb.on(GetCommand).resolves(answer);
    ddb.on(QueryCommand).resolves({ Items: [] });
    const result = await call(listRules, httpEvent({ routeKey: 'GET /training/rules', caller: { tenantId, roles: ['tenant-admin'] } }), { tenantStatus: 'unread' });
    expect(result.statusCode).toBe(200);
    expect(statusReads()).toHaveLength(1);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
  });

  it('asks the table once per tenant and container within the cache time, and again after it', async () => {
    const tenantId = freshTenant();
    ddb.on(GetCommand).resolves({ Item: { status: 'deactivated' } });
    vi.useFakeTimers({ toFake: ['Date'] });
    const caller = { tenantId, roles: ['tenant-admin' as const] };
    const ask = () => call(getTenant, httpEvent({ routeKey: 'GET /tenants/{id}', caller, pathParameters: { id: tenantId } }), { tenantStatus: 'unread' });
    expect((await ask()).statusCode).toBe(403);
    vi.advanceTimersByTime(STATUS_TTL_MS - 1);
    expect((await ask()).statusCode).toBe(403);
    expect(statusReads()).toHaveLength(1);
    vi.advanceTimersByTime(2);
    ddb.on(GetCommand).resolves({ Item: { status: 'active' } });
    await ask();
    expect(statusReads()).toHaveLength(2);
  });

  it('takes a status this container wrote (the deactivation it served) at once, without waiting for the cache', async () => {
    const tenantId = freshTenant();
    ddb.on(GetCommand).resolves({ Item: { status: 'active' } });
    const caller = { tenantId, roles: ['tenant-admin' as const] };
    const ask = () => call(getTenant, httpEvent({ routeKey: 'GET /tenants/{id}', caller, pathParameters: { id: tenantId } }), { tenantStatus: 'unread' });
    expect((await ask()).statusCode).not.toBe(403);
    rememberTenantStatus(tenantId, 'deactivated');
    expect((await ask()).statusCode).toBe(403);
    rememberTenantStatus(tenantId, 'active');
    expect((await ask()).statusCode).not.toBe(403);
    expect(statusReads()).toHaveLength(1);
  });

  it('does not ask for public routes, even when a token comes along', async () => {
    const result = await call(health, httpEvent({ routeKey: 'GET /health', caller: { tenantId: freshTenant(), roles: ['citizen'] } }), { tenantStatus: 'unread' });
    expect(result.statusCode).toBe(200);
    expect(ddb.calls()).toHaveLength(0);
  });
});
