import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler as createTenant } from '../../../functions/tenants/create-tenant.handler.ts';
import { call, httpEvent } from '../../support/events.ts';
import { tenantRequest } from '../../support/fixtures.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

const county = { tenantId: 'rhein-kreis-neuss', roles: ['county-admin' as const] };
const validBody = tenantRequest('musterstadt');

describe('the HTTP middleware stack', () => {
  beforeEach(() => {
    ddb.reset();
    sfn.reset();
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });
  });

  it('answers 401 problem+json when the request carries no verified claims', async () => {
    const result = await call(createTenant, httpEvent({ routeKey: 'POST /tenants', body: validBody }));
    expect(result.statusCode).toBe(401);
    expect(result.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(result.body).toMatchObject({ status: 401, title: 'Anmeldung erforderlich' });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 403 when none of the caller\'s roles may call the route', async () => {
    const result = await call(createTenant, httpEvent({ routeKey: 'POST /tenants', caller: { tenantId: 'rhein-kreis-neuss', roles: ['caseworker'] }, body: validBody }));
    expect(result.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('reads roles from the bracketed, space-separated groups claim API Gateway delivers', async () => {
    const result = await call(
      createTenant,
      httpEvent({ routeKey: 'POST /tenants', caller: { tenantId: 'rhein-kreis-neuss', roles: ['caseworker', 'county-admin'] }, body: validBody }),
    );
    expect(result.statusCode).toBe(202);
  });

  it('answers 400 for malformed JSON', async () => {
    const result = await call(createTenant, httpEvent({ routeKey: 'POST /tenants', caller: county, rawBody: '{"id": "x",' }));
    expect(result.statusCode).toBe(400);
    expect(result.body.detail).toBe('Der Anfragetext ist kein gültiges JSON.');
  });

  it('answers 400 naming every failing and every unknown field', async () => {
    const result = await call(
      createTenant,
      httpEvent({ routeKey: 'POST /tenants', caller: county, body: { ...validBody, id: 'Neu#Stadt', ags: '123', isAdmin: true } }),
    );
    expect(result.statusCode).toBe(400);
    const fields = result.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['body/id', 'body/ags', 'body/isAdmin']));
    expect(result.body.errors.find((e: { field: string }) => e.field === 'body/ags').message).toContain('8 Ziffern');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 413 for a body over 256 KiB', async () => {
    const result = await call(
      createTenant,
      httpEvent({ routeKey: 'POST /tenants', caller: county, body: { ...validBody, name: 'x'.repeat(300 * 1024) } }),
    );
    expect(result.statusCode).toBe(413);
  });

  it('answers 415 when the body is not JSON', async () => {
    const result = await call(
      createTenant,
      httpEvent({ routeKey: 'POST /tenants', caller: county, rawBody: 'id=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    );
    expect(result.statusCode).toBe(415);
  });

  it('answers an unexpected failure with a generic 500 that reveals nothing internal', async () => {
    ddb.on(TransactWriteCommand).rejects(new Error('connect ECONNREFUSED 10.0.0.1:443 secret-table'));
    const result = await call(createTenant, httpEvent({ routeKey: 'POST /tenants', caller: county, body: validBody }));
    expect(result.statusCode).toBe(500);
    expect(JSON.stringify(result.body)).not.toMatch(/ECONNREFUSED|secret-table|at /);
    expect(result.body.requestId).toBe('req-unit');
  });
});
