/**
 * 2. Cold initialisation per function: a fresh Node process imports the bundled handler (`index.mjs`, as deployed,
 * with `--enable-source-maps` as the CDK app sets in NODE_OPTIONS) and serves one event against the local emulators.
 * Beside it: the same measurement for the function's SDK floor and for a hello-world handler.
 *
 * - import: module evaluation of the bundle (≈ Lambda's function INIT);
 * - first invocation: the first event (the SDK resolves credentials/endpoints and opens connections here);
 * - ready: process start → first answer (Node bootstrap + import + first invocation);
 * - whole process: spawn → exit, measured by the parent.
 * The main routes get realistic events (a real application, a fresh employee, …); every other function gets an event
 * its validation or store rejects (an unknown id), which still runs the middleware and usually one DynamoDB read.
 * Runs are interleaved round-robin across all targets, so drift on the machine spreads evenly.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { routes } from '../../functions/routes.ts';
import { COMPILED_CATALOGUE_FILE } from '../../functions/training/content/compiled.ts';
import { contentCheck } from '../../infra/cli/content-check.ts';
import { PROJECT_ROOT } from '../lib/bundle.ts';
import { takeCalls, withLabel } from '../lib/aws-calls.ts';
import { CITIZEN, httpEvent, type BenchContext } from '../lib/context.ts';
import { SCENARIOS, type PreparedEvent } from '../lib/scenarios.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import type { BundleFigures } from './bundle-size.ts';

export const COLD_TARGET_RATIO = 1.2;
const RUNNER = fileURLToPath(new URL('../lib/cold-runner.mjs', import.meta.url));

export interface ColdSample {
  bootMs: number;
  importMs: number;
  invokeMs: number;
  readyMs: number;
  processMs: number;
  outcome: string;
  status?: number;
}

export interface ColdTarget {
  /** Handler module, `floor:<key>` or `hello-world`. */
  name: string;
  file: string;
  import: Summary;
  invoke: Summary;
  ready: Summary;
  process: Summary;
  boot: Summary;
  outcomes: Record<string, number>;
  realisticEvent: boolean;
}

export interface ColdFigures {
  runs: number;
  targets: Record<string, ColdTarget>;
  /** Source maps: the status route without `--enable-source-maps`, to show what the flag costs. */
  withoutSourceMaps?: { name: string; import: Summary; ready: Summary };
  elapsedMs: number;
}

const SCHEDULED = new Set(['notifications/flush-outbox.handler', 'services/resident-parking/renewal-reminders.handler', 'training/daily.handler']);

const ROLE_USERS: Record<string, string> = {
  citizen: 'citizen@neuss.openkreis.test',
  business: 'business@neuss.openkreis.test',
  caseworker: 'caseworker@neuss.openkreis.test',
  enforcement: 'enforcement@neuss.openkreis.test',
  employee: 'employee@neuss.openkreis.test',
  'tenant-admin': 'tenant-admin@neuss.openkreis.test',
  'county-admin': 'county-admin@rhein-kreis-neuss.openkreis.test',
};

/** An event for a function without a scenario: valid shape, unknown ids. */
async function genericEvent(ctx: BenchContext, module: string): Promise<unknown> {
  const route = routes.find((candidate) => candidate.handler === module);
  if (route) {
    const role = route.roles === 'public' ? undefined : route.roles[0];
    const claims = role ? await ctx.claims(ROLE_USERS[role] ?? CITIZEN) : undefined;
    const pathParameters = Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, name === 'attempt' ? '1' : `bench-${randomUUID()}`]));
    return httpEvent({
      routeKey: `${route.method} ${route.path}`,
      ...(claims ? { claims } : {}),
      ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
      ...(route.method === 'POST' || route.method === 'PATCH' || route.method === 'PUT' ? { body: {} } : {}),
      headers: { accept: 'application/json' },
    });
  }
  if (SCHEDULED.has(module)) {
    return { version: '0', id: randomUUID(), 'detail-type': 'Scheduled Event', source: 'aws.events', account: '000000000000', time: new Date().toISOString(), region: 'eu-central-1', resources: [], detail: {} };
  }
  // Workflow steps: the ids of an application (or tenant) that does not exist.
  return { tenantId: 'neuss', applicationId: randomUUID() };
}

function runOnce(file: string, eventFile: string, environment: Record<string, string>, sourceMaps: boolean): Promise<ColdSample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...(sourceMaps ? ['--enable-source-maps'] : []), RUNNER, file, eventFile], {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const processMs = performance.now() - started;
      const line = stdout.trim().split('\n').pop();
      if (code !== 0 || !line) {
        reject(new Error(`bench: cold run of ${file} exited ${code}: ${stderr.slice(-600)}`));
        return;
      }
      resolve({ ...(JSON.parse(line) as Omit<ColdSample, 'processMs'>), processMs });
    });
  });
}

interface PlannedTarget {
  name: string;
  file: string;
  scenario?: (typeof SCENARIOS)[number];
  module?: string;
  /** Run without `--enable-source-maps` (the comparison target). */
  plain?: boolean;
}

const NO_SOURCE_MAPS = ' (without --enable-source-maps)';

