import type { Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** What every launcher returns: where the emulator listens and how to end it. */
export interface RunningEmulator {
  /** Base URL for SDK clients, e.g. `http://127.0.0.1:8000`. */
  readonly endpoint: string;
  readonly port: number;
  /** Stops the emulator and resolves once its port is released. Safe to call twice. */
  stop(): Promise<void>;
}

/** All emulators listen on the loopback interface only: local data must never be reachable from the network. */
export const LOOPBACK = '127.0.0.1';

export function endpointFor(port: number): string {
  return `http://${LOOPBACK}:${port}`;
}

/**
 * A port that was free a moment ago. The OS picks it (listen on 0), so parallel test files do not collide the way
 * fixed or random ports do; the small window between closing and the emulator binding it is acceptable for tests.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await listen(server, 0);
  const address = server.address();
  await closeServer(server);
  if (address === null || typeof address === 'string') throw new Error('Could not determine a free port');
  return address.port;
}

/** Listens on the loopback interface; rejects (instead of emitting an unhandled 'error') when the port is taken. */
export async function listen(server: Server | HttpServer, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
}

/**
 * Fails fast when something already listens on the port. Needed for emulators in child processes: their readiness
 * probe would otherwise be answered by the old process (e.g. a DynamoDB Local left over from an earlier run).
 */
export async function assertPortFree(port: number): Promise<void> {
  const server = createServer();
  try {
    await listen(server, port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new Error(`Port ${port} on ${LOOPBACK} is already in use (an emulator left over from an earlier run?)`);
  } finally {
    await closeServer(server);
  }
}

export interface WaitForOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Ends the wait early, e.g. when the emulator process has already died. */
  signal?: AbortSignal;
  /** Named in the timeout error, e.g. "DynamoDB Local to answer ListTables". */
  description?: string;
}

/**
 * Polls `probe` until it returns something other than `false` without throwing, and returns that value.
 * The last error of the probe is attached as `cause` of the timeout, because it usually says why (e.g. ECONNREFUSED).
 */
export async function waitFor<T>(probe: () => Promise<T> | T, options: WaitForOptions): Promise<Exclude<T, false>> {
  const { timeoutMs, intervalMs = 100, signal, description = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const result = await probe();
      if (result !== false) return result as Exclude<T, false>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`, { cause: lastError });
    }
    await sleep(intervalMs);
  }
}

/** Closes a server and its idle keep-alive connections, which would otherwise delay `close` by seconds. */
export async function closeServer(server: Server | HttpServer): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  if ('closeAllConnections' in server) server.closeAllConnections();
  await closed;
}
