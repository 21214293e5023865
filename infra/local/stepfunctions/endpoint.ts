/**
 * The local Step Functions endpoint used by `npm start` and the integration tests instead of AWS Step Functions.
 * Handlers reach it through @aws-sdk/client-sfn with `AWS_ENDPOINT_URL_SFN=<url>`.
 *
 * It executes the state machines with aws-local-stepfunctions, maps Lambda tasks to `invokeLambda`, implements
 * the task-token callback pattern with fresh tokens per waiting task, and — with `dataDir` — persists executions
 * so that a restart resumes them where they were (see execution-run.ts).
 */
import type { AddressInfo } from 'node:net';
import { prepareMachine } from './definition.ts';
import { StepFunctionsEngine } from './engine.ts';
import { createStepFunctionsServer } from './http.ts';
import type { LocalStateMachine, Logger } from './model.ts';
import { FileExecutionStore, MemoryExecutionStore } from './store.ts';
import { loadStatesTimeoutError } from './timers.ts';

export type { LocalStateMachine, Logger } from './model.ts';

export interface StepFunctionsEndpointOptions {
  /** 0 picks a free port. */
  port: number;
  /** Defaults to 127.0.0.1; wildcard addresses are refused (the endpoint has no authentication). */
  host?: string;
  /** Persist executions here so they survive a restart; omit for memory only. */
  dataDir?: string;
  stateMachines: LocalStateMachine[];
  /** Invokes a Lambda; throws an Error whose `name` is the Lambda error type. */
  invokeLambda(functionArn: string, payload: unknown): Promise<unknown>;
  logger?: Logger;
}

export interface StepFunctionsEndpoint {
  url: string;
  port: number;
  /** Stops serving; running executions stay RUNNING (on disk) and resume on the next start. */
  close(): Promise<void>;
  /** Same as close(), for callers that stop every local service through `stop()`. */
  stop(): Promise<void>;
}

const consoleLogger: Logger = {
  info: (msg, extra) => console.log(`[stepfunctions] ${msg}`, extra ?? ''),
  error: (msg, extra) => console.error(`[stepfunctions] ${msg}`, extra ?? ''),
};

export async function startStepFunctionsEndpoint(options: StepFunctionsEndpointOptions): Promise<StepFunctionsEndpoint> {
  const host = options.host ?? '127.0.0.1';
  if (['0.0.0.0', '::', '[::]', ''].includes(host)) throw new Error(`Refusing to listen on the wildcard address ${host}`);
  const logger = options.logger ?? consoleLogger;
  await loadStatesTimeoutError();
  const machines = options.stateMachines.map(prepareMachine);
  const store = options.dataDir ? await FileExecutionStore.open(options.dataDir, logger) : new MemoryExecutionStore();
  const engine = new StepFunctionsEngine({ machines, store, invokeLambda: options.invokeLambda, logger });
  await engine.resume();

  const server = createStepFunctionsServer(engine, logger);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info('Step Functions endpoint listening', { url, stateMachines: machines.map((m) => m.name) });

  const close = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // The SDK keeps connections alive; without this, close() would wait for them to time out.
      server.closeAllConnections();
    });
    await engine.shutdown();
  };
  return { url, port, close, stop: close };
}
