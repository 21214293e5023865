import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { routes, type Route } from '../../functions/routes.ts';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from '../../functions/core/http.ts';
import { api, demoUser, platformUrl, tokenFor } from '../support/api-client.ts';

/**
 * Bad input never gives a 5xx: every route of the route table, called by a caller it admits, with malformed JSON,
 * deep nesting, huge strings, wrong types, bad percent-encodings in path and query, and bad cursors, answers a 4xx
 * (or a 2xx where the input happens to be acceptable) — and every error is RFC 9457 problem+json.
 *
 * The inputs are built so that nothing is written: ids are random or malformed, bodies never validate.
 */

const COUNTY = 'rhein-kreis-neuss';
const MUNICIPALITY = 'meerbusch';

interface Outcome {
  case: string;
  status: number;
  contentType: string;
  body: string;
}

/** A raw request, so that malformed targets and headers reach the server exactly as written (fetch normalises). */
function send(method: string, target: string, headers: Record<string, string>, body?: string): Promise<Omit<Outcome, 'case'>> {
  const base = new URL(platformUrl());
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: base.port, method, path: target, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface SeedUser {
  username: string;
  tenantId: string;
  roles: string[];
}

let seedUsers: Promise<SeedUser[]> | undefined;

/**
 * A municipality's and the county's seeded user of each role the route admits: some routes do their work only for
 * one of them (the county's vehicle registration tasks), and each role may reach other code.
 */
async function callersFor(route: Route): Promise<Array<string | undefined>> {
  if (route.roles === 'public') return [undefined];
  seedUsers ??= api<{ users: SeedUser[] }>('GET', '/local/users').then((response) => response.body.users);
  const users = await seedUsers;
  return route.roles.flatMap((role) =>
    [MUNICIPALITY, COUNTY].flatMap((tenant) => users.filter((user) => user.tenantId === tenant && user.roles.includes(role)).slice(0, 1).map((user) => user.username)),
  );
}

/** A path of the route with each parameter replaced by `value(name)`; the value is inserted as written (not encoded). */
function pathWith(route: Route, value: (name: string) => string): string {
  return route.path.replace(/\{(\w+)\+?\}/g, (_, name: string) => value(name));
}

/** Plausible but non-existent parameter values: they pass the shape checks, so the handler itself runs. */
function plausible(name: string): string {
  if (name === 'version' || name === 'attempt') return '1';
  if (name === 'id' || name === 'documentId' || name === 'paymentId') return randomUUID();
  return `fuzz-${randomUUID().slice(0, 8)}`;
}

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const cursor = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');

const BAD_PATH_VALUES = ['%', '%E0%A4%A', '%ZZ', '%00', '..%2F..%2Ftenants', 'a'.repeat(2_000), '%F0%9F%98%80', '%20', '-'];

const BAD_QUERIES = [
  'cursor=garbage',
  `cursor=${cursor('[1,2]')}`,
  `cursor=${cursor({ PK: { nested: true }, SK: 1 })}`,
  `cursor=${cursor({ PK: `${COUNTY}#TENANTS`, SK: 'TENANT#neuss' })}`,
  `cursor=${cursor({ PK: `${MUNICIPALITY}#X`, SK: 'Y', GSI1PK: 'neuss#Z', GSI1SK: 'Q', extra: 'attribute' })}`,
  `cursor=${cursor({})}`,
  'cursor=%',
  'limit=-1',
  'limit=abc',
  'limit=1e400',
  'status=%E0%A4%A',
  `plate=${'A'.repeat(10_000)}`,
  'zone=%00&plate=%00',
  '%=%',
  'unknown=1',
];

const BAD_BODIES: Array<[string, string, string]> = [
  ['malformed JSON', 'application/json', '{"a":'],
  ['deep nesting', 'application/json', nested(5_000)],
  // Inside the fields handlers take as free-form JSON (a service's form), where recursive code once overflowed.
  ['deep nesting inside a form', 'application/json', `{"serviceId":"resident-parking","form":${nested(20_000)}}`],
  ['deeply nested arrays', 'application/json', `{"form":{"list":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`],
  ['nesting one level too deep', 'application/json', nested(MAX_JSON_DEPTH + 1)],
  ['a huge string', 'application/json', JSON.stringify({ form: { text: 'x'.repeat(200_000) } })],
  ['a body over the limit', 'application/json', JSON.stringify({ text: 'x'.repeat(MAX_BODY_BYTES + 10) })],
  ['an array', 'application/json', '[]'],
  ['a string', 'application/json', '"x"'],
  ['a number', 'application/json', '42'],
  ['null', 'application/json', 'null'],
  ['wrong types in fields', 'application/json', JSON.stringify({ serviceId: 7, form: [], outcome: {}, csv: 3, id: null, reason: false })],
  ['a lone surrogate', 'application/json', '{"reason":"\\ud800"}'],
  ['not JSON at all', 'text/plain', 'hello'],
  ['form encoding', 'application/x-www-form-urlencoded', 'a=1&b=%'],
];

/** Variants of a real cursor (the last evaluated key of a page) that a client could send instead. */
function mutations(key: Record<string, unknown>): Array<[string, Record<string, unknown>]> {
  const variants: Array<[string, Record<string, unknown>]> = [['an extra attribute', { ...key, extra: 'x' }]];
  for (const name of Object.keys(key)) {
    const { [name]: _dropped, ...without } = key;
    variants.push([`without ${name}`, without]);
    variants.push([`${name} as a number`, { ...key, [name]: 7 }]);
    variants.push([`${name} as an object`, { ...key, [name]: { S: 'x' } }]);
    variants.push([`${name} empty`, { ...key, [name]: '' }]);
    variants.push([`${name} of another tenant`, { ...key, [name]: String(key[name]).replace(/^[a-z-]+#/, 'neuss#') }]);
  }
  return variants;
}

async function outcomes(route: Route, user: string | undefined): Promise<Outcome[]> {
  const auth: Record<string, string> = user ? { authorization: `Bearer ${await tokenFor(user)}` } : {};
  // The headers some routes require, so that the bad input reaches the code behind their checks.
  const headers = { accept: 'application/json', 'idempotency-key': randomUUID(), 'if-match': '"1"', ...auth };
  const cases: Array<{ case: string; run: () => Promise<Omit<Outcome, 'case'>> }> = [];
  const hasParams = route.path.includes('{');
  if (hasParams) {
    for (const value of BAD_PATH_VALUES) {
      const target = pathWith(route, () => value);
      cases.push({ case: `path ${value.slice(0, 20)}`, run: () => send(route.method, target, headers) });
    }
  }
  const path = pathWith(route, plausible);
  for (const query of BAD_QUERIES) {
    cases.push({ case: `query ${query.slice(0, 40)}`, run: () => send(route.method, `${path}?${query}`, headers) });
  }
  if (route.method !== 'GET') {
    for (const [name, type, body] of BAD_BODIES) {
      cases.push({ case: `body: ${name}`, run: () => send(route.method, path, { ...headers, 'content-type': type }, body) });
    }
  }
  if (route.method === 'GET') {
    // Cursors derived from a real one of this list: right partition, but wrong types, missing or extra attributes.
    const first = await send('GET', `${path}?limit=1`, headers);
    // Only JSON lists have a cursor (a CSV export answers a file).
    const listed = first.status === 200 && /json/.test(first.contentType);
    const real = listed ? (JSON.parse(first.body) as { nextCursor?: string | null }).nextCursor : undefined;
    if (real) {
      const key = JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) as Record<string, unknown>;
      for (const [name, mutate] of mutations(key)) {
        cases.push({ case: `derived cursor: ${name}`, run: () => send('GET', `${path}?limit=1&cursor=${cursor(mutate)}`, headers) });
      }
    }
  }
  const results: Outcome[] = [];
  for (const item of cases) results.push({ case: `${user ?? 'anonymous'}: ${item.case}`, ...(await item.run()) });
  return results;
}

describe('bad input never gives a 5xx', () => {
  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))('%s answers every malformed request with a 4xx problem', async (_, route) => {
    const callers = await callersFor(route);
    expect(callers.length).toBeGreaterThan(0);
    const all = (await Promise.all(callers.map((user) => outcomes(route, user)))).flat();
    const failures = all.filter(
      (outcome) => outcome.status >= 500 || outcome.status < 200 || (outcome.status >= 400 && !outcome.contentType.startsWith('application/problem+json')),
    );
    expect(failures.map((f) => `${f.case} → ${f.status} ${f.contentType} ${f.body.slice(0, 200)}`)).toEqual([]);
  });

  it('answers a request whose headers exceed what API Gateway accepts with 431 problem+json', async () => {
    const outcome = await send('GET', '/health', { 'x-padding': 'p'.repeat(64 * 1024) });
    expect(outcome.status).toBe(431);
    expect(outcome.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(outcome.body)).toMatchObject({ status: 431 });
  });

  it('answers a path outside the route table and a malformed request target with problem+json', async () => {
    for (const target of ['/%', '//evil.example/health', '/applications/%/documents/%', '/nowhere']) {
      const outcome = await send('GET', target, {});
      expect(outcome.status, target).toBeGreaterThanOrEqual(400);
      expect(outcome.status, target).toBeLessThan(500);
      expect(outcome.contentType, target).toMatch(/^application\/problem\+json/);
    }
  });

  it('sends X-Content-Type-Options: nosniff with JSON, problem+json and HTML answers', async () => {
    const token = await tokenFor(demoUser('citizen', MUNICIPALITY));
    const base = new URL(platformUrl());
    const headersOf = (path: string, extra: Record<string, string> = {}) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port: base.port, path, headers: extra }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.headers));
        })
          .on('error', reject)
          .end();
      });
    for (const [path, extra] of [
      ['/health', {}],
      ['/services', { authorization: `Bearer ${token}` }],
      [`/applications/${randomUUID()}`, { authorization: `Bearer ${token}` }],
      ['/applications', {}],
      ['/nowhere', {}],
      ['/verify/not-a-token', { accept: 'text/html' }],
      ['/local/users', {}],
    ] as const) {
      expect((await headersOf(path, extra))['x-content-type-options'], path).toBe('nosniff');
    }
  });
});
