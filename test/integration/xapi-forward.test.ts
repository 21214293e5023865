import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/** Forwarding to an external LRS against DynamoDB Local and a real (local) HTTP LRS that fails once. */
let server: Server;
let endpoint: string;
const received: Array<{ status: number; ids: string[] }> = [];
let failNext = true;

beforeAll(async () => {
  Object.assign(process.env, inject('platform').environment);
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const status = failNext ? 503 : 200;
      failNext = false;
      received.push({ status, ids: (JSON.parse(body) as Array<{ id: string }>).map((s) => s.id) });
      response.writeHead(status, { 'content-type': 'application/json' }).end('[]');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/xapi`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('xAPI forwarding to an external LRS', () => {
  it('retries a failed batch on the next run and forwards every statement exactly once', async () => {
    const { systemTable } = await import('../../functions/core/ddb.ts');
    const { statementPuts } = await import('../../functions/training/xapi/store.ts');
    const { forwardStatements } = await import('../../functions/training/xapi/forward.ts');
    const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
    const tenantId = `lrs-${randomUUID().slice(0, 8)}`;
    const statements = [1, 2, 3].map(() => ({
      id: randomUUID(),
      actor: { objectType: 'Agent', account: { homePage: `https://openkreis.de/${tenantId}`, name: randomUUID() } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
      object: { objectType: 'Activity', id: 'https://openkreis.de/training/open-data' },
      context: { contextActivities: { parent: [{ objectType: 'Activity', id: 'https://openkreis.de/training/open-data' }] } },
      timestamp: new Date().toISOString(),
      version: '1.0.3',
    }));
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    await systemTable.send(new TransactWriteCommand({ TransactItems: statementPuts(tenantId, statements as never, tenMinutesAgo) }));
    const run = () => forwardStatements(systemTable, tenantId, endpoint, { now: new Date(), fetch: (url, init) => fetch(url, init) });

    const first = await run();
    expect(first).toMatchObject({ forwarded: 0, error: 'HTTP 503' });
    const second = await run();
    expect(second).toEqual({ forwarded: 3 });
    const third = await run();
    expect(third).toEqual({ forwarded: 0 });

    const accepted = received.filter((r) => r.status === 200).flatMap((r) => r.ids);
    expect(accepted.sort()).toEqual(statements.map((s) => s.id).sort());
  });
});
