import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJwtAuthorizer } from '../../../infra/local/http/jwt.ts';
import { startLocalApi, type LocalApi } from '../../../infra/local/http/server.ts';
import { formatRequestLog, type RequestLogEntry } from '../../../infra/local/request-log.ts';

/**
 * `npm start` prints one line per request: the route's pattern (never the concrete path or query, which can carry a
 * plate or a verify token), the status, the duration, the function and the request id the response also carries.
 */
const entries: RequestLogEntry[] = [];
let api: LocalApi;

beforeAll(async () => {
  api = await startLocalApi({
    port: 0,
    // Never reached by these requests: public routes, and protected ones without a token are refused before.
    authorizer: new LocalJwtAuthorizer({ issuer: 'http://issuer.test/pool', audience: 'client', jwksUrl: 'http://127.0.0.1:9/jwks.json' }),
    requestLog: (entry) => entries.push(entry),
  });
});
afterAll(() => api.close());

async function requested(path: string): Promise<{ status: number; requestId: string | null; entry: RequestLogEntry }> {
  const before = entries.length;
  const response = await fetch(`${api.url}${path}`);
  await response.arrayBuffer();
  await expect.poll(() => entries.length).toBe(before + 1);
  return { status: response.status, requestId: response.headers.get('apigw-requestid'), entry: entries[before]! };
}

describe('the request log of the local runtime', () => {
  it('logs an API request under its route pattern with status, function and the request id of the response', async () => {
    const { status, requestId, entry } = await requested('/api/health');
    expect(status).toBe(200);
    expect(entry).toMatchObject({ kind: 'http', method: 'GET', path: '/api/health', status: 200, function: 'core/health.handler', requestId });
    expect(entry.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('never logs the concrete path or query of a request, only the pattern, also when the request is refused', async () => {
    const refused = await requested('/api/applications/NE-AB%20123?plate=NE-AB%20123&name=Erika');
    expect(refused.status).toBe(401);
    expect(refused.entry).toMatchObject({ path: '/api/applications/{id}', status: 401, function: 'applications/get-application.handler' });
    const unknown = await requested('/api/gibt-es-nicht/NE-AB%20123');
    expect(unknown.status).toBe(404);
    expect(unknown.entry).toMatchObject({ path: '/api/…' });
    for (const entry of entries) expect(formatRequestLog(entry)).not.toMatch(/NE-AB|Erika/);
  });

  it('formats a line with time, method, path, status, duration, function and id, and a failed workflow step by its error type', () => {
    const at = new Date('2026-12-07T10:11:12.345Z');
    const line = formatRequestLog({ kind: 'http', at, method: 'POST', path: '/api/applications', status: 201, durationMs: 84.2, function: 'applications/submit.handler', requestId: 'r-1' });
    expect(line).toMatch(/^10:11:12\.345 {2}POST {3}\/api\/applications +201 +84 ms {2}applications\/submit\.handler +r-1$/);
    const step = formatRequestLog({ kind: 'step', at, function: 'applications/workflow/transition.handler', outcome: 'ApplicationStateConflict', durationMs: 3.25, requestId: 'r-2' });
    expect(step).toMatch(/STEP {3}applications\/workflow\/transition\.handler +ERR +3\.3 ms {2}ApplicationStateConflict +r-2$/);
  });
});