export async function runColdInit(ctx: BenchContext, bundles: BundleFigures, workDir: string): Promise<ColdFigures> {
  const started = performance.now();
  const runs = ctx.size.coldRuns;
  const eventsDir = path.join(workDir, 'events');
  mkdirSync(eventsDir, { recursive: true });
  const wanted = ctx.size.coldModules ? new Set(ctx.size.coldModules) : undefined;
  const functions = bundles.functions.filter((fn) => !wanted || wanted.has(fn.module));
  const floorKeys = [...new Set(functions.map((fn) => fn.floorKey))];
  const targets: PlannedTarget[] = [
    ...functions.map((fn) => {
      const scenario = SCENARIOS.find((candidate) => candidate.module === fn.module);
      return { name: fn.module, file: fn.file, module: fn.module, ...(scenario ? { scenario } : {}) };
    }),
    ...floorKeys.map((key) => ({ name: `floor:${key}`, file: bundles.floors[key]!.file })),
    { name: 'floor:document-client', file: bundles.documentClientFloor.file },
    { name: 'hello-world', file: bundles.hello.file },
  ];
  // What `--enable-source-maps` costs at start-up: the status route once more without it, in the same rotation.
  const status = functions.find((fn) => fn.module === 'applications/get-application.handler');
  if (status) targets.push({ name: `${status.module}${NO_SOURCE_MAPS}`, file: status.file, module: status.module, scenario: SCENARIOS.find((s) => s.module === status.module)!, plain: true });
  ctx.log(`cold init: ${targets.length} targets × ${runs} fresh processes …`);
  // Bundles read the compiled course catalogue, as deployed (`ProjectFunction` compiles it next to the bundle).
  const contentDir = path.join(workDir, 'training-content');
  const compiled = await contentCheck(path.join(PROJECT_ROOT, 'training-content'), { log: () => undefined }, { compileTo: path.join(contentDir, COMPILED_CATALOGUE_FILE) });
  if (compiled !== 0) throw new Error('bench: the training content does not compile (npm run content:check)');
  const environment: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...ctx.platform.environment,
    TRAINING_CONTENT_DIR: contentDir,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_SERVICE_NAME: 'openkreis',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  };
  const samples = new Map<string, ColdSample[]>(targets.map((target) => [target.name, []]));
  for (let run = 0; run < runs; run += 1) {
    for (const target of targets) {
      let prepared: PreparedEvent = { event: {} };
      if (target.scenario) prepared = await withLabel('bench-setup', () => target.scenario!.event(ctx));
      else if (target.module) prepared = { event: await genericEvent(ctx, target.module) };
      const eventFile = path.join(eventsDir, `${target.name.replace(/[/:]/g, '__')}.json`);
      writeFileSync(eventFile, JSON.stringify(prepared.event));
      const sample = await runOnce(target.file, eventFile, environment, !target.plain);
      samples.get(target.name)!.push(sample);
      if (prepared.after) {
        // The child's answer is not at hand here; a submitted application is found by its idempotency key instead.
        await withLabel('bench-wait', () => settleAfterChild(prepared));
      }
    }
    if (run === 0) ctx.log(`  first round done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  takeCalls();

  const result: Record<string, ColdTarget> = {};
  let withoutSourceMaps: ColdFigures['withoutSourceMaps'];
  for (const target of targets) {
    const list = samples.get(target.name)!;
    if (target.plain) {
      withoutSourceMaps = { name: target.module!, import: summarize(list.map((s) => s.importMs)), ready: summarize(list.map((s) => s.readyMs)) };
      continue;
    }
    const outcomes: Record<string, number> = {};
    for (const sample of list) {
      const key = sample.outcome === 'ok' ? `${sample.status ?? 'ok'}` : sample.outcome;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
    result[target.name] = {
      name: target.name,
      file: target.file,
      import: summarize(list.map((s) => s.importMs)),
      invoke: summarize(list.map((s) => s.invokeMs)),
      ready: summarize(list.map((s) => s.readyMs)),
      process: summarize(list.map((s) => s.processMs)),
      boot: summarize(list.map((s) => s.bootMs)),
      outcomes,
      realisticEvent: Boolean(target.scenario) || !target.module,
    };
  }
  const elapsedMs = performance.now() - started;
  ctx.log(`cold init done in ${(elapsedMs / 1000).toFixed(1)} s`);
  return { runs, targets: result, ...(withoutSourceMaps ? { withoutSourceMaps } : {}), elapsedMs };
}

/** After a cold submit: wait until its workflow waits for the payment, so it does not run during the next sample. */
async function settleAfterChild(prepared: PreparedEvent): Promise<void> {
  const event = prepared.event as { headers?: Record<string, string> };
  const key = event.headers?.['idempotency-key'];
  if (!key) return;
  const { getIdempotencyRecord } = await import('../../functions/applications/store.ts');
  const { systemTable } = await import('../../functions/core/ddb.ts');
  const claims = (prepared.event as { requestContext?: { authorizer?: { jwt?: { claims?: Record<string, string> } } } }).requestContext?.authorizer?.jwt?.claims;
  if (!claims?.sub) return;
  const record = await getIdempotencyRecord(systemTable, 'neuss', claims.sub, key);
  if (!record) return;
  await prepared.after?.({ body: JSON.stringify({ applicationId: record.applicationId }) });
}
