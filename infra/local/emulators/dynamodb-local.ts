import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localClientConfig } from './aws-clients.ts';
import { assertPortFree, endpointFor, waitFor, type RunningEmulator } from './lifecycle.ts';

export interface DynamoDbLocalOptions {
  port: number;
  /** Where the SQLite file lives; without it the tables are kept in memory and lost on stop. */
  dataDir?: string;
  /** Default 30 s: DynamoDB Local is ready after ~1.2–2 s, more on a busy machine. */
  startTimeoutMs?: number;
  /** Extra JVM options, e.g. `['-Xmx512m']`. */
  javaOptions?: string[];
}

export interface RunningDynamoDbLocal extends RunningEmulator {
  /** `loopback` unless `javac` was unavailable to build the launcher: then DynamoDB Local listens on all interfaces. */
  readonly binding: 'loopback' | 'all-interfaces';
}

const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
const LAUNCHER_SOURCE = fileURLToPath(new URL(`./${LAUNCHER_CLASS}.java`, import.meta.url));
const OUTPUT_TAIL_BYTES = 8_192;

/**
 * Starts AWS's DynamoDB Local (the jar shipped inside `amplify-dynamodb-simulator`) and resolves once it answers
 * ListTables. `-sharedDb` makes every credential/region see the same tables (handlers, tests and CLI use different
 * ones).
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<RunningDynamoDbLocal> {
  const { port, dataDir, startTimeoutMs = 30_000 } = options;
  await assertPortFree(port);
  const emulator = emulatorPaths();
  const launcherClasses = await compiledLauncher(emulator);
  const workDir = await workingDirectory(dataDir);
  const child = spawn('java', javaArguments(emulator, launcherClasses, options), {
    cwd: workDir,
    // Telemetry (Pinpoint, with a persisted installation id) is sent on every start unless this variable is `0`;
    // DynamoDB Local 1.25.1 parses `-disableTelemetry` but never reads it.
    env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutputTail(child);
  const exited = exitOf(child);
  // A crashed `npm start` or test worker must not leave an orphaned JVM holding the port. SIGTERM, not SIGKILL:
  // DynamoDB Local answers a TransactWriteItems before the transaction is on disk, and a SIGKILL within milliseconds
  // loses it (measured with 1.25.1), a durability DynamoDB never breaks; on SIGTERM it closes the database cleanly.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);

  const endpoint = endpointFor(port);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await terminate(child, exited);
    if (!dataDir) await rm(workDir, { recursive: true, force: true });
  };
  try {
    await readyOrDead(endpoint, exited, output, startTimeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, binding: launcherClasses ? 'loopback' : 'all-interfaces', stop };
}

function javaArguments(emulator: EmulatorPaths, launcherClasses: string | undefined, options: DynamoDbLocalOptions) {
  const storage = options.dataDir ? ['-dbPath', path.resolve(options.dataDir)] : ['-inMemory'];
  const serverArgs = ['-port', String(options.port), '-sharedDb', '-disableTelemetry', ...storage];
  const main = launcherClasses
    ? ['-cp', [emulator.jar, launcherClasses].join(path.delimiter), LAUNCHER_CLASS]
    : ['-jar', emulator.jar];
  return [...(options.javaOptions ?? []), `-Djava.library.path=${emulator.lib}`, ...main, ...serverArgs];
}

/**
 * DynamoDB Local may write files (e.g. `dynamodb-local-metadata.json`) into its working directory: that is the
 * data directory, or a throw-away one for in-memory runs — never the caller's (the repository).
 */
async function workingDirectory(dataDir: string | undefined): Promise<string> {
  if (!dataDir) return mkdtemp(path.join(tmpdir(), 'openkreis-dynamodb-local-'));
  const directory = path.resolve(dataDir);
  await mkdir(directory, { recursive: true });
  return directory;
}

interface EmulatorPaths {
  jar: string;
  lib: string;
  /** `node_modules/.cache`: a project-owned place for the compiled launcher (not /tmp, which others can write to). */
  cacheDir: string;
}

function emulatorPaths(): EmulatorPaths {
  const packageJson = createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json');
  const emulatorDir = path.join(path.dirname(packageJson), 'emulator');
  return {
    jar: path.join(emulatorDir, 'DynamoDBLocal.jar'),
    lib: path.join(emulatorDir, 'DynamoDBLocal_lib'),
    cacheDir: path.join(path.dirname(packageJson), '..', '.cache', 'openkreis-dynamodb-local'),
  };
}

/**
 * Compiles the loopback launcher once per source/jar combination and returns its class directory. Compiling takes
 * ~0.9 s; running the `.java` file directly (source-file mode) would pay that on every start. Returns undefined
 * when there is no `javac` (a JRE without JDK): DynamoDB Local then starts unmodified, on all interfaces.
 */
async function compiledLauncher(emulator: EmulatorPaths): Promise<string | undefined> {
  const source = await readFile(LAUNCHER_SOURCE);
  const key = createHash('sha256').update(source).update(emulator.jar).digest('hex').slice(0, 16);
  const classesDir = path.join(emulator.cacheDir, key);
  if (existsSync(path.join(classesDir, `${LAUNCHER_CLASS}.class`))) return classesDir;

  await mkdir(emulator.cacheDir, { recursive: true });
  // Compile into a private directory and rename it into place, so parallel test workers never see half a class.
  const buildDir = await mkdtemp(path.join(emulator.cacheDir, 'build-'));
  try {
    await promisify(execFile)('javac', ['-cp', emulator.jar, '-d', buildDir, LAUNCHER_SOURCE]);
    await rename(buildDir, classesDir).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(classesDir)) throw error; // someone else won the race: theirs is identical
    });
    return classesDir;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    process.emitWarning('javac not found: DynamoDB Local will listen on all network interfaces, not only 127.0.0.1');
    return undefined;
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
}

type Exit = { code: number | null; signal: NodeJS.Signals | null } | { error: Error };

function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    child.once('error', (error) => resolve({ error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Keeps the last few KB of stdout+stderr: the reason for an early death is at the end. */
function captureOutputTail(child: ChildProcess): () => string {
  let tail = '';
  const append = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => tail.trim();
}

async function readyOrDead(endpoint: string, exited: Promise<Exit>, output: () => string, timeoutMs: number) {
  const client = new DynamoDBClient({ ...localClientConfig(endpoint), maxAttempts: 1 });
  const abort = new AbortController();
  try {
    const died = exited.then((exit) => {
      throw startFailure(exit, output());
    });
    const ready = waitFor(() => client.send(new ListTablesCommand({ Limit: 1 })), {
      timeoutMs,
      signal: abort.signal,
      description: `DynamoDB Local at ${endpoint} to answer ListTables`,
    });
    await Promise.race([ready, died]);
  } finally {
    abort.abort();
    client.destroy();
  }
}

function startFailure(exit: Exit, output: string): Error {
  if ('error' in exit) {
    const { code } = exit.error as NodeJS.ErrnoException;
    if (code === 'ENOENT') {
      return new Error('`java` was not found on PATH. DynamoDB Local needs Java: install a JDK 17 (with `javac`, ' +
        'which builds the loopback launcher), e.g. `apt-get install openjdk-17-jdk-headless` or `brew install openjdk@17`.');
    }
    return new Error(`Could not start DynamoDB Local: ${exit.error.message}`, { cause: exit.error });
  }
  const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
  return new Error(`DynamoDB Local exited with ${how} before it was ready:\n${output || '(no output)'}`);
}

async function terminate(child: ChildProcess, exited: Promise<Exit>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(forced);
}
