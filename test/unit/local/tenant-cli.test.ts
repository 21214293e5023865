import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { defaultApiUrl, describeFetchFailure, describeResponse } from '../../../infra/cli/tenant-output.ts';

/** A port nobody listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The error fetch really throws for `url` (its message is only "fetch failed"). */
async function fetchError(url: string): Promise<unknown> {
  try {
    await fetch(url);
  } catch (error) {
    return error;
  }
  throw new Error(`${url} answered`);
}

describe('npm run tenant: where it sends requests', () => {
  it.each([
    [{}, 'http://localhost:3000'],
    [{ PORT: '3100' }, 'http://localhost:3100'],
    [{ PORT: '3100', OPENKREIS_API: 'https://api.example.org' }, 'https://api.example.org'],
    [{ PORT: '' }, 'http://localhost:3000'],
  ])('uses %j → %s', (env, expected) => {
    expect(defaultApiUrl(env)).toBe(expected);
  });
});

describe('npm run tenant: what it says when a request fails', () => {
  it('names the local address that refused the connection and asks whether npm start runs, instead of "fetch failed"', async () => {
    const port = await closedPort();
    const url = `http://localhost:${port}/tenants`;
    const message = describeFetchFailure(await fetchError(url), url);
    expect(message).toBe(`Connection refused at http://localhost:${port}: is \`npm start\` running? (It listens on PORT, default 3000; set PORT or --api to match.)`);
  });

  it('names a remote address that refused, and a host that does not exist', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }) });
    expect(describeFetchFailure(refused, 'https://api.example.org/tenants')).toMatch(/^Connection refused at https:\/\/api\.example\.org: .*--api or OPENKREIS_API/);
    const unknown = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }) });
    expect(describeFetchFailure(unknown, 'https://nicht-da.example/tenants')).toBe('Host not found: nicht-da.example (check --api or OPENKREIS_API).');
  });

  it('finds the code inside an AggregateError (a host with several addresses) and keeps the cause of anything else', () => {
    const aggregate = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), {}) });
    expect(describeFetchFailure(aggregate, 'http://127.0.0.1:3000/tenants')).toMatch(/^Connection refused at http:\/\/127\.0\.0\.1:3000/);
    const other = Object.assign(new TypeError('fetch failed'), { cause: new Error('certificate has expired') });
    expect(describeFetchFailure(other, 'https://api.example.org/tenants')).toBe('Request to https://api.example.org/tenants failed: certificate has expired');
  });

  it('prints an API problem as status, title, detail and every failing field', () => {
    const problem = {
      type: 'https://openkreis.de/probleme/conflict',
      title: 'Konflikt mit dem aktuellen Zustand',
      status: 409,
      detail: 'Der Amtliche Gemeindeschlüssel "05162024" gehört bereits zu einem anderen Mandanten.',
      errors: [{ field: 'body/ags', message: 'Der Amtliche Gemeindeschlüssel "05162024" gehört bereits zu einem anderen Mandanten.' }],
    };
    expect(describeResponse({ status: 409, contentType: 'application/problem+json; charset=utf-8', text: JSON.stringify(problem) })).toEqual({
      ok: false,
      output: [
        'HTTP 409 Konflikt mit dem aktuellen Zustand: Der Amtliche Gemeindeschlüssel "05162024" gehört bereits zu einem anderen Mandanten.',
        '  body/ags: Der Amtliche Gemeindeschlüssel "05162024" gehört bereits zu einem anderen Mandanten.',
      ].join('\n'),
    });
  });

  it('prints a non-JSON error with its status (e.g. a gateway page), shortened', () => {
    const result = describeResponse({ status: 502, contentType: 'text/html', text: `<html>${'x'.repeat(1000)}</html>` });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/^HTTP 502: <html>x+…$/);
    expect(result.output.length).toBeLessThan(520);
    expect(describeResponse({ status: 401, contentType: '', text: '' })).toEqual({ ok: false, output: 'HTTP 401' });
  });

  it('prints a success as its status and the formatted JSON', () => {
    expect(describeResponse({ status: 202, contentType: 'application/json', text: '{"tenantId":"musterstadt"}' })).toEqual({
      ok: true,
      output: 'HTTP 202\n{\n  "tenantId": "musterstadt"\n}',
    });
  });
});
