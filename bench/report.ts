/**
 * Turns the figures of one `npm run bench` into `bench/RESULTS.md`: the machine, every figure with its median and
 * spread, the targets, and for every miss by how much and why. Causes are derived from the measurements (the import
 * chains in esbuild's metafile, the recorded AWS calls), so the text stays true when the code changes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ApplicationCalls } from './suites/aws-calls.ts';
import { BUNDLE_TARGET_RATIO, type BundleFigures, type FunctionBundle } from './suites/bundle-size.ts';
import { COLD_TARGET_RATIO, type ColdFigures, type ColdTarget } from './suites/cold-init.ts';
import { COST_TARGET_PER_1000, type CostFigures } from './suites/cost.ts';
import type { ThroughputFigures } from './suites/throughput.ts';
import { READ_TARGET_FACTOR, type WarmFigures } from './suites/warm-latency.ts';
import { CSS_BUDGET_BYTES, JS_BUDGET_BYTES, LIGHTHOUSE_TARGETS, type LighthouseCategory, type LighthouseResult, type WebFigures } from './suites/web.ts';
import type { Machine } from './lib/machine.ts';
import { SCENARIOS } from './lib/scenarios.ts';
import { round, type Summary } from './lib/stats.ts';

export interface BenchFigures {
  size: 'tiny' | 'full';
  machine: Machine;
  elapsedMs: number;
  bundles: BundleFigures;
  cold: ColdFigures;
  warm: WarmFigures;
  throughput: ThroughputFigures;
  calls: ApplicationCalls;
  cost: CostFigures;
  web: WebFigures;
  /** Label (handler module or scenario name) → AWS services it called during the run. */
  servicesUsed: Record<string, string[]>;
}

const HISTORY_FILE = fileURLToPath(new URL('./HISTORY.md', import.meta.url));

