import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TINY } from '../../bench/lib/size.ts';
import { runBench } from '../../bench/run.ts';
import { PAGE_PATHS } from '../../web/src/pages/paths.ts';

/**
 * Benchmarks are not timed tests: `npm run bench` runs them on demand. This runs each of them once with the tiny size
 * (its own platform on free ports, two functions bundled, one run each) so that a change elsewhere cannot silently
 * break a benchmark. It asserts that every benchmark produced numbers, never what the numbers are.
 */
const buildDir = mkdtempSync(path.join(tmpdir(), 'openkreis-bench-'));
afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

describe('npm run bench (tiny size)', () => {
  it('runs every benchmark once and produces a figure for each', { timeout: 240_000 }, async () => {
    const { figures, markdown } = await runBench({ size: TINY, buildDir, log: () => undefined });

    // 1. bundle size vs the SDK floor
    expect(figures.bundles.functions.map((fn) => fn.module).sort()).toEqual([...TINY.bundleModules!].sort());
    for (const fn of figures.bundles.functions) expect(fn.bytes).toBeGreaterThan(1000);
    const withSdk = figures.bundles.functions.find((fn) => fn.module === 'applications/get-application.handler')!;
    expect(withSdk.floorBytes).toBeGreaterThan(100_000);
    expect(withSdk.ratio).toBeGreaterThan(1);

    // 2. cold initialisation: the functions, their floors and hello-world answered in fresh processes
    for (const name of [...TINY.coldModules!, 'hello-world', `floor:${withSdk.floorKey}`]) {
      const target = figures.cold.targets[name]!;
      expect(target.import.n).toBe(1);
      expect(target.ready.median).toBeGreaterThan(0);
      expect(Object.keys(target.outcomes)).toEqual(['200']);
    }

    // 3. warm latency of the main routes and the GetItem/PutItem floor
    expect(figures.warm.routes.map((route) => route.name)).toEqual(['status', 'inbox', 'verify', 'kpis', 'open data', 'submit', 'enrol', 'quiz submit']);
    for (const route of figures.warm.routes) {
      expect(route.unexpected).toEqual([]);
      expect(route.latency.median).toBeGreaterThan(0);
      expect(route.calls.dynamodbCalls).toBeGreaterThan(0);
    }
    expect(figures.warm.floor.getItem.median).toBeGreaterThan(0);
    expect(figures.warm.floor.putItem.median).toBeGreaterThan(0);

    // 4. end-to-end throughput
    expect(figures.throughput.levels[0]).toMatchObject({ completed: 1, failed: 0 });
    expect(figures.throughput.levels[0]!.perSecond).toBeGreaterThan(0);

    // 5. AWS calls of one complete permit, no Scan anywhere
    expect(figures.calls.total.dynamodbCalls).toBeGreaterThan(0);
    expect(figures.calls.total.wru).toBeGreaterThan(0);
    expect(figures.calls.workflow.stateTransitions).toBeGreaterThan(0);
    expect(figures.calls.workflow.lambdaTasks).toBeGreaterThan(0);
    expect(figures.calls.scansSeen).toBe(0);

    // 6. cost
    expect(figures.cost.perThousand.inScope).toBeGreaterThan(0);
    expect(figures.cost.county.every((scenario) => scenario.totalPerYear > 0)).toBe(true);

    // 7. the web app: every page of the page table weighed on first load, Lighthouse on the sign-in page
    expect(figures.web.pages.map((page) => page.path)).toEqual(PAGE_PATHS.filter((pattern) => TINY.weighedPages!.includes(pattern)));
    expect(figures.web.pages).toHaveLength(TINY.weighedPages!.length);
    for (const page of figures.web.pages) {
      expect(page.gzip.script, page.path).toBeGreaterThan(1000);
      expect(page.gzip.stylesheet, page.path).toBeGreaterThan(1000);
      expect(page.bytes.script, page.path).toBeGreaterThan(1000);
      expect(page.requests, page.path).toBeGreaterThan(2);
      expect(page.heading, page.path).not.toBe('');
    }
    expect(figures.web.lighthouse.map((result) => result.name)).toEqual(['sign-in']);
    for (const score of Object.values(figures.web.lighthouse[0]!.scores)) expect(score.median).toBeGreaterThan(0);
    expect(figures.web.lighthouse[0]!.metrics.lcp).toBeGreaterThan(0);

    for (const heading of ['## 1. Bundle size', '## 2. Cold initialisation', '## 3. Warm latency', '## 4. End-to-end throughput', '## 5. AWS calls', '## 6. Cost', '## 7. Web app']) {
      expect(markdown).toContain(heading);
    }
  });
});
