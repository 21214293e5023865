/**
 * How much each benchmark does. `full` is `npm run bench` (aim: < 10 min on 2 cores); `tiny` runs every benchmark
 * once with minimal sizes, so `npm test` notices when a benchmark rots.
 */
export interface BenchSize {
  name: 'tiny' | 'full';
  /** Handler modules to bundle; undefined = every `*.handler.ts`. */
  bundleModules?: string[];
  /** Fresh processes per function for cold initialisation (the issue asks for ≥ 20). */
  coldRuns: number;
  /** Cold-start only these functions (undefined = every bundled function). */
  coldModules?: string[];
  /** Measured invocations per route in-process, after `warmup` unmeasured ones. */
  warmIterations: number;
  warmup: number;
  /** Raw GetItem/PutItem round trips for the floor. */
  floorIterations: number;
  /** Concurrency levels and applications per level for end-to-end throughput. */
  throughput: Array<{ concurrency: number; applications: number }>;
  /** Complete applications counted call by call. */
  countedApplications: number;
  /** Lighthouse runs per page the issue names (the median is reported), and which of them (undefined = all). */
  lighthouseRuns: number;
  lighthousePages?: string[];
  /** Pages of the page table weighed on first load (undefined = every page). */
  weighedPages?: string[];
}

export const FULL: BenchSize = {
  name: 'full',
  coldRuns: 20,
  warmIterations: 60,
  warmup: 5,
  floorIterations: 300,
  throughput: [
    { concurrency: 1, applications: 8 },
    { concurrency: 8, applications: 32 },
    { concurrency: 32, applications: 96 },
  ],
  countedApplications: 3,
  lighthouseRuns: 3,
};

export const TINY: BenchSize = {
  name: 'tiny',
  bundleModules: ['core/health.handler', 'applications/get-application.handler'],
  coldRuns: 1,
  coldModules: ['core/health.handler', 'applications/get-application.handler'],
  warmIterations: 1,
  warmup: 0,
  floorIterations: 3,
  throughput: [{ concurrency: 1, applications: 1 }],
  countedApplications: 1,
  lighthouseRuns: 1,
  lighthousePages: ['sign-in'],
  // One page per kind of user and the heaviest chunks (form, case), so a change that breaks weighing shows up here.
  weighedPages: ['/', '/dienste/:serviceId/antrag', '/sachbearbeitung', '/fortbildung', '/verwaltung'],
};

export function sizeFromEnvironment(value = process.env.BENCH_SIZE): BenchSize {
  return value === 'tiny' ? TINY : FULL;
}
