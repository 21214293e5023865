import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { exceedsDepth, MAX_JSON_DEPTH } from '../../../functions/core/http.ts';
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

  it('refuses a body nested deeper than the bound before any handler code runs, at any position', async () => {
    const deep = (depth: number): unknown => {
      let value: unknown = 1;
      for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? { a: value } : [value];
      return value;
    };
    const bodies = [
      JSON.stringify(deep(MAX_JSON_DEPTH + 1)),
      JSON.stringify({ ...validBody, contact: deep(MAX_JSON_DEPTH) }),
      // Written as text: JSON.stringify itself would overflow on it.
      `{"contact":${'{"a":['.repeat(10_000)}1${']}'.repeat(10_000)}}`,
    ];
    for (const rawBody of bodies) {
      const result = await call(createTenant, httpEvent({ routeKey: 'POST /tenants', caller: county, rawBody }));
      expect(result.statusCode).toBe(400);
      expect(result.body.errors).toEqual([{ field: 'body', message: expect.stringContaining(String(MAX_JSON_DEPTH)) }]);
    }
    expect(ddb.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('measures depth without recursion and stops at the bound', () => {
    expect(exceedsDepth({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(exceedsDepth({ a: [{ b: {} }] }, 3)).toBe(true);
    expect(exceedsDepth('text', 0)).toBe(false);
    let chain: unknown = {};
    for (let level = 0; level < 1_000_000; level += 1) chain = [chain];
    expect(exceedsDepth(chain, MAX_JSON_DEPTH)).toBe(true);
  });

  it('sends nosniff and no-store with every answer: success, domain problem, validation problem and internal error', async () => {
    const answers = [
      await call(createTenant, httpEvent({ routeKey: 'POST /tenants', caller: county, body: validBody })),
      await call(createTenant, httpEvent({ routeKey: 'POST /tenants', body: validBody })),
      await call(createTenant, httpEvent({ routeKey: 'POST /tenants', caller: county, rawBody: '{' })),
    ];
    ddb.on(TransactWriteCommand).rejects(new Error('boom'));
    answers.push(await call(createTenant, httpEvent({ routeKey: 'POST /tenants', caller: county, body: validBody })));
    expect(answers.map((answer) => answer.statusCode)).toEqual([202, 401, 400, 500]);
    for (const answer of answers) {
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['cache-control']).toBe('no-store');
    }
  });
});
