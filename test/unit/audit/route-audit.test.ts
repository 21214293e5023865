import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from '../../../functions/core/zod.ts';
import { httpHandler, json } from '../../../functions/core/http.ts';
import type { AuditClass } from '../../../functions/audit/schemas.ts';
import { loadSpecs } from '../../../functions/openapi/specs.ts';
import { routeKey, routes } from '../../../functions/routes.ts';
import type { RouteSpec } from '../../../functions/openapi/document.ts';
import { call, httpEvent } from '../../support/events.ts';

/**
 * Routes that touch no personal data, with the reason. Every other route that a signed-in user calls declares its
 * audit class in its handler's spec, so a new route cannot be forgotten: it fails here until it is declared or listed.
 */
const NO_PERSONAL_DATA: Record<string, string> = {
  'POST /tenants': 'the authority itself (name, AGS); its first admin is invited by the workflow',
  'GET /tenants': 'the authorities of the county',
  'GET /tenants/{id}': "the authority's profile and configuration",
  'PATCH /tenants/{id}/config': "the authority's configuration",
  'GET /tenants/{id}/handover-agreements': 'agreements between authorities',
  'PUT /tenants/{id}/handover-agreements/{service}/{task}/{from}': 'agreements between authorities',
  'DELETE /tenants/{id}/handover-agreements/{service}/{task}/{from}': 'agreements between authorities',
  'POST /tenants/{id}/retry': 'onboarding of an authority',
  'POST /tenants/{id}/deactivate': 'status of an authority',
  'POST /tenants/{id}/reactivate': 'status of an authority',
  'GET /services': 'the service catalogue',
  'POST /services/{id}/quote': 'computes a fee from the form; stores and reads nothing about the person',
  'GET /parking-zones': 'zones and streets',
  'POST /parking-zones/lookup': 'looks an address up in the zone table; stores nothing',
  'POST /baulasten/uploads': 'an upload slot; the scan becomes a record (and an entry) when a sheet or version uses it',
  'GET /baulasten/sheets/{id}/access-log': 'reads the trail itself (ids only); the data protection officer searches it',
  'GET /training/courses': 'course catalogue',
  'GET /training/courses/{id}': 'course content',
  'POST /training/courses': 'course content',
  'POST /training/courses/files': 'course content',
  'GET /training/xapi/statements': 'pseudonymous learning statements (a random pseudonym, never name or e-mail)',
  'POST /training/rules': 'assignment rules (department, job); the assignments it makes are enrolments of the workflow',
  'GET /training/rules': 'assignment rules',
  'DELETE /training/rules/{id}': 'assignment rules',
  'GET /training/reports/history': 'daily counts per course, no person',
  'GET /training/reports/county': 'county aggregates with small counts suppressed',
  'GET /audit/verify': 'sequence numbers and hashes of the chain, no entry content',
  'GET /reports/kpis': 'counters per service, channel and month, no person',
  'GET /reports/kpis/county': 'counters per municipality, no person',
  'GET /reports/annual-report': 'the counters as a PDF, no person',
};

let specs: Map<string, RouteSpec>;

beforeAll(async () => {
  specs = await loadSpecs();
}, 60_000);

/** Property names of a JSON schema and of its alternatives. */
function properties(schema: Record<string, unknown> | undefined): Set<string> {
  const names = new Set<string>(Object.keys((schema?.properties as object | undefined) ?? {}));
  for (const key of ['anyOf', 'oneOf', 'allOf']) for (const part of (schema?.[key] as Record<string, unknown>[] | undefined) ?? []) properties(part).forEach((name) => names.add(name));
  return names;
}

function itemProperties(schema: Record<string, unknown> | undefined): Set<string> {
  const names = new Set<string>();
  const walk = (part: Record<string, unknown> | undefined) => {
    const items = (part?.properties as Record<string, Record<string, unknown>> | undefined)?.items;
    properties(items?.items as Record<string, unknown> | undefined).forEach((name) => names.add(name));
    for (const key of ['anyOf', 'oneOf', 'allOf']) ((part?.[key] as Record<string, unknown>[] | undefined) ?? []).forEach(walk);
  };
  walk(schema);
  return names;
}

