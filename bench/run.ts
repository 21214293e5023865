/**
 * `npm run bench` — what serverless users care about, measured on this machine, written to `bench/RESULTS.md`:
 * 1. bundle size per function vs its SDK floor, 2. cold initialisation, 3. warm latency of the main routes,
 * 4. end-to-end throughput of the local platform, 5. AWS calls per request and per application, 6. cost, 7. the web
 * app: page weight on first load and Lighthouse (it serves `web/dist`: `npm run bench` builds it first).
 *
 * `BENCH_SIZE=tiny` runs every benchmark once with minimal sizes (what `npm test` does through
 * `test/integration/bench-smoke.test.ts`); it writes `bench/.build/RESULTS.tiny.md` unless `BENCH_OUT` says otherwise.
 * Benchmarks are not timed tests: they never fail on a missed target, they report it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { servicesUsed } from './lib/aws-calls.ts';
import { startBenchContext } from './lib/context.ts';
import { machine } from './lib/machine.ts';
import { sizeFromEnvironment, type BenchSize } from './lib/size.ts';
import { renderResults, spliceWebResults, type BenchFigures } from './report.ts';
import { runAwsCalls } from './suites/aws-calls.ts';
import { runBundleSize } from './suites/bundle-size.ts';
import { runColdInit } from './suites/cold-init.ts';
import { runCost } from './suites/cost.ts';
import { runThroughput } from './suites/throughput.ts';
import { runWarmLatency } from './suites/warm-latency.ts';
import { runWeb } from './suites/web.ts';
import { buildWeb } from '../infra/local/web-build.ts';

/** A course of `training-content/` and its first lesson, for the learner pages of the web suite. */
const LEARNER_PAGE_PARAMS = { courseId: 'e-akte-grundlagen', lessonId: 'warum-e-akte' };

const BENCH_DIR = fileURLToPath(new URL('./', import.meta.url));

export interface RunOptions {
  size: BenchSize;
  /** Where to write RESULTS.md; undefined → not written. */
  out?: string;
  /** Build directory for bundles, events and raw figures. */
  buildDir?: string;
  log?: (message: string) => void;
}

export async function runBench(options: RunOptions): Promise<{ figures: BenchFigures; markdown: string }> {
  const started = performance.now();
  const log = options.log ?? ((message: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`));
  const buildDir = options.buildDir ?? path.join(BENCH_DIR, '.build', options.size.name);
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });

  const bundles = await runBundleSize(options.size, buildDir, log);
  const ctx = await startBenchContext(options.size, log);
  let figures: BenchFigures;
  try {
    const cold = await runColdInit(ctx, bundles, buildDir);
    const warm = await runWarmLatency(ctx);
    const calls = await runAwsCalls(ctx);
    const throughput = await runThroughput(ctx);
    const cost = runCost(calls, warm, cold);
    // The status page shows a real application of the citizen the page is opened as.
    const application = await ctx.completeApplication();
    const web = await runWeb({
      baseUrl: ctx.platform.url,
      lighthouseRuns: options.size.lighthouseRuns,
      ...(options.size.lighthousePages ? { lighthousePages: options.size.lighthousePages } : {}),
      ...(options.size.weighedPages ? { weighedPages: options.size.weighedPages } : {}),
      params: { id: application.applicationId, serviceId: 'resident-parking', ...LEARNER_PAGE_PARAMS },
      log,
    });
    figures = {
      size: options.size.name,
      machine: machine(),
      elapsedMs: performance.now() - started,
      bundles,
      cold,
      warm,
      throughput,
      calls,
      cost,
      web,
      servicesUsed: servicesUsed(),
    };
  } finally {
    await ctx.stop();
  }
  const markdown = renderResults(figures);
  writeFileSync(path.join(buildDir, 'results.json'), JSON.stringify(figures, null, 2));
  if (options.out) writeFileSync(options.out, markdown);
  log(`done in ${((performance.now() - started) / 1000 / 60).toFixed(1)} min${options.out ? ` → ${path.relative(process.cwd(), options.out)}` : ''}`);
  return { figures, markdown };
}

/** `npm run bench -- --web`: only section 7, spliced into RESULTS.md (iterating on the web app takes minutes, not ten). */
async function runWebOnly(size: BenchSize, out: string): Promise<void> {
  const log = (message: string) => console.log(`[bench web] ${message}`);
  const ctx = await startBenchContext(size, log);
  try {
    const application = await ctx.completeApplication();
    const web = await runWeb({
      baseUrl: ctx.platform.url,
      lighthouseRuns: size.lighthouseRuns,
      ...(size.lighthousePages ? { lighthousePages: size.lighthousePages } : {}),
      ...(size.weighedPages ? { weighedPages: size.weighedPages } : {}),
      params: { id: application.applicationId, serviceId: 'resident-parking', ...LEARNER_PAGE_PARAMS },
      log,
    });
    writeFileSync(out, spliceWebResults(existsSync(out) ? readFileSync(out, 'utf8') : '', web, machine()));
    log(`→ ${path.relative(process.cwd(), out)}`);
  } finally {
    await ctx.stop();
  }
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const size = sizeFromEnvironment();
  const out = process.env.BENCH_OUT ?? (size.name === 'full' ? path.join(BENCH_DIR, 'RESULTS.md') : path.join(BENCH_DIR, '.build', 'RESULTS.tiny.md'));
  buildWeb()
    .then(() => (process.argv.includes('--web') ? runWebOnly(size, out) : runBench({ size, out }).then(() => undefined)))
    .then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
