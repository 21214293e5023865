import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The local platform as its own process, started exactly like `npm start` (`infra/local/start.ts`) on a given port
 * with its own data directory — for tests that kill it (`kill -9`) and start it again on the same data.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY = 'Ctrl-C stops everything.';

export interface ChildPlatform {
  url: string;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  exited: Promise<number | string>;
  /** Resolves when the process has announced reaching a crash point (`functions/core/crash.ts`) `times` times. */
  reached(point: string, times?: number): Promise<void>;
  /**
   * Kills the platform and every process it started, like `kill -9` (no shutdown). After the platform died by itself
   * (a crash point), what it started is given a moment to end first: its exit hook ends DynamoDB Local, which must
   * not lose the writes it acknowledged (see infra/local/emulators/dynamodb-local.ts).
   */
  kill(): Promise<void>;
}

export async function startChildPlatform(options: { port: number; dataDir: string; timeoutMs?: number }): Promise<ChildPlatform> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(options.port),
    OPENKREIS_DATA_DIR: options.dataDir,
    // The test decides when a schedule runs (POST /local/schedules/<name>/run).
    OPENKREIS_SCHEDULES: 'manual',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
  // Crash points are armed by the test when it is ready (PUT /local/crash-points).
  delete env.OPENKREIS_CRASH_AT;
  // Its own process group, so that the whole platform (DynamoDB Local's JVM included) can be killed at once.
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const changed = () => waiters.forEach((check) => check());
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    changed();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    changed();
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  exited.then(changed, changed);

  const until = (condition: () => boolean, what: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`Timed out waiting for ${what}.\nstdout:\n${stdout.slice(-2000)}\nstderr:\n${stderr.slice(-2000)}`)), timeoutMs);
      const finish = (error?: Error) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve();
      };
      const check = () => {
        if (condition()) finish();
        else if (child.exitCode !== null || child.signalCode !== null) finish(new Error(`The platform exited while waiting for ${what}.\nstderr:\n${stderr.slice(-2000)}`));
      };
      waiters.add(check);
      check();
    });

  const platform: ChildPlatform = {
    url: `http://localhost:${options.port}`,
    exited,
    reached: (point, times = 1) =>
      until(() => stderr.split(`OPENKREIS_CRASH_AT: reached ${point}`).length - 1 >= times, `crash point ${point}`, 30_000),
    kill: () => killGroup(child),
  };
  try {
    await until(() => stdout.includes(READY), 'the platform to start', options.timeoutMs ?? 120_000);
  } catch (error) {
    await platform.kill();
    throw error;
  }
  return platform;
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (child.exitCode !== null || child.signalCode !== null) {
    for (let waited = 0; waited < 10_000 && groupAlive(); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (groupAlive()) process.kill(-child.pid, 'SIGKILL');
  if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
}
