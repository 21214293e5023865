/**
 * Timers for Task timeouts and heartbeats.
 *
 * The endpoint times tasks itself instead of leaving it to aws-local-stepfunctions, because the library cannot
 * (1) resume a timeout with the remaining time after a restart, (2) honour HeartbeatSeconds, or (3) wait longer
 * than 2^31 ms (setTimeout overflows and fires at once).
 */
import { StateMachine } from 'aws-local-stepfunctions';

/** The longest delay setTimeout accepts (~24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `fn` at `deadline` (epoch ms), even if that is further away than setTimeout can wait in one go. */
export function setDeadline(deadline: number, fn: () => void): () => void {
  let handle: NodeJS.Timeout;
  const arm = () => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return fn();
    handle = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
  };
  handle = setTimeout(arm, Math.min(Math.max(deadline - Date.now(), 0), MAX_TIMER_MS));
  return () => clearTimeout(handle);
}

type ErrorConstructor = new () => Error;
let statesTimeoutError: ErrorConstructor | undefined;

/**
 * The library exempts timeouts from the `States.TaskFailed` wildcard by `instanceof` against its own, unexported
 * StatesTimeoutError class. To raise timeouts that Retry/Catch treat exactly like the library's, obtain that class
 * once from a 1 ms probe run whose task never finishes.
 */
export async function loadStatesTimeoutError(): Promise<void> {
  if (statesTimeoutError) return;
  const probe = new StateMachine(
    {
      StartAt: 'Probe',
      States: {
        Probe: { Type: 'Task', Resource: 'arn:aws:lambda:eu-central-1:000000000000:function:probe', TimeoutSeconds: 0.001, End: true },
      },
    },
    { validationOptions: { noValidate: true } },
  );
  const run = probe.run(null, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise<never>(() => {}) } } });
  try {
    await run.result;
  } catch (error) {
    const cause = (error as Error).cause;
    if (cause instanceof Error && cause.name === 'States.Timeout') {
      statesTimeoutError = cause.constructor as ErrorConstructor;
      return;
    }
  }
  throw new Error('aws-local-stepfunctions no longer raises States.Timeout as expected; check timers.ts');
}

export type TimeoutErrorName = 'States.Timeout' | 'States.HeartbeatTimeout';

/** A `States.Timeout` or `States.HeartbeatTimeout` error that `States.TaskFailed` does not match, as in AWS. */
export function timeoutError(name: TimeoutErrorName, cause: string): Error {
  if (!statesTimeoutError) throw new Error('loadStatesTimeoutError() must run before executions start');
  const error = new statesTimeoutError();
  error.name = name;
  error.message = cause;
  return error;
}

export function isTimeoutError(error: unknown): boolean {
  return statesTimeoutError !== undefined && error instanceof statesTimeoutError;
}
