/**
 * Types shared by the local Step Functions endpoint: the state machines it serves, the execution records it
 * persists, and the history events it reports in the shape of the AWS API.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface LocalStateMachine {
  arn: string;
  name: string;
  /** ASL JSON with CloudFormation intrinsics already resolved. */
  definition: object;
}

export interface Logger {
  info(msg: string, extra?: object): void;
  error(msg: string, extra?: object): void;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One event of GetExecutionHistory; `timestamp` is epoch milliseconds here and converted at the API edge. */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

/** How a Task state ended, as recorded for deterministic replay after a restart. */
export type TaskOutcome =
  | { result: JsonValue }
  | { error: { name: string; cause: string; timeout?: boolean } };

/**
 * One started Task state. Entries are appended in call order; `inputHash` (state input after Parameters) lets
 * replay find the right entry even when Map/Parallel branches call the same state in a different order.
 */
export interface TaskJournalEntry {
  state: string;
  inputHash: string;
  startedAt: number;
  /** Set for `.waitForTaskToken` tasks: the token handed to the application, kept valid across restarts. */
  token?: string;
  /** True once the Lambda that received the token has returned, so a resumed task does not invoke it again. */
  submitted?: boolean;
  lastHeartbeatAt?: number;
  outcome?: TaskOutcome;
}

export interface WaitJournalEntry {
  state: string;
  enteredAt: number;
  exited: boolean;
}

export interface ExecutionRecord {
  version: 1;
  executionArn: string;
  stateMachineArn: string;
  name: string;
  /** The input exactly as given to StartExecution (AWS compares it as a string for idempotency). */
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  /** Stands in for `$$.Task.Token` inside the library; replaced by a fresh token per waiting task. */
  tokenPlaceholder: string;
  events: HistoryEvent[];
  /** Keys of the history events derived from the library's event log, so replay can skip re-emitted ones. */
  machineEventKeys: string[];
  journal: { tasks: TaskJournalEntry[]; waits: WaitJournalEntry[] };
}