function successSchema(spec: RouteSpec): Record<string, unknown> | undefined {
  const responses = (spec.responses ?? {}) as Record<number, unknown>;
  const success = responses[200] ?? responses[201] ?? responses[202];
  if (!success || typeof success !== 'object' || !('_zod' in success)) return undefined;
  return z.toJSONSchema(success as z.ZodMiniType, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
}

describe('every route that touches personal data declares its audit class', () => {
  it('classifies every route: declared, listed as touching no personal data, or public', () => {
    const missing = routes.filter((route) => route.roles !== 'public' && !specs.get(route.handler)!.audit && !(routeKey(route) in NO_PERSONAL_DATA)).map(routeKey);
    expect(missing).toEqual([]);
    const both = routes.filter((route) => specs.get(route.handler)!.audit && routeKey(route) in NO_PERSONAL_DATA).map(routeKey);
    expect(both).toEqual([]);
    expect(Object.keys(NO_PERSONAL_DATA).filter((key) => !routes.some((route) => routeKey(route) === key))).toEqual([]);
  });

  for (const route of routes) {
    const key = routeKey(route);
    it(`${key}: its declaration points at ids the route has (path, answer or listed items)`, () => {
      const audit = specs.get(route.handler)!.audit as AuditClass | undefined;
      if (!audit) return;
      const answer = successSchema(specs.get(route.handler)!);
      const check = (source: string) => {
        const [where, name = ''] = source.split(':');
        if (where === 'param') expect(route.path, source).toContain(`{${name}}`);
        if (where === 'reply') expect([...properties(answer)], source).toContain(name);
        if (where === 'items') expect([...itemProperties(answer)], source).toContain(name);
      };
      check(audit.id);
      for (const source of audit.subject ?? []) check(source);
      expect(audit.record).toMatch(/^[a-z][a-z0-9-]{1,39}$/);
    });
  }
});

describe('the audit middleware', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  let appendAudit: ReturnType<typeof vi.fn>;

  beforeEach(async () => {
    ddb.reset();
    ({ appendAudit } = (await import('../../../functions/audit/trail.ts')) as unknown as { appendAudit: ReturnType<typeof vi.fn> });
  });

  const caller = { tenantId: 'neuss', roles: ['caseworker' as const], sub: 'cw-1' };
  const listing = httpHandler(
    { audit: { record: 'application', action: 'read', id: 'items:applicationId', subject: ['items:applicantId'] }, responses: { 200: z.object({ items: z.array(z.object({ applicationId: z.string(), applicantId: z.string() })) }) } },
    async () => json(200, { items: [{ applicationId: 'a-1', applicantId: 'citizen-1' }, { applicationId: 'a-2', applicantId: 'citizen-2' }] }),
  );
  const failing = httpHandler({ audit: { record: 'application', action: 'read', id: 'param:id' }, params: z.object({ id: z.string() }) }, async () => {
    throw new (await import('../../../functions/core/problem.ts')).NotFound('Nicht gefunden.');
  });

  it('appends one entry per listed record — ids only — in one call after the handler answered', async () => {
    const result = await call(listing, httpEvent({ routeKey: 'GET /caseworker/applications', caller }));
    expect(result.statusCode).toBe(200);
    expect(appendAudit).toHaveBeenCalledTimes(1);
    expect(appendAudit.mock.calls[0]![1]).toEqual([
      expect.objectContaining({ tenantId: 'neuss', actorId: 'cw-1', role: 'caseworker', action: 'read', recordType: 'application', recordId: 'a-1', subjectId: 'citizen-1' }),
      expect.objectContaining({ recordId: 'a-2', subjectId: 'citizen-2' }),
    ]);
  });

  it('records nothing for a refused request', async () => {
    const result = await call(failing, httpEvent({ routeKey: 'GET /applications/{id}', caller, pathParameters: { id: 'a-1' } }));
    expect(result.statusCode).toBe(404);
    expect(appendAudit).not.toHaveBeenCalled();
  });

  it('does not answer when the trail cannot be written: a read that is not recorded does not happen', async () => {
    const actual = await vi.importActual<typeof import('../../../functions/audit/trail.ts')>('../../../functions/audit/trail.ts');
    appendAudit.mockImplementationOnce(actual.appendAudit);
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('down'), { name: 'InternalServerError' }));
    const result = await call(listing, httpEvent({ routeKey: 'GET /caseworker/applications', caller }));
    expect(result.statusCode).toBe(500);
    expect(JSON.stringify(result.body)).not.toContain('a-1');
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems).toHaveLength(3);
  });
});
