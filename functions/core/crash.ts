/**
 * Fault injection for the crash tests of the local platform (`test/integration/crash-recovery.test.ts`).
 *
 * `OPENKREIS_CRASH_AT=<point>[,<point>…]` at start, or `armCrashPoints` later, names moments at which the process is to
 * die as if killed: between two writes that belong together, where only a repair can finish the work. A request that
 * reaches an armed point is
 * parked there for good (it never answers, nothing after the point runs) and the point is announced on stderr;
 * when the last armed point has been reached, the process exits with 137 at once (no shutdown, in-flight work is lost),
 * like `kill -9`. One armed point therefore simply kills the process there; several points let one crash leave
 * several half-done operations behind, which a test then kills together.
 *
 * Honoured only by unbundled code (the local runtime and the tests): the bundler defines `OPENKREIS_BUNDLED`
 * (`infra/constructs/bundling.ts`), which turns the checks below into constants, so a Lambda bundle neither reads
 * the variable nor contains the exit — the seam is dead code there, whatever the environment says
 * (`test/infra/fault-injection.test.ts` checks the bundles).
 */
import { MissingConfiguration, optionalEnv } from './config.ts';

export const CRASH_POINTS = [
  /** The submission stored the application; its workflow has not been started. */
  'after-application-stored',
  /** The payment provider (sandbox) recorded the payer's action (paid); its confirmation has not been sent to us. */
  'after-provider-settled',
  /** The caseworker's decision is recorded; it has not been handed to the waiting workflow. */
  'after-decision-recorded',
] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

declare const OPENKREIS_BUNDLED: boolean | undefined;

function parseCrashPoints(value: string | undefined): ReadonlySet<CrashPoint> {
  const points = (value ?? '').split(',').map((point) => point.trim()).filter(Boolean);
  const unknown = points.filter((point) => !(CRASH_POINTS as readonly string[]).includes(point));
  if (unknown.length > 0) throw new MissingConfiguration(`OPENKREIS_CRASH_AT names unknown points: ${unknown.join(', ')} (known: ${CRASH_POINTS.join(', ')})`);
  return new Set(points as CrashPoint[]);
}

let armed: ReadonlySet<CrashPoint> = typeof OPENKREIS_BUNDLED === 'undefined' ? parseCrashPoints(optionalEnv('OPENKREIS_CRASH_AT')) : new Set();
const reached = new Set<CrashPoint>();

/**
 * Arms `points` from now on, instead of those of the environment: a test first brings applications to where it
 * wants them, then arms the points and triggers them (the local runtime serves it as `PUT /local/crash-points`).
 * Throws for an unknown point.
 */
export function armCrashPoints(points: readonly string[]): void {
  armed = parseCrashPoints(points.join(','));
  reached.clear();
}

/** Returns at once unless `point` is armed; an armed point never returns (see above). */
export async function crashPoint(point: CrashPoint): Promise<void> {
  // Constant in a bundle: everything below is removed there.
  if (typeof OPENKREIS_BUNDLED !== 'undefined') return;
  if (!armed.has(point)) return;
  reached.add(point);
  process.stderr.write(`OPENKREIS_CRASH_AT: reached ${point}\n`);
  if ([...armed].every((candidate) => reached.has(candidate))) process.exit(137);
  await new Promise<never>(() => undefined);
}