/** Why a route needs the DynamoDB calls it makes, for routes above the target (reviewed with each change of the route). */
const CALL_REASONS: Record<string, string> = {
  submit:
    'one BatchGetItem (idempotency record, tenant configuration, tenant status) → the service\'s own check (resident parking: ' +
    'a Query for a valid permit of the plate) → the case-number counter (UpdateItem: the number is part of the item the ' +
    'transaction writes, and a transaction returns no values) → the one transaction (idempotency record, application, two ' +
    'timeline entries, the receipt) → after SES accepted the receipt, its outbox entry is marked sent (UpdateItem). Left: ' +
    'taking case numbers in blocks per warm container (one counter call per block, numbers no longer in submission order) ' +
    'or sending the receipt from the outbox schedule (minutes later) would remove one call each.',
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const ms = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const x = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
const usd = (value: number, digits = 4) => `$${value.toFixed(digits)}`;
const spread = (summary: Summary, digits = 1) => (summary.n > 0 ? `${ms(summary.p25, digits)}–${ms(summary.p75, digits)}` : 'n/a');
const pct = (value: number) => `${Math.round(value * 100)} %`;

function verdict(ok: boolean, miss: string): string {
  return ok ? 'meets' : `**misses** (${miss})`;
}

/** AWS services by SDK `serviceId` ↔ client package. */
const CLIENT_OF_SERVICE: Record<string, string> = {
  DynamoDB: '@aws-sdk/client-dynamodb',
  S3: '@aws-sdk/client-s3',
  SFN: '@aws-sdk/client-sfn',
  SESv2: '@aws-sdk/client-sesv2',
  KMS: '@aws-sdk/client-kms',
  'Cognito Identity Provider': '@aws-sdk/client-cognito-identity-provider',
  'Secrets Manager': '@aws-sdk/client-secrets-manager',
};
/** Clients the local runtime replaces by a local adapter: never called locally, used in AWS. */
const AWS_ONLY_CLIENTS: Record<string, string> = {
  '@aws-sdk/client-kms': 'KMS signing (local: key file)',
  '@aws-sdk/client-secrets-manager': 'webhook secret (local: environment)',
};

function shortChain(chain: string[] | undefined): string {
  if (!chain) return '?';
  const project = chain.filter((file) => file.startsWith('functions/')).map((file) => file.replace(/^functions\//, '').replace(/\.ts$/, ''));
  return project.reverse().join(' → ');
}

interface Cause {
  key: string;
  label: string;
  bytes: number;
  /** How it got into the bundle (project modules from the handler outwards). */
  via?: string;
}

const PDF_PACKAGES = /^(pdf-lib|pako|qrcode|pngjs|@pdf-lib\/.+|dijkstrajs)$/;

/** Why a function's bundle is bigger than its floor: the largest non-SDK contributors, with how they got in. */
function bundleCauses(fn: FunctionBundle): Cause[] {
  const causes: Cause[] = [];
  if (fn.zodLocales) {
    causes.push({
      key: 'zod-locales',
      label: 'all of zod with its 40+ locales: the zod namespace is imported through a re-export (`import { z } from \'#core/validation\'`), which esbuild cannot tree-shake',
      bytes: fn.groups.zod ?? 0,
      via: fn.zodReexportImporters.slice(0, 3).map((file) => file.replace(/^functions\//, '')).join(', '),
    });
  }
  const heavy = Object.entries(fn.groups).filter(([group, bytes]) => !['AWS SDK', 'zod', 'project code'].includes(group) && bytes > 20 * 1024);
  const pdf = heavy.filter(([group]) => PDF_PACKAGES.test(group));
  if (pdf.length > 0) {
    causes.push({
      key: 'pdf',
      label: 'PDF and QR code generation (pdf-lib with its standard fonts, pako, qrcode, pngjs)',
      bytes: pdf.reduce((sum, [, bytes]) => sum + bytes, 0),
      via: shortChain(fn.packageChains['pdf-lib'] ?? fn.packageChains[pdf[0]![0]]),
    });
  }
  for (const [group, bytes] of heavy.filter(([group]) => !PDF_PACKAGES.test(group))) {
    causes.push({ key: group, label: group, bytes, via: shortChain(fn.packageChains[group]) });
  }
  if ((fn.groups['project code'] ?? 0) > 60 * 1024) {
    causes.push(
      fn.viaCatalogue
        ? { key: 'project-catalogue', label: 'project code: every service definition, through services/catalog', bytes: fn.groups['project code']! }
        : { key: 'project', label: 'project code over 60 KB', bytes: fn.groups['project code']! },
    );
  }
  return causes.sort((a, b) => b.bytes - a.bytes);
}

function causeText(causes: Cause[]): string {
  return causes.map((cause) => `${cause.key === 'zod-locales' ? 'zod + locales' : cause.key === 'pdf' ? 'PDF/QR' : cause.label} ${kb(cause.bytes)}`).join(', ');
}

/** The misses grouped by cause: one line per cause with its size, one example of how it got in, and the functions. */
function causeSummary(functions: FunctionBundle[], ratioOf: (fn: FunctionBundle) => string): string[] {
  const byKey = new Map<string, { cause: Cause; functions: FunctionBundle[] }>();
  for (const fn of functions) {
    for (const cause of bundleCauses(fn)) {
      const entry = byKey.get(cause.key) ?? { cause, functions: [] };
      entry.functions.push(fn);
      byKey.set(cause.key, entry);
    }
  }
  const lines: string[] = [];
  for (const { cause, functions: affected } of [...byKey.values()].sort((a, b) => b.functions.length * b.cause.bytes - a.functions.length * a.cause.bytes)) {
    lines.push(
      `- **${cause.label}** — ${kb(cause.bytes)} in ${affected.length} function${affected.length === 1 ? '' : 's'}${cause.via ? `; e.g. via ${cause.via}` : ''}: ${affected.map((fn) => `${fn.module} (${ratioOf(fn)})`).join(', ')}`,
    );
  }
  const unexplained = functions.filter((fn) => bundleCauses(fn).length === 0);
  if (unexplained.length > 0) {
    lines.push(`- **no single large contributor** — the shared HTTP stack (middy, zod/mini, Powertools logger) and 20–40 KB of the function's own code add up: ${unexplained.map((fn) => `${fn.module} (${ratioOf(fn)})`).join(', ')}`);
  }
  return lines;
}

function servicesOf(figures: BenchFigures, module: string): string[] | undefined {
  const labels = [module, ...SCENARIOS.filter((scenario) => scenario.module === module).map((scenario) => scenario.name)];
  const found = labels.flatMap((label) => figures.servicesUsed[label] ?? []);
  return found.length > 0 ? [...new Set(found)] : undefined;
}

/** Client packages in a bundle that the function never called during the run (functions that made any call). */
export function unusedClients(figures: BenchFigures): Array<{ module: string; clients: string[]; chains: string[] }> {
  const result: Array<{ module: string; clients: string[]; chains: string[] }> = [];
  for (const fn of figures.bundles.functions) {
    const used = servicesOf(figures, fn.module);
    if (!used) continue;
    const usedClients = new Set(used.map((service) => CLIENT_OF_SERVICE[service]).filter(Boolean));
    const unused = fn.sdkClients.filter((client) => !usedClients.has(client) && !AWS_ONLY_CLIENTS[client]);
    if (unused.length > 0) result.push({ module: fn.module, clients: unused, chains: unused.map((client) => shortChain(fn.clientChains[client])) });
  }
  return result;
}

function coldRatio(target: ColdTarget | undefined, floor: ColdTarget | undefined, pick: (t: ColdTarget) => Summary): number {
  if (!target || !floor) return Number.NaN;
  return pick(target).median / pick(floor).median;
}

export function renderResults(figures: BenchFigures): string {
  const { machine, bundles, cold, warm, throughput, calls, cost } = figures;
  const out: string[] = [];
  const line = (text = '') => out.push(text);

  // --- Targets at a glance -------------------------------------------------------------------------------------
  const sdkFunctions = bundles.functions.filter((fn) => Object.keys(fn.sdkImports).length > 0);
  const bundleMisses = sdkFunctions.filter((fn) => fn.ratio > BUNDLE_TARGET_RATIO);
  const worstBundle = [...sdkFunctions].sort((a, b) => b.ratio - a.ratio)[0];
  const coldRows = bundles.functions
    .map((fn) => ({ fn, target: cold.targets[fn.module], floor: cold.targets[`floor:${fn.floorKey}`] }))
    .filter((row) => row.target && Object.keys(row.fn.sdkImports).length > 0);
  const coldMisses = coldRows.filter((row) => coldRatio(row.target, row.floor, (t) => t.import) > COLD_TARGET_RATIO || coldRatio(row.target, row.floor, (t) => t.ready) > COLD_TARGET_RATIO);
  const reads = warm.routes.filter((route) => route.kind === 'read');
  const readFactor = (median: number) => median / warm.floor.getItem.median;
  const readMisses = reads.filter((route) => readFactor(route.latency.median) > READ_TARGET_FACTOR);
  // Report routes (KPIs, open data) read counters: a bounded number of reads whatever the volume (issue 15: ≤ 20).
  const callTarget = (kind: 'read' | 'write' | 'report') => (kind === 'read' ? 2 : kind === 'report' ? 20 : 3);
  const callMisses = warm.routes.filter((route) => route.calls.dynamodbCalls > callTarget(route.kind));
  const scans = calls.scansSeen + warm.routes.reduce((sum, route) => sum + route.calls.scans, 0);
  const projectScans = bundles.functions.filter((fn) => fn.projectScan);

  line('# OpenKreis benchmarks — results');
  line();
  line(`Generated by \`npm run bench\`${figures.size === 'tiny' ? ' (BENCH_SIZE=tiny: one run each, figures are not meaningful)' : ''} on ${machine.date}.`);
  line();
  line('| machine | |');
  line('| --- | --- |');
  line(`| CPU | ${machine.cpus} × ${machine.cpuModel}${machine.cpuMHz > 0 ? ` (${machine.cpuMHz} MHz)` : ''} |`);
  line(`| memory | ${machine.memoryGiB} GiB |`);
  line(`| OS | ${machine.os} |`);
  line(`| Node.js | ${machine.node} (bench, handlers and cold-start processes) |`);
  line(`| esbuild | ${machine.esbuild} (the CDK app bundles with the same local esbuild) |`);
  line(`| Java (DynamoDB Local) | ${machine.java} |`);
  line(`| code | ${machine.commit} |`);
  line(`| run time | ${(figures.elapsedMs / 1000 / 60).toFixed(1)} min |`);
  line();
  line('Every timing is given as **median** with its spread as the interquartile range (IQR, p25–p75) and the number of');
  line('samples n; p99 where the issue asks for it. Sizes are deterministic (same input, same bytes).');
  line('Everything runs on this machine against the local emulators (DynamoDB Local, s3rver, aws-ses-v2-local, the local');
  line('Step Functions endpoint): absolute latencies are not AWS latencies, ratios to the floors measured alongside are the');
  line('figures that carry over.');
  line();
  line('## Targets at a glance');
  line();
  line('| # | figure | measured | target | verdict |');
  line('| --- | --- | --- | --- | --- |');
  line(
    `| 1 | bundle ÷ SDK floor (${sdkFunctions.length} functions using the SDK) | worst ${worstBundle ? `${x(worstBundle.ratio)} (${worstBundle.module})` : 'n/a'}; ${sdkFunctions.length - bundleMisses.length} of ${sdkFunctions.length} within | ≤ ${BUNDLE_TARGET_RATIO}× | ${verdict(bundleMisses.length === 0, `${bundleMisses.length} functions`)} |`,
  );
  const worstCold = [...coldRows].sort((a, b) => coldRatio(b.target, b.floor, (t) => t.ready) - coldRatio(a.target, a.floor, (t) => t.ready))[0];
  line(
    `| 2 | cold init ÷ SDK floor (import and ready) | worst ready ${worstCold ? `${x(coldRatio(worstCold.target, worstCold.floor, (t) => t.ready))} (${worstCold.fn.module})` : 'n/a'}; ${coldRows.length - coldMisses.length} of ${coldRows.length} within | ≤ ${COLD_TARGET_RATIO}× | ${verdict(coldMisses.length === 0, `${coldMisses.length} functions`)} |`,
  );
  line(
    `| 3 | warm p50 of read routes ÷ GetItem p50 (${ms(warm.floor.getItem.median, 2)} ms) | ${reads.map((route) => `${route.name} ${x(readFactor(route.latency.median))}`).join(', ')} | ≤ ${READ_TARGET_FACTOR}× | ${verdict(readMisses.length === 0, readMisses.map((r) => r.name).join(', '))} |`,
  );
  const top = throughput.levels.reduce((best, level) => (level.perSecond > (best?.perSecond ?? 0) ? level : best), throughput.levels[0]);
  line(`| 4 | end-to-end applications/s (local platform) | ${throughput.levels.map((level) => `${level.concurrency}: ${level.perSecond.toFixed(2)}/s`).join(', ')} | — (measured) | best at ${top?.concurrency ?? '?'} concurrent |`);
  line(
    `| 5 | DynamoDB calls per request | ${warm.routes.map((route) => `${route.name} ${route.calls.dynamodbCalls}`).join(', ')} | ≤ 2 read, ≤ 3 write, ≤ 20 report | ${verdict(callMisses.length === 0, callMisses.map((r) => `${r.name} ${r.calls.dynamodbCalls}`).join(', '))} |`,
  );
  line(`| 5 | Scan calls | ${scans} counted; ${projectScans.length} functions reference Scan in code | 0 | ${verdict(scans === 0 && projectScans.length === 0, `${scans} scans`)} |`);
  line(
    `| 6 | cost per 1,000 applications (Lambda, Step Functions, DynamoDB, S3) | ${usd(cost.perThousand.inScope, 3)} (${Math.round(cost.coldShare * 100)} % cold starts); all-in with API Gateway, SES, KMS ${usd(cost.perThousand.allIn, 3)} | < $${COST_TARGET_PER_1000.toFixed(2)} | ${verdict(cost.perThousand.inScope < COST_TARGET_PER_1000, `by ${usd(cost.perThousand.inScope - COST_TARGET_PER_1000, 3)}`)} |`,
  );
  for (const row of webTargetRows(figures.web)) line(row);
  line();
  // What changed between runs and why: written by hand (bench/HISTORY.md), since it explains code changes.
  if (existsSync(HISTORY_FILE)) {
    line(readFileSync(HISTORY_FILE, 'utf8').trim());
    line();
  }

  // --- 1. Bundle size ------------------------------------------------------------------------------------------
  line('## 1. Bundle size per function');
  line();
  line('Each function is bundled exactly as `ProjectFunction` bundles it (esbuild JS API with the options read from');
  line('`infra/constructs/project-function.ts`: ESM, `platform: node`, `target: node22`, minified, AWS SDK bundled,');
  line("`mainFields: ['module','main']`, the `createRequire` banner; `#core/*` resolved through package.json `imports`).");
  line('The **SDK floor** of a function is a generated handler that imports exactly the `@aws-sdk/*` exports the');
  line("function's bundled code imports (clients, commands, `lib-dynamodb`, credential providers, presigner), constructs");
  line('the same clients and serves one GetItem, bundled the same way. Size = `index.mjs` (the source map is a separate file).');
  line();
  line(`Reference points: hello-world handler ${bundles.hello.bytes} B; DynamoDB document-client floor (client + lib-dynamodb with Get/Put/Query/Update/TransactWrite) ${kb(bundles.documentClientFloor.bytes)}.`);
  line();
  line('| function | bundle | SDK floor | ratio | zod locales | SDK clients in the bundle | verdict |');
  line('| --- | ---: | ---: | ---: | :---: | --- | --- |');
  for (const fn of [...bundles.functions].sort((a, b) => b.ratio - a.ratio)) {
    const noSdk = Object.keys(fn.sdkImports).length === 0;
    line(
      `| ${fn.module} | ${kb(fn.bytes)} | ${noSdk ? '— (no SDK)' : kb(fn.floorBytes)} | ${noSdk ? '—' : x(fn.ratio)} | ${fn.zodLocales ? 'yes' : 'no'} | ${fn.sdkClients.map((c) => c.replace('@aws-sdk/client-', '')).join(', ') || '—'} | ${noSdk ? 'n/a' : verdict(fn.ratio <= BUNDLE_TARGET_RATIO, `+${kb(fn.bytes - fn.floorBytes * BUNDLE_TARGET_RATIO)} over`)} |`,
    );
  }
  line();
  if (bundleMisses.length > 0) {
    line('**Why the misses are big** — the non-SDK contributors over 20 KB (and project code over 60 KB), grouped, with one');
    line('example of the import chain from the handler:');
    line();
    for (const text of causeSummary(bundleMisses, (fn) => x(fn.ratio))) line(text);
    line();
  }
  const stack = bundles.functions.find((fn) => fn.module === 'core/health.handler');
  if (stack) {
    const room = bundles.documentClientFloor.bytes * (BUNDLE_TARGET_RATIO - 1);
    line(
      `The budget is tight by construction: \`core/health.handler\`, which is little more than the shared HTTP stack (middy, zod/mini with German messages, Powertools logger; each function carries only its own routes), is ${kb(stack.bytes)}; a function on the ${kb(bundles.documentClientFloor.bytes)} document-client floor has ${kb(room)} of room at ${BUNDLE_TARGET_RATIO}×.`,
    );
    line();
  }
  const noSdkHeavy = bundles.functions.filter((fn) => Object.keys(fn.sdkImports).length === 0 && fn.bytes > 100 * 1024);
  if (noSdkHeavy.length > 0) {
    line(`Functions without any SDK client have no floor; these are still over 100 KB: ${noSdkHeavy.map((fn) => `${fn.module} ${kb(fn.bytes)} (${causeText(bundleCauses(fn)) || 'project code'})`).join('; ')}.`);
    line();
  }

  // --- 2. Cold init --------------------------------------------------------------------------------------------
  line('## 2. Cold initialisation per function');
  line();
  line(`A fresh \`node --enable-source-maps\` process (as the CDK app sets \`NODE_OPTIONS\`) imports the bundle and serves one`);
  line(`event against the local emulators; ${cold.runs} runs per target, interleaved round-robin. **import** = module evaluation`);
  line('(≈ Lambda INIT of the function code), **first call** = the first invocation (credentials, endpoint resolution, first');
  line('connection), **ready** = process start → first answer, **process** = spawn → exit as the parent sees it.');
  line('The main routes get realistic events (a real application, a fresh employee, a signed permit token); other functions');
  line('get an event for an unknown id (outcome column), which still runs the middleware and usually one read.');
  line('Ratios compare medians with the function\'s own SDK floor (same clients and commands, one GetItem).');
  line();
  const hello = cold.targets['hello-world'];
  const docFloor = cold.targets['floor:document-client'];
  line('| target | import ms (IQR) | first call ms (IQR) | ready ms (IQR) | process ms (IQR) |');
  line('| --- | ---: | ---: | ---: | ---: |');
  for (const target of [hello, docFloor]) {
    if (!target) continue;
    line(`| ${target.name} | ${ms(target.import.median)} (${spread(target.import)}) | ${ms(target.invoke.median)} (${spread(target.invoke)}) | ${ms(target.ready.median)} (${spread(target.ready)}) | ${ms(target.process.median)} (${spread(target.process)}) |`);
  }
  line();
  line('| function | import ms (IQR) | first call ms (IQR) | ready ms (IQR) | process ms | floor import / ready ms | import ÷ floor | ready ÷ floor | outcome | verdict |');
  line('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |');
  for (const row of [...coldRows, ...bundles.functions.filter((fn) => Object.keys(fn.sdkImports).length === 0 && cold.targets[fn.module]).map((fn) => ({ fn, target: cold.targets[fn.module], floor: undefined }))].sort(
    (a, b) => coldRatio(b.target, b.floor, (t) => t.ready) - coldRatio(a.target, a.floor, (t) => t.ready),
  )) {
    const t = row.target!;
    const f = row.floor;
    const importRatio = coldRatio(t, f, (s) => s.import);
    const readyRatio = coldRatio(t, f, (s) => s.ready);
    const ok = !f || (importRatio <= COLD_TARGET_RATIO && readyRatio <= COLD_TARGET_RATIO);
    const outcome = Object.entries(t.outcomes).map(([key, count]) => (count === t.ready.n ? key : `${key}×${count}`)).join(', ');
    line(
      `| ${row.fn.module}${t.realisticEvent ? ' ★' : ''} | ${ms(t.import.median)} (${spread(t.import)}) | ${ms(t.invoke.median)} (${spread(t.invoke)}) | ${ms(t.ready.median)} (${spread(t.ready)}) | ${ms(t.process.median)} | ${f ? `${ms(f.import.median)} / ${ms(f.ready.median)}` : '— (no SDK)'} | ${f ? x(importRatio) : '—'} | ${f ? x(readyRatio) : '—'} | ${outcome} | ${f ? verdict(ok, `${x(Math.max(importRatio, readyRatio))}`) : 'n/a'} |`,
    );
  }
  line();
  line('★ realistic event (main route). First-call times of the other functions are for the rejected event only.');
  if (cold.withoutSourceMaps) {
    const withMaps = cold.targets[cold.withoutSourceMaps.name];
    line();
    line(
      `Source maps: ${cold.withoutSourceMaps.name} without \`--enable-source-maps\` imports in ${ms(cold.withoutSourceMaps.import.median)} ms (IQR ${spread(cold.withoutSourceMaps.import)}) and is ready after ${ms(cold.withoutSourceMaps.ready.median)} ms, against ${withMaps ? `${ms(withMaps.import.median)} / ${ms(withMaps.ready.median)} ms` : 'n/a'} with it — the flag's cost at start-up.`,
    );
  }
  if (coldMisses.length > 0) {
    line();
    line('**Why the misses are slow**: evaluating a module costs time in proportion to the code that is not the SDK (see 1);');
    line('and where the import is within the target, the first call does more than the floor\'s one GetItem. Grouped by cause:');
    line();
    const ratioOf = (fn: FunctionBundle) => {
      const row = coldRows.find((candidate) => candidate.fn === fn)!;
      return `ready ${x(coldRatio(row.target, row.floor, (t) => t.ready))}, import ${x(coldRatio(row.target, row.floor, (t) => t.import))}`;
    };
    const importMisses = coldMisses.filter((row) => coldRatio(row.target, row.floor, (t) => t.import) > COLD_TARGET_RATIO);
    const firstCallOnly = coldMisses.filter((row) => coldRatio(row.target, row.floor, (t) => t.import) <= COLD_TARGET_RATIO);
    for (const text of causeSummary(importMisses.map((row) => row.fn), ratioOf)) line(text);
    const firstCall = (row: (typeof coldMisses)[number]) => `${row.fn.module} ${ms(row.target!.invoke.median)} ms vs ${ms(row.floor!.invoke.median)} ms`;
    const slowFirstCall = importMisses.filter((row) => row.target!.invoke.median > 3 * row.floor!.invoke.median && row.target!.realisticEvent);
    if (slowFirstCall.length > 0) line(`- **besides, the first call does much more than one GetItem**: ${slowFirstCall.map(firstCall).join('; ')}`);
    if (firstCallOnly.length > 0) {
      line(
        `- **import within the target, the first call does the work of the route or job** (scheduled jobs walk every tenant, a submission reads, writes, sends an e-mail and starts the workflow; each first use of a client resolves credentials and opens a connection): ${firstCallOnly.map(firstCall).join('; ')}`,
      );
    }
  }
  line();

  // --- 3. Warm latency -----------------------------------------------------------------------------------------
  line('## 3. Warm latency of the main routes (in-process)');
  line();
  line(`The handler modules the platform serves are imported once and called directly with API Gateway payload-2.0 events`);
  line(`(claims as the JWT authorizer passes them), ${warm.iterations} measured calls per route after warm-up, sequentially, against`);
  line('the emulators. A submission waits (unmeasured) until its workflow waits for the payment before the next sample.');
  line('Floor: one raw `GetItem` / `PutItem` (plain `DynamoDBClient`, ~250-byte item) on the same DynamoDB Local.');
  line();
  line('| route | kind | p50 ms | p99 ms | IQR ms | n | p50 ÷ floor | DynamoDB calls | verdict (reads ≤ 3× GetItem) |');
  line('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  line(`| floor: GetItem | read | ${ms(warm.floor.getItem.median, 2)} | ${ms(warm.floor.getItem.p99, 2)} | ${spread(warm.floor.getItem, 2)} | ${warm.floor.getItem.n} | 1.00× | 1 | |`);
  line(`| floor: PutItem | write | ${ms(warm.floor.putItem.median, 2)} | ${ms(warm.floor.putItem.p99, 2)} | ${spread(warm.floor.putItem, 2)} | ${warm.floor.putItem.n} | 1.00× | 1 | |`);
  for (const route of warm.routes) {
    const floor = route.kind === 'write' ? warm.floor.putItem.median : warm.floor.getItem.median;
    const factor = route.latency.median / floor;
    const unexpected = route.unexpected.length > 0 ? ` (${route.unexpected.length} unexpected answers: ${route.unexpected.slice(0, 2).map((u) => u.status).join(', ')})` : '';
    line(
      `| ${route.name} \`${route.routeKey}\`${route.items !== undefined ? ` (${route.items} items)` : ''} | ${route.kind} | ${ms(route.latency.median, 2)} | ${ms(route.latency.p99, 2)} | ${spread(route.latency, 2)} | ${route.latency.n} | ${x(factor)} ${route.kind === 'write' ? '(of PutItem)' : ''} | ${route.calls.dynamodbCalls} | ${route.kind === 'read' ? verdict(factor <= READ_TARGET_FACTOR, `${x(factor)}`) : route.kind === 'report' ? `no latency target; ${verdict(route.calls.dynamodbCalls <= 20, `${route.calls.dynamodbCalls} calls`)} (≤ 20 calls)` : 'no target'}${unexpected} |`,
    );
  }
  line();
  line(
    `HTTP adapter overhead (JWT verification, event building, Node HTTP on localhost): the status route over HTTP p50 ${ms(warm.http.overHttp.median, 2)} ms (IQR ${spread(warm.http.overHttp, 2)}) vs in-process ${ms(warm.http.inProcess.median, 2)} ms (IQR ${spread(warm.http.inProcess, 2)}) → **${ms(warm.http.overhead, 2)} ms** per request.`,
  );
  if (readMisses.length > 0) {
    line();
    for (const route of readMisses) line(`- ${route.name} misses by ${x(readFactor(route.latency.median) / READ_TARGET_FACTOR)} of the target: ${route.calls.dynamodbCalls} sequential DynamoDB calls (${route.sequence.join(' → ')}) plus the middleware.`);
  }
  line();

  // --- 4. Throughput -------------------------------------------------------------------------------------------
  line('## 4. End-to-end throughput of the local platform');
  line();
  line(`Over HTTP against \`startPlatform\` (in the bench process): each applicant submits (distinct plate and address),`);
  line(`polls \`GET /applications/{id}\` every ${throughput.pollIntervalMs} ms, pays with \`POST /sandbox-pay/{paymentId}\` as soon as the`);
  line('payment link is there, and polls until `completed` (permit PDF issued, notification sent). Completion time has a');
  line(`resolution of one poll interval; the polls are part of the load, as browsers would poll. One Node process runs the`);
  line('HTTP adapter, every handler and the Step Functions engine; DynamoDB Local runs in a JVM on the same cores.');
  line();
  line('| concurrent applicants | applications | completed | failed | wall s | applications/s | completion p50 s | p99 s | IQR s | submit p50 ms (IQR) |');
  line('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const level of throughput.levels) {
    line(
      `| ${level.concurrency} | ${level.applications} | ${level.completed} | ${level.failed} | ${(level.wallMs / 1000).toFixed(1)} | **${level.perSecond.toFixed(2)}** | ${(level.completion.median / 1000).toFixed(2)} | ${(level.completion.p99 / 1000).toFixed(2)} | ${(level.completion.p25 / 1000).toFixed(2)}–${(level.completion.p75 / 1000).toFixed(2)} | ${ms(level.submitLatency.median)} (${spread(level.submitLatency)}) |`,
    );
    if (level.errors.length > 0) line(`|  | errors: ${level.errors.join('; ').replace(/\|/g, '/')} | | | | | | | | |`);
  }
  line();

  // --- 5. AWS calls --------------------------------------------------------------------------------------------
  line('## 5. AWS calls per request and per application');
  line();
  line('Every SDK call in the bench process goes through one patch of `Client.prototype.send` (`@smithy/core`), which');
  line("attributes it to the invoked function (the surrounding benchmark label, else the handler module on the async stack)");
  line("and sends DynamoDB requests with `ReturnConsumedCapacity: INDEXES`, so read/write units are DynamoDB Local's own");
  line('count, GSI writes included (a refused conditional write is estimated from the item size).');
  line();
  line('### Per request (median invocation of benchmark 3)');
  line();
  line('| route | DynamoDB calls (reads / writes) | RRU | WRU | other AWS calls | sequence | target | verdict |');
  line('| --- | ---: | ---: | ---: | --- | --- | --- | --- |');
  for (const route of warm.routes) {
    const other = Object.entries(route.calls.byOperation)
      .filter(([key]) => !key.startsWith('DynamoDB:'))
      .map(([key, count]) => `${key}${count > 1 ? ` ×${count}` : ''}`)
      .join(', ');
    const target = callTarget(route.kind);
    line(
      `| ${route.name} | ${route.calls.dynamodbCalls} (${route.calls.dynamodbReads} / ${route.calls.dynamodbWrites})${route.maxDynamodbCalls > route.calls.dynamodbCalls ? `, max ${route.maxDynamodbCalls}` : ''} | ${round(route.calls.rru, 1)} | ${round(route.calls.wru, 1)} | ${other || '—'} | ${route.sequence.join(' → ')} | ≤ ${target} | ${verdict(route.calls.dynamodbCalls <= target, `+${route.calls.dynamodbCalls - target}`)} |`,
    );
  }
  if (callMisses.length > 0) {
    line();
    line('Why routes need more calls than the target (each row\'s sequence is what the route does, in order):');
    for (const route of callMisses) {
      line(`- **${route.name}** +${route.calls.dynamodbCalls - callTarget(route.kind)}: ${CALL_REASONS[route.name] ?? 'reads that check before writing, the write, and follow-ups the write cannot return.'}`);
    }
  }
  line();
  line("Not in these sequences: every route that acts for a caller also checks that the caller's tenant is not deactivated");
  line("(`functions/core/tenant-status.ts`: one strongly consistent GetItem of the tenant's profile, 1 RRU). A warm container");
  line('asks once per tenant every 5 s, so the median invocation does not contain it; where the read falls into a sample it');
  line('shows as the `max` of the row.');
  line();
  line('### Per application: one complete resident parking permit');
  line();
  line('Submit → the citizen opens the status page once (payment link) → pays in the sandbox → the signed webhook →');
  line('checks → automatic approval → permit PDF (S3) → notification → the citizen downloads the PDF once (presigned URL).');
  line(`Median of ${calls.applications} application(s); end to end ${ms(calls.endToEndMs.median / 1000, 2)} s (IQR ${(calls.endToEndMs.p25 / 1000).toFixed(2)}–${(calls.endToEndMs.p75 / 1000).toFixed(2)} s).`);
  line();
  line('| function | trigger | SDK calls | DynamoDB (R / W) | RRU | WRU | S3 | SFN | SES |');
  line('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const fn of calls.byFunction) {
    const t = fn.totals;
    line(`| ${fn.label} | ${fn.trigger} | ${t.calls} | ${t.dynamodbCalls} (${t.dynamodbReads} / ${t.dynamodbWrites}) | ${round(t.rru, 1)} | ${round(t.wru, 1)} | ${t.s3Requests} | ${t.sfnCalls} | ${t.sesCalls} |`);
  }
  const t = calls.total;
  line(`| **total** | | **${t.calls}** | **${t.dynamodbCalls}** (${t.dynamodbReads} / ${t.dynamodbWrites}) | **${round(t.rru, 1)}** | **${round(t.wru, 1)}** | **${t.s3Requests}** (${t.s3Put} PUT, ${t.s3Get} GET) | **${t.sfnCalls}** | **${t.sesCalls}** |`);
  line();
  line(`- Step Functions (Standard): **${calls.workflow.stateTransitions} state transitions**, ${calls.workflow.lambdaTasks} Lambda tasks, ${calls.workflow.events} history events (GetExecutionHistory of the local endpoint).`);
  line(`- Lambda invocations: **${calls.invocations.http + calls.workflow.lambdaTasks}** = ${calls.invocations.http} behind API Gateway (submit, status, webhook, download link) + ${calls.workflow.lambdaTasks} workflow tasks; the sandbox checkout page (${calls.invocations.httpDevOnly}) is dev-only and not counted.`);
  line(`- Workflow task durations (local, Started → Succeeded/Submitted): median ${ms(calls.taskDuration.median)} ms (IQR ${spread(calls.taskDuration)}), ${calls.workflow.taskDurations.map((task) => `${task.state} ${Math.round(task.ms)}`).join(', ')} ms.`);
  line(`- Outside the SDK count: 1 S3 GET through the presigned URL (the download); in AWS, 1 \`kms:Sign\` per issued PDF (locally signed with a key file); STS \`AssumeRole\` once per tenant and warm container for tenant-scoped functions (free).`);
  line(`- SDK calls not attributable to a function: ${calls.unattributed}.`);
  line(
    `- **Scan**: ${scans} Scan calls counted in the whole run; ${projectScans.length === 0 ? 'no project code imports a Scan command' : `Scan referenced by ${projectScans.map((fn) => fn.module).join(', ')}`}. The SDK's \`ScanCommand\` class is still in ${bundles.functions.filter((fn) => fn.scanCommandPresent).length} of ${bundles.functions.length} bundles: \`@aws-sdk/lib-dynamodb\` has no \`sideEffects: false\`, so its paginators (and the command classes they reference) are kept although nothing calls them.`,
  );
  const unused = unusedClients(figures);
  if (unused.length > 0) {
    line();
    line('**SDK clients in the bundle that the benchmarked paths never called** (KMS and Secrets Manager excluded: the local');
    line('runtime replaces them). Some serve other paths (a proof upload, a retry; presigning a URL makes no request); the');
    line('ones that only arrive **through the service catalogue** are never needed by that function — bytes and import time');
    line('for nothing:');
    line();
    for (const entry of unused) {
      line(`- ${entry.module}: ${entry.clients.map((client, i) => `${client.replace('@aws-sdk/', '')} (via ${entry.chains[i]})${/services\/catalog/.test(entry.chains[i] ?? '') ? ' — **through the service catalogue**' : ''}`).join('; ')}`);
    }
  }
  line();

  // --- 6. Cost -------------------------------------------------------------------------------------------------
  line('## 6. Cost per 1,000 applications (eu-central-1)');
  line();
  line(`From the counts of 5 and \`bench/prices.json\` (${cost.prices.asOf}; ${cost.prices.status}). Lambda: ${cost.lambda.invocations} invocations`);
  line(`per application at ${Math.round(cost.memoryGb * 1024)} MB arm64, ${cost.lambda.billedMs} ms billed duration (workflow tasks from the execution`);
  line(`history, HTTP functions from benchmark 3) plus the INIT phase (billed since 2025-08) of ${ms(cost.lambda.initMs, 0)} ms (median import time of`);
  line(`the bundles, benchmark 2) for the share of cold invocations. Durations on this machine understate a 512 MB Lambda`);
  line(`(≈ 0.3 vCPU); were every duration 3× as long, the figure below would be ${usd(cost.perThousand.inScopeSlowLambda, 3)} instead of ${usd(cost.perThousand.inScope, 3)}.`);
  line();
  line('| service | what | quantity / application | unit price | $ per 1,000 applications | share |');
  line('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const item of [...cost.lines].sort((a, b) => b.perApplication - a.perApplication)) {
    line(
      `| ${item.service}${item.inScope ? '' : ' ⁺'} | ${item.what} | ${round(item.quantity, 4)} | ${item.unitPrice.toPrecision(3)} | ${usd(item.perApplication * 1000, 4)} | ${pct(item.perApplication / (cost.perThousand.allIn / 1000))} |`,
    );
  }
  line();
  if (cost.perThousand.inScope >= COST_TARGET_PER_1000) {
    const sfn = cost.lines.find((item) => item.service === 'Step Functions');
    const wru = cost.lines.find((item) => item.service === 'DynamoDB' && item.what.startsWith('write'));
    const writers = calls.byFunction.filter((fn) => fn.totals.wru > 0).sort((a, b) => b.totals.wru - a.totals.wru).slice(0, 4);
    line(`**Why it misses**: two lines make ${pct(((sfn?.perApplication ?? 0) + (wru?.perApplication ?? 0)) / (cost.perThousand.inScope / 1000))} of it.`);
    line(
      `- Step Functions Standard: ${calls.workflow.stateTransitions} transitions for a permit that needs no human step — ${usd((sfn?.perApplication ?? 0) * 1000, 3)} per 1,000 on its own, ${pct((sfn?.perApplication ?? 0) * 1000 / COST_TARGET_PER_1000)} of the target. Every step and every recorded status change is a Lambda task state of its own (${calls.workflow.taskDurations.map((task) => task.state).join(', ')}); the rest are Pass, Choice and Succeed states.`,
    );
    line(
      `- DynamoDB writes: ${round(calls.total.wru, 0)} write units per application (${usd((wru?.perApplication ?? 0) * 1000, 3)} per 1,000) for ${calls.total.dynamodbWrites} write calls: ${round(calls.total.wruTransactions, 0)} of them in transactions (each item counts double), ${round(calls.total.wruIndexes, 0)} for entries of GSI1/GSI2 (projection ALL: every rewrite of the application item rewrites its index copies, and a status change moves its GSI2 entry). Largest writers: ${writers.map((fn) => `${fn.label} ${round(fn.totals.wru, 0)} WRU in ${fn.totals.dynamodbWrites} write${fn.totals.dynamodbWrites === 1 ? '' : 's'}`).join('; ')}.`,
    );
    line();
  }
  line(`**Per 1,000 applications: ${usd(cost.perThousand.inScope, 3)}** for Lambda, Step Functions, DynamoDB and S3 (${Math.round(cost.coldShare * 100)} % cold starts; ${usd(cost.perThousand.inScopeWarm, 3)} all warm, ${usd(cost.perThousand.inScopeAllCold, 3)} all cold) — target < $${COST_TARGET_PER_1000.toFixed(2)}: ${verdict(cost.perThousand.inScope < COST_TARGET_PER_1000, `by ${usd(cost.perThousand.inScope - COST_TARGET_PER_1000, 3)}`)}.`);
  line(`All-in with ⁺ API Gateway, SES and KMS: **${usd(cost.perThousand.allIn, 3)}**.`);
  line();
  line('### A county of 450,000 residents, per year');
  line();
  line('| scenario | applications/yr | basis | variable | fixed | **total per year** |');
  line('| --- | ---: | --- | ---: | ---: | ---: |');
  for (const scenario of cost.county) {
    line(`| ${scenario.name} | ${scenario.applicationsPerYear.toLocaleString('en-US')} | ${scenario.basis} | ${usd(scenario.variablePerYear, 2)} | ${usd(scenario.fixedPerYear, 2)} | **${usd(scenario.totalPerYear, 2)}** |`);
  }
  line();
  line('Fixed per year (independent of volume): ' + cost.fixed.map((item) => `${item.what}: ${usd(item.perYear, 2)}`).join('; ') + '.');
  line('Volumes are estimates for illustration (each application priced like a resident parking permit); storage (a few GB of');
  line('DynamoDB items and PDFs: a few dollars a year), CloudWatch Logs (tens of MB a year) and Cognito (below the 10,000 MAU');
  line('free tier) are left out.');
  line();
  line('### Prices used');
  line();
  line('| key | value | unit | source | confidence |');
  line('| --- | ---: | --- | --- | --- |');
  for (const [key, price] of Object.entries(cost.prices.prices)) line(`| ${key} | ${String(price.value)} | ${price.unit} | ${price.source} | ${price.confidence} |`);
  line();
  for (const note of cost.prices.notes) line(`- ${note}`);
  line();
  for (const text of webSection(figures.web)) line(text);
  return `${out.join('\n')}\n`;
}

const CATEGORY_LABELS: Record<LighthouseCategory, string> = { performance: 'performance', accessibility: 'accessibility', 'best-practices': 'best practices' };

function lighthouseMisses(result: LighthouseResult): string[] {
  return (Object.keys(LIGHTHOUSE_TARGETS) as LighthouseCategory[])
    .filter((category) => result.scores[category].median < LIGHTHOUSE_TARGETS[category])
    .map((category) => `${result.name} ${CATEGORY_LABELS[category]} ${result.scores[category].median}`);
}

/** The rows of "Targets at a glance" for the web app. */
function webTargetRows(web: WebFigures): string[] {
  const worst = (pick: (page: WebFigures['pages'][number]) => number) => [...web.pages].sort((a, b) => pick(b) - pick(a))[0];
  const js = worst((page) => page.gzip.script);
  const css = worst((page) => page.gzip.stylesheet);
  const over = web.pages.filter((page) => page.gzip.script > JS_BUDGET_BYTES || page.gzip.stylesheet > CSS_BUDGET_BYTES);
  const thirdParty = web.pages.reduce((sum, page) => sum + page.thirdParty.length, 0);
  const misses = web.lighthouse.flatMap(lighthouseMisses);
  const scores = web.lighthouse.map((result) => `${result.name} ${result.scores.performance.median}/${result.scores.accessibility.median}/${result.scores['best-practices'].median}`).join(', ');
  const notBuilt = web.notBuilt.length > 0 ? `; not in the app yet: ${web.notBuilt.map((page) => page.name).join(', ')}` : '';
  return [
    `| 7 | page weight on first load, gzip (${web.pages.length} pages) | worst JS ${js ? `${kb(js.gzip.script)} (${js.path})` : 'n/a'}, worst CSS ${css ? `${kb(css.gzip.stylesheet)} (${css.path})` : 'n/a'} | ≤ ${kb(JS_BUDGET_BYTES)} JS, ≤ ${kb(CSS_BUDGET_BYTES)} CSS | ${verdict(over.length === 0, over.map((page) => page.path).join(', '))} |`,
    `| 7 | third-party requests | ${thirdParty} | 0 | ${verdict(thirdParty === 0, `${thirdParty} requests`)} |`,
    `| 7 | Lighthouse mobile: performance/accessibility/best practices (median of ${web.lighthouse[0]?.runs ?? 0}) | ${scores || 'not run'}${notBuilt} | ≥ ${LIGHTHOUSE_TARGETS.performance}/${LIGHTHOUSE_TARGETS.accessibility}/≥ ${LIGHTHOUSE_TARGETS['best-practices']} | ${web.lighthouse.length === 0 ? 'not run' : verdict(misses.length === 0, misses.join(', '))} |`,
  ];
}

/**
 * Section 7 alone (`npm run bench -- --web`), measured on its own machine and date, spliced into an existing
 * RESULTS.md: its rows of "Targets at a glance" and the section are replaced, the figures of sections 1–6 stay as
 * their run wrote them.
 */
export function spliceWebResults(markdown: string, web: WebFigures, machine: Machine): string {
  const lines = markdown.split('\n').filter((text) => !text.startsWith('| 7 |'));
  const cut = lines.findIndex((text) => text.startsWith('## 7. Web app'));
  const kept = cut === -1 ? lines : lines.slice(0, cut);
  const afterTargets = kept.findIndex((text, index) => index > kept.indexOf('## Targets at a glance') && text.startsWith('| 6 |') && !kept[index + 1]?.startsWith('| 6 |'));
  kept.splice(afterTargets + 1, 0, ...webTargetRows(web));
  const section = webSection(web);
  section.splice(2, 0, `Measured separately with \`npm run bench -- --web\` on ${machine.date} (code ${machine.commit}, ${machine.cpus} × ${machine.cpuModel}); sections 1–6 are from the run above.`, '');
  return `${[...kept.join('\n').trimEnd().split('\n'), '', ...section].join('\n')}\n`;
}

function webSection(web: WebFigures): string[] {
  const out: string[] = [];
  const kb1 = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  out.push('## 7. Web app: page weight and Lighthouse');
  out.push('');
  out.push(`Every page of the page table (\`web/src/pages/paths.ts\`), opened once in a fresh context (empty cache) of Debian's`);
  out.push(`chromium ${web.chromium} through Playwright at 412 × 823 px, as the role the page is for (signed in through the sign-in`);
  out.push('page\'s demo picker), until the network is idle. **gzip** = the JavaScript and CSS files the page loaded, gzipped at');
  out.push('level 9 (the budget\'s measure); **sent** = bytes on the wire from the local runtime, which compresses like CloudFront');
  out.push('(brotli); requests count everything the page asked for, API calls included. Third party = any other origin.');
  out.push('');
  out.push('| page | opened as | JS gzip | CSS gzip | JS / CSS sent | fonts | requests | third party | h1 | verdict |');
  out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |');
  for (const page of web.pages) {
    const over = [page.gzip.script > JS_BUDGET_BYTES ? `JS +${kb1(page.gzip.script - JS_BUDGET_BYTES)}` : '', page.gzip.stylesheet > CSS_BUDGET_BYTES ? `CSS +${kb1(page.gzip.stylesheet - CSS_BUDGET_BYTES)}` : '']
      .filter(Boolean)
      .join(', ');
    out.push(
      `| \`${page.path}\` | ${page.user ?? 'anyone'} | ${kb1(page.gzip.script)} | ${kb1(page.gzip.stylesheet)} | ${kb1(page.bytes.script)} / ${kb1(page.bytes.stylesheet)} | ${kb1(page.bytes.font)} | ${page.requests} | ${page.thirdParty.length} | ${page.heading} | ${verdict(over === '' && page.thirdParty.length === 0, over || 'third party')} |`,
    );
  }
  out.push('');
  out.push(`Lighthouse ${web.lighthouseVersion} (npm \`lighthouse\`, its default mobile configuration: simulated slow 4G and 4× CPU`);
  out.push('slowdown) on the pages the issue names, each run in a fresh chromium started by chrome-launcher; signed-in pages get the');
  out.push('session in `sessionStorage` before the app loads. Scores are medians of the runs (range in brackets); metrics are medians.');
  out.push('On 2 shared cores the performance score moves by a few points between runs: the simulation scales the CPU time it observes.');
  out.push('');
  out.push('| page | path | runs | performance | accessibility | best practices | FCP ms | LCP ms | TBT ms | CLS | Speed Index ms | verdict |');
  out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  const range = (summary: Summary) => (summary.n > 1 ? ` (${summary.min}–${summary.max})` : '');
  for (const result of web.lighthouse) {
    const misses = lighthouseMisses(result);
    out.push(
      `| ${result.name} | \`${result.path}\` | ${result.runs} | ${result.scores.performance.median}${range(result.scores.performance)} | ${result.scores.accessibility.median}${range(result.scores.accessibility)} | ${result.scores['best-practices'].median}${range(result.scores['best-practices'])} | ${Math.round(result.metrics.fcp)} | ${Math.round(result.metrics.lcp)} | ${Math.round(result.metrics.tbt)} | ${result.metrics.cls.toFixed(3)} | ${Math.round(result.metrics.speedIndex)} | ${verdict(misses.length === 0, misses.join(', '))} |`,
    );
  }
  for (const page of web.notBuilt) out.push(`| ${page.name} | \`${page.path}\` | — | not in the app yet | | | | | | | | — |`);
  out.push('');
  return out;
}
