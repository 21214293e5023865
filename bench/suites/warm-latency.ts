/**
 * 3. Warm latency of the main routes, in-process: the handler modules the platform serves are imported once and
 * called directly with API Gateway events (no HTTP), against DynamoDB Local, s3rver, aws-ses-v2-local and the local
 * Step Functions endpoint. Beside them, the floor: one raw GetItem / PutItem round trip on the same DynamoDB Local.
 * The HTTP adapter's overhead is measured separately (the status route over HTTP minus in-process).
 * Also records the AWS calls of every measured invocation (→ benchmark 5).
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { localClientConfig } from '../../infra/local/emulators/aws-clients.ts';
import { takeCalls, totals, withLabel, type CallTotals, type RecordedCall } from '../lib/aws-calls.ts';
import { CITIZEN, context, type BenchContext } from '../lib/context.ts';
import { ensureCompletedApplication, SCENARIOS, type Scenario } from '../lib/scenarios.ts';
import { summarize, type Summary } from '../lib/stats.ts';

export const READ_TARGET_FACTOR = 3;

export interface RouteLatency {
  name: string;
  module: string;
  routeKey: string;
  kind: 'read' | 'write' | 'report';
  latency: Summary;
  unexpected: Array<{ status: number | string; body?: string }>;
  /** AWS calls per invocation: the median invocation's totals, and the maximum DynamoDB calls seen. */
  calls: CallTotals;
  maxDynamodbCalls: number;
  /** DynamoDB operations in order, of the median invocation (e.g. `GetItem, Query`). */
  sequence: string[];
  /** Items returned by a list route (inbox), for context. */
  items?: number;
}

export interface WarmFigures {
  routes: RouteLatency[];
  floor: { getItem: Summary; putItem: Summary };
  http: { inProcess: Summary; overHttp: Summary; overhead: number };
  iterations: number;
}

export async function measureScenario(ctx: BenchContext, scenario: Scenario): Promise<RouteLatency> {
  const handler = await ctx.handler(scenario.module);
  const samples: number[] = [];
  const perInvocation: RecordedCall[][] = [];
  const unexpected: RouteLatency['unexpected'] = [];
  let items: number | undefined;
  const total = ctx.size.warmup + ctx.size.warmIterations;
  for (let i = 0; i < total; i += 1) {
    const prepared = await scenario.event(ctx);
    takeCalls();
    const started = performance.now();
    let result: any;
    try {
      result = await withLabel(scenario.name, () => handler(prepared.event, context(scenario.module)));
    } catch (error) {
      result = { statusCode: `threw ${(error as Error).name}` };
    }
    const elapsed = performance.now() - started;
    const calls = takeCalls().filter((call) => call.label === scenario.name);
    if (!scenario.expected.includes(result?.statusCode)) unexpected.push({ status: result?.statusCode, body: String(result?.body ?? '').slice(0, 300) });
    if (i >= ctx.size.warmup) {
      samples.push(elapsed);
      perInvocation.push(calls);
      if (scenario.name === 'inbox' && typeof result?.body === 'string') items = (JSON.parse(result.body).items ?? []).length;
    }
    await prepared.after?.(result);
  }
  // The invocation with the median number of DynamoDB calls stands for the route; the maximum is reported too.
  const byCalls = [...perInvocation].sort((a, b) => a.length - b.length);
  const median = byCalls[Math.floor(byCalls.length / 2)] ?? [];
  return {
    name: scenario.name,
    module: scenario.module,
    routeKey: scenario.routeKey,
    kind: scenario.kind,
    latency: summarize(samples),
    unexpected,
    calls: totals(median),
    maxDynamodbCalls: Math.max(0, ...perInvocation.map((list) => totals(list).dynamodbCalls)),
    sequence: median.map((call) => `${call.service === 'DynamoDB' ? '' : `${call.service}:`}${call.operation}${call.ok ? '' : ` (${call.errorName})`}`),
    ...(items !== undefined ? { items } : {}),
  };
}

export async function measureFloor(ctx: BenchContext): Promise<WarmFigures['floor']> {
  const client = new DynamoDBClient(localClientConfig(ctx.platform.endpoints.dynamodb));
  const tableName = ctx.platform.environment.TABLE_NAME!;
  const key = { PK: { S: `${'bench'}#floor#${randomUUID()}` }, SK: { S: 'floor' } };
  const item = { ...key, payload: { S: 'x'.repeat(200) } };
  const get: number[] = [];
  const put: number[] = [];
  await withLabel('bench-floor', async () => {
    await client.send(new PutItemCommand({ TableName: tableName, Item: item }));
    for (let i = 0; i < ctx.size.floorIterations + ctx.size.warmup; i += 1) {
      let started = performance.now();
      await client.send(new PutItemCommand({ TableName: tableName, Item: item }));
      if (i >= ctx.size.warmup) put.push(performance.now() - started);
      started = performance.now();
      await client.send(new GetItemCommand({ TableName: tableName, Key: key }));
      if (i >= ctx.size.warmup) get.push(performance.now() - started);
    }
  });
  client.destroy();
  takeCalls();
  return { getItem: summarize(get), putItem: summarize(put) };
}

/** The status route over HTTP (JWT check + event building + HTTP) against the same route in-process. */
async function measureHttpOverhead(ctx: BenchContext): Promise<WarmFigures['http']> {
  const { completedApplicationId } = await ensureCompletedApplication(ctx);
  const status = SCENARIOS.find((scenario) => scenario.name === 'status')!;
  const handler = await ctx.handler(status.module);
  const inProcess: number[] = [];
  const overHttp: number[] = [];
  await ctx.api.token(CITIZEN);
  for (let i = 0; i < ctx.size.warmIterations + ctx.size.warmup; i += 1) {
    const prepared = await status.event(ctx);
    let started = performance.now();
    await withLabel('bench-http', () => handler(prepared.event, context(status.module)));
    if (i >= ctx.size.warmup) inProcess.push(performance.now() - started);
    started = performance.now();
    const response = await withLabel('bench-http', () => ctx.api.call('GET', `/applications/${completedApplicationId}`, { as: CITIZEN }));
    if (i >= ctx.size.warmup) overHttp.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`bench: status over HTTP answered ${response.status}`);
  }
  takeCalls();
  const a = summarize(inProcess);
  const b = summarize(overHttp);
  return { inProcess: a, overHttp: b, overhead: b.median - a.median };
}

export async function runWarmLatency(ctx: BenchContext): Promise<WarmFigures> {
  ctx.log(`warm latency: ${SCENARIOS.length} routes × ${ctx.size.warmIterations} (+${ctx.size.warmup} warm-up) in-process …`);
  await ensureCompletedApplication(ctx);
  const floor = await measureFloor(ctx);
  const routes: RouteLatency[] = [];
  // Writes first: the submissions fill the inbox that the inbox route then lists.
  const order = [...SCENARIOS].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'write' ? -1 : 1));
  for (const scenario of order) {
    routes.push(await measureScenario(ctx, scenario));
    ctx.log(`  ${scenario.name}: p50 ${routes.at(-1)!.latency.median.toFixed(1)} ms`);
  }
  const http = await measureHttpOverhead(ctx);
  routes.sort((a, b) => SCENARIOS.findIndex((s) => s.name === a.name) - SCENARIOS.findIndex((s) => s.name === b.name));
  return { routes, floor, http, iterations: ctx.size.warmIterations };
}
