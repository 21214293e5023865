/**
 * Runs one execution with aws-local-stepfunctions and keeps its record (status, history, journal) current.
 *
 * Every Task and Wait state is served by an override of this class. Each completed task is journaled, which
 * makes a restart a deterministic replay: the definition runs again from the start, and a task that already
 * completed returns its journaled result (or throws its journaled error) without invoking Lambda; a task that
 * was waiting for a token re-registers the same token; a Wait continues with the remaining time. Library events
 * already in the history are recognised by key and not recorded twice, so the history continues seamlessly.
 */
import { createHash } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { unqualifiedFunctionArn } from './arns.ts';
import {
  CONTEXT_INPUT,
  CONTEXT_START_TIME,
  ENVELOPE_HEARTBEAT,
  ENVELOPE_PARAMETERS,
  ENVELOPE_TIMEOUT,
  ENVELOPE_WAIT_SECONDS,
  ENVELOPE_WAIT_TIMESTAMP,
  type PreparedMachine,
  type TaskStateInfo,
  type WaitStateInfo,
} from './definition.ts';
import { appendEvent, json, machineEventKey, StateEventTranslator, TaskEvents, type NewEvent } from './history.ts';
import type { EventLog, LibraryJson, Overrides } from './library-types.ts';
import type { ExecutionRecord, ExecutionStatus, JsonValue, Logger, TaskJournalEntry, TaskOutcome, WaitJournalEntry } from './model.ts';
import { isTimeoutError, setDeadline, timeoutError, type TimeoutErrorName } from './timers.ts';
import type { TaskTokenRegistry, TokenDelivery, TokenEntry } from './tokens.ts';

export interface RunDependencies {
  machine: PreparedMachine;
  record: ExecutionRecord;
  tokens: TaskTokenRegistry;
  roleArn: string;
  invokeLambda(functionArn: string, payload: unknown): Promise<unknown>;
  save(record: ExecutionRecord): Promise<void>;
  logger: Logger;
}

interface ExecutionEnd {
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  output?: string;
  error?: string;
  cause?: string;
}

/** Task input after unwrapping the envelope of definition.ts. */
interface TaskCall {
  parameters: JsonValue;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
}

interface GuardOptions {
  /** Epoch ms at which the task fails with States.Timeout. */
  deadline?: number;
  heartbeat?: { seconds: number; since: number; token: TokenEntry };
  /** Claims the task for the timeout; false when the task completed meanwhile (its outcome is on its way). */
  claimForTimeout?: () => boolean;
}

/**
 * An error aws-local-stepfunctions neither retries nor catches (it reads `isRetryable`/`isCatchable`), like
 * States.Runtime in AWS. Also used to unwind pending tasks when a run is interrupted.
 */
class UncatchableError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(message: string) {
    super(message);
    this.name = 'States.Runtime';
  }
}

class RunInterrupted extends UncatchableError {
  constructor() {
    super('The execution was interrupted');
  }
}

export class ExecutionRun {
  private state: 'running' | 'interrupted' | 'finished' = 'running';
  /** Journal entries recorded before this run started are the ones replay may use. */
  private readonly replayableTasks: number;
  private readonly completedAtStart: Set<number>;
  private readonly consumedTasks = new Set<number>();
  private readonly replayableWaits: number;
  private readonly waitOccurrences = new Map<string, number>();
  /** States whose last failure was replayed: their Retry must not wait again. */
  private readonly replayedFailures = new Set<string>();
  /** Keys of library events recorded before the restart (a multiset), skipped when the replay emits them again. */
  private readonly recordedMachineEvents = new Map<string, number>();
  private readonly pendingInterrupts = new Set<(error: Error) => void>();
  private readonly translator: StateEventTranslator;
  private abortLibrary: (() => void) | undefined;
  private cancelExecutionTimeout: (() => void) | undefined;

  constructor(private readonly deps: RunDependencies) {
    const { journal, machineEventKeys } = deps.record;
    this.replayableTasks = journal.tasks.length;
    this.completedAtStart = new Set(journal.tasks.flatMap((entry, index) => (entry.outcome ? [index] : [])));
    this.replayableWaits = journal.waits.length;
    this.translator = new StateEventTranslator((name) => deps.machine.waits.has(name));
    for (const key of machineEventKeys) this.recordedMachineEvents.set(key, (this.recordedMachineEvents.get(key) ?? 0) + 1);
  }

  private get record(): ExecutionRecord {
    return this.deps.record;
  }

  /** Runs the execution to its end (or until interrupted); never rejects. */
  async run(): Promise<void> {
    const { machine } = this.deps;
    if (machine.timeoutSeconds !== undefined) {
      const deadline = this.record.startDate + machine.timeoutSeconds * 1000;
      this.cancelExecutionTimeout = setDeadline(deadline, () => {
        void this.end({ status: 'TIMED_OUT', error: 'States.Timeout', cause: `The execution ran longer than ${machine.timeoutSeconds} seconds` });
      });
    }
    const library = new StateMachine(machine.runnable, { validationOptions: { noValidate: true } });
    const execution = library.run(JSON.parse(this.record.input) as LibraryJson, {
      overrides: this.overrides(),
      context: this.context(),
      noThrowOnAbort: true,
    });
    this.abortLibrary = execution.abort;
    const recorded = this.recordMachineEvents(execution.eventLogs);
    const outcome = await execution.result.then(
      (output) => ({ output: output as JsonValue }),
      (error: unknown) => ({ error }),
    );
    await recorded;
    if ('error' in outcome) await this.end(failureEnd(outcome.error));
    else await this.end({ status: 'SUCCEEDED', output: json(outcome.output) });
  }

  /** StopExecution: the execution ends ABORTED. */
  stop(error?: string, cause?: string): Promise<void> {
    return this.end({ status: 'ABORTED', ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) });
  }

  /** Shutdown: the run stops without changing the record, so the execution resumes on the next start. */
  interrupt(): void {
    if (this.state !== 'running') return;
    this.state = 'interrupted';
    this.unwind();
  }

  private async end(end: ExecutionEnd): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'finished';
    this.unwind();
    const record = this.record;
    Object.assign(record, { status: end.status, stopDate: Date.now() });
    if (end.output !== undefined) record.output = end.output;
    if (end.error !== undefined) record.error = end.error;
    if (end.cause !== undefined) record.cause = end.cause;
    appendEvent(record, endEvent(end));
    this.deps.tokens.closeAllOf(record.executionArn);
    this.deps.logger.info('Execution ended', { executionArn: record.executionArn, status: end.status });
    await this.deps.save(record);
  }

  /** Stops the library and settles every pending task, so no timer or promise outlives the run. */
  private unwind(): void {
    this.cancelExecutionTimeout?.();
    this.abortLibrary?.();
    const interrupted = new RunInterrupted();
    for (const interrupt of [...this.pendingInterrupts]) interrupt(interrupted);
    this.pendingInterrupts.clear();
  }

  private ensureRunning(): void {
    if (this.state !== 'running') throw new RunInterrupted();
  }

  private save(): void {
    void this.deps.save(this.record);
  }

  private emit(event: NewEvent): void {
    if (this.state !== 'running') return;
    appendEvent(this.record, event);
    this.save();
  }

  private context(): Record<string, unknown> {
    const { record, machine } = this.deps;
    return {
      Execution: {
        Id: record.executionArn,
        Name: record.name,
        RoleArn: this.deps.roleArn,
        RedriveCount: 0,
        [CONTEXT_INPUT]: JSON.parse(record.input) as JsonValue,
        [CONTEXT_START_TIME]: new Date(record.startDate).toISOString(),
      },
      StateMachine: { Id: machine.arn, Name: machine.name },
      Task: { Token: record.tokenPlaceholder },
    };
  }

  private overrides(): Overrides {
    const handlers: Record<string, (input: JsonValue) => Promise<JsonValue>> = {};
    for (const task of this.deps.machine.tasks.values()) handlers[task.name] = (input) => this.runTask(task, input);
    for (const wait of this.deps.machine.waits.values()) handlers[wait.name] = (input) => this.runWait(wait, input);
    // Read by the library when a Retry fires; a replayed failure is retried at once.
    const retryIntervalOverrides = {};
    for (const name of this.deps.machine.retryStates) {
      Object.defineProperty(retryIntervalOverrides, name, { enumerable: true, get: () => (this.replayedFailures.has(name) ? 0 : undefined) });
    }
    return { taskResourceLocalHandlers: handlers as Overrides['taskResourceLocalHandlers'], retryIntervalOverrides };
  }

  private async recordMachineEvents(events: AsyncGenerator<EventLog>): Promise<void> {
    for await (const event of events) {
      if (this.state !== 'running') continue;
      const key = machineEventKey(event);
      if (key === undefined || this.wasRecordedBeforeRestart(key)) continue;
      this.record.machineEventKeys.push(key);
      for (const historyEvent of this.translator.translate(event)) appendEvent(this.record, historyEvent);
      this.save();
    }
  }

  private wasRecordedBeforeRestart(key: string): boolean {
    const count = this.recordedMachineEvents.get(key) ?? 0;
    if (count === 0) return false;
    this.recordedMachineEvents.set(key, count - 1);
    return true;
  }

  // ---- Task states -------------------------------------------------------------------------------------------

  private async runTask(info: TaskStateInfo, input: JsonValue): Promise<JsonValue> {
    this.ensureRunning();
    // The library queues TaskStateEntered just before calling us; one macrotask later it is in the history,
    // so our Task events follow it.
    await new Promise((resolve) => setImmediate(resolve));
    this.ensureRunning();
    const inputHash = createHash('sha256').update(JSON.stringify(input)).digest('base64url');
    const journaled = this.takeJournaledTask(info.name, inputHash);
    if (journaled && this.completedAtStart.has(journaled.index)) {
      return this.replayOutcome(info.name, journaled.entry.outcome as TaskOutcome);
    }
    // Live from here on; a journaled entry without outcome was in flight at the restart and is continued.
    this.replayedFailures.delete(info.name);
    const call = unwrapTaskInput(info, input);
    const entry = journaled?.entry ?? this.journalTask(info.name, inputHash);
    if (info.kind === 'lambda-wait-for-token') return this.runTokenTask(info, entry, call, journaled !== undefined);
    entry.startedAt = Date.now();
    return this.runLambdaTask(info, entry, call);
  }

  /** The journaled entry for this call: same state and input, else (inputs with random parts) the next one of the state. */
  private takeJournaledTask(state: string, inputHash: string): { entry: TaskJournalEntry; index: number } | undefined {
    const candidates = this.record.journal.tasks
      .slice(0, this.replayableTasks)
      .map((entry, index) => ({ entry, index }))
      .filter(({ entry, index }) => entry.state === state && !this.consumedTasks.has(index));
    const found = candidates.find(({ entry }) => entry.inputHash === inputHash) ?? candidates[0];
    if (found) this.consumedTasks.add(found.index);
    return found;
  }

  private journalTask(state: string, inputHash: string): TaskJournalEntry {
    const entry: TaskJournalEntry = { state, inputHash, startedAt: Date.now() };
    this.record.journal.tasks.push(entry);
    return entry;
  }

  private replayOutcome(state: string, outcome: TaskOutcome): JsonValue {
    if ('result' in outcome) return outcome.result;
    this.replayedFailures.add(state);
    const { name, cause, timeout } = outcome.error;
    throw timeout ? timeoutError(name as TimeoutErrorName, cause) : namedError(name, cause);
  }

  private async runLambdaTask(info: TaskStateInfo, entry: TaskJournalEntry, call: TaskCall): Promise<JsonValue> {
    const events = this.taskEvents(info);
    const { functionArn, payload } = this.lambdaCall(info, call.parameters);
    this.emit(events.scheduled(call.parameters, call.timeoutSeconds));
    this.emit(events.started());
    try {
      const response = await this.guard(this.deps.invokeLambda(functionArn, payload), {
        ...deadlineOf(entry.startedAt, call.timeoutSeconds),
      });
      this.ensureRunning();
      const result = info.kind === 'lambda-invoke' ? invokeResponse(response) : toJson(response);
      entry.outcome = { result };
      this.emit(events.succeeded(result));
      return result;
    } catch (error) {
      throw this.failTask(entry, events, error);
    }
  }

  private async runTokenTask(info: TaskStateInfo, entry: TaskJournalEntry, call: TaskCall, resumed: boolean): Promise<JsonValue> {
    const events = this.taskEvents(info);
    const { executionArn, tokenPlaceholder } = this.record;
    const token = entry.token ? this.deps.tokens.register(entry.token, executionArn, true) : this.deps.tokens.issue(executionArn);
    entry.token = token.token;
    const parameters = replaceEverywhere(call.parameters, tokenPlaceholder, token.token);
    const { functionArn, payload } = this.lambdaCall(info, parameters);
    if (!resumed) {
      this.emit(events.scheduled(parameters, call.timeoutSeconds, call.heartbeatSeconds));
      this.emit(events.started());
    }
    // The application may store the token the moment the Lambda sees it: it must survive a crash from then on.
    await this.deps.save(this.record);
    this.ensureRunning();

    const submitThenWait = async (): Promise<TokenDelivery> => {
      if (!entry.submitted) {
        const response = await this.deps.invokeLambda(functionArn, payload);
        this.ensureRunning();
        entry.submitted = true;
        this.emit(events.submitted(invokeResponse(response)));
      }
      return token.delivered;
    };
    let delivery: TokenDelivery;
    try {
      delivery = await this.guard(submitThenWait(), {
        ...deadlineOf(entry.startedAt, call.timeoutSeconds),
        ...(call.heartbeatSeconds === undefined
          ? {}
          : { heartbeat: { seconds: call.heartbeatSeconds, since: entry.lastHeartbeatAt ?? entry.startedAt, token } }),
        claimForTimeout: () => token.close(),
      });
    } catch (error) {
      if (!this.answeredBeforeLambdaFailed(error, token)) throw this.failTask(entry, events, error);
      // The application already answered (and was told so) before its Lambda failed: the answer wins.
      delivery = await token.delivered;
    }
    return this.completeTokenTask(events, delivery);
  }

  /** True for a Lambda error that arrives after SendTaskSuccess/Failure closed the token; closes it otherwise. */
  private answeredBeforeLambdaFailed(error: unknown, token: TokenEntry): boolean {
    if (error instanceof RunInterrupted || isTimeoutError(error) || this.state !== 'running') return false;
    return !token.close();
  }

  /** The outcome of a token was journaled by the engine before it answered SendTask*; only the history is left. */
  private completeTokenTask(events: TaskEvents, delivery: TokenDelivery): JsonValue {
    this.ensureRunning();
    if (delivery.kind === 'success') {
      this.emit(events.succeeded(delivery.output));
      return delivery.output;
    }
    this.emit(events.failed(delivery.error, delivery.cause));
    throw namedError(delivery.error, delivery.cause);
  }

  /** Journals and reports a task failure; returns the error the library should see. */
  private failTask(entry: TaskJournalEntry, events: TaskEvents, error: unknown): Error {
    if (error instanceof RunInterrupted || this.state !== 'running') return new RunInterrupted();
    if (error instanceof UncatchableError) return error;
    const failure = isTimeoutError(error) ? (error as Error) : lambdaError(error);
    entry.outcome = { error: { name: failure.name, cause: failure.message, ...(isTimeoutError(failure) ? { timeout: true } : {}) } };
    this.emit(isTimeoutError(failure) ? events.timedOut(failure.name, failure.message) : events.failed(failure.name, failure.message));
    return failure;
  }

  private taskEvents(info: TaskStateInfo): TaskEvents {
    return new TaskEvents(info.kind, info.resource, this.deps.machine.region);
  }

  private lambdaCall(info: TaskStateInfo, parameters: JsonValue): { functionArn: string; payload: JsonValue } {
    const { region, account } = this.deps.machine;
    if (info.kind === 'lambda-function') return { functionArn: unqualifiedFunctionArn(info.resource, region, account), payload: parameters };
    const { FunctionName, Payload } = (parameters ?? {}) as { FunctionName?: unknown; Payload?: JsonValue };
    if (typeof FunctionName !== 'string') throw new UncatchableError(`State ${info.name}: Parameters.FunctionName is missing`);
    return { functionArn: unqualifiedFunctionArn(FunctionName, region, account), payload: Payload ?? {} };
  }

  /**
   * Awaits a task's work under its timeout and heartbeat, and lets the run interrupt it. Timeout errors are
   * instances of the library's own class, so `States.TaskFailed` does not match them (as in AWS).
   */
  private guard<T>(work: Promise<T>, options: GuardOptions): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cancels: Array<() => void> = [];
      let settled = false;
      const settle = (finish: () => void) => {
        if (settled) return;
        settled = true;
        for (const cancel of cancels) cancel();
        this.pendingInterrupts.delete(interrupt);
        finish();
      };
      const interrupt = (error: Error) => settle(() => reject(error));
      const timeOut = (name: TimeoutErrorName, cause: string) => {
        if (options.claimForTimeout?.() === false) return;
        settle(() => reject(timeoutError(name, cause)));
      };
      this.pendingInterrupts.add(interrupt);
      if (options.deadline !== undefined) {
        cancels.push(setDeadline(options.deadline, () => timeOut('States.Timeout', 'The task did not complete within its TimeoutSeconds')));
      }
      if (options.heartbeat) cancels.push(this.watchHeartbeat(options.heartbeat, timeOut));
      work.then(
        (value) => settle(() => resolve(value)),
        (error: unknown) => settle(() => reject(error)),
      );
    });
  }

  private watchHeartbeat(
    heartbeat: NonNullable<GuardOptions['heartbeat']>,
    timeOut: (name: 'States.HeartbeatTimeout', cause: string) => void,
  ): () => void {
    const fire = () => timeOut('States.HeartbeatTimeout', `No heartbeat within ${heartbeat.seconds} seconds`);
    let cancel = setDeadline(heartbeat.since + heartbeat.seconds * 1000, fire);
    heartbeat.token.onHeartbeat(() => {
      cancel();
      cancel = setDeadline(Date.now() + heartbeat.seconds * 1000, fire);
    });
    return () => cancel();
  }

  // ---- Wait states -------------------------------------------------------------------------------------------

  private async runWait(info: WaitStateInfo, input: JsonValue): Promise<JsonValue> {
    this.ensureRunning();
    const envelope = input as Record<string, JsonValue>;
    const entry = this.journaledWait(info.name);
    if (!entry.exited) {
      await this.sleepUntil(waitDeadline(info.name, envelope, entry.enteredAt));
      entry.exited = true;
      this.save();
    }
    return envelope[ENVELOPE_PARAMETERS] ?? null;
  }

  /** The n-th execution of a Wait state continues the n-th journaled one, if the execution got that far before. */
  private journaledWait(state: string): WaitJournalEntry {
    const occurrence = this.waitOccurrences.get(state) ?? 0;
    this.waitOccurrences.set(state, occurrence + 1);
    const recorded = this.record.journal.waits.slice(0, this.replayableWaits).filter((entry) => entry.state === state)[occurrence];
    if (recorded) return recorded;
    const entry: WaitJournalEntry = { state, enteredAt: Date.now(), exited: false };
    this.record.journal.waits.push(entry);
    this.save();
    return entry;
  }

  private sleepUntil(deadline: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const interrupt = (error: Error) => {
        cancel();
        reject(error);
      };
      const cancel = setDeadline(deadline, () => {
        this.pendingInterrupts.delete(interrupt);
        resolve();
      });
      this.pendingInterrupts.add(interrupt);
    });
  }
}

function unwrapTaskInput(info: TaskStateInfo, input: JsonValue): TaskCall {
  const timing = {
    ...(info.timeoutSeconds === undefined ? {} : { timeoutSeconds: info.timeoutSeconds }),
    ...(info.heartbeatSeconds === undefined ? {} : { heartbeatSeconds: info.heartbeatSeconds }),
  };
  if (!info.enveloped) return { parameters: input, ...timing };
  const envelope = input as Record<string, JsonValue>;
  const timeout = envelope[ENVELOPE_TIMEOUT];
  const heartbeat = envelope[ENVELOPE_HEARTBEAT];
  return {
    parameters: envelope[ENVELOPE_PARAMETERS] ?? null,
    ...timing,
    ...(timeout === undefined ? {} : { timeoutSeconds: positiveSeconds(info.name, 'TimeoutSecondsPath', timeout) }),
    ...(heartbeat === undefined ? {} : { heartbeatSeconds: positiveSeconds(info.name, 'HeartbeatSecondsPath', heartbeat) }),
  };
}

function positiveSeconds(state: string, field: string, value: JsonValue): number {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  throw new UncatchableError(`State ${state}: ${field} must point to a positive integer, got ${JSON.stringify(value)}`);
}

function waitDeadline(state: string, envelope: Record<string, JsonValue>, enteredAt: number): number {
  const seconds = envelope[ENVELOPE_WAIT_SECONDS];
  if (seconds !== undefined) {
    if (typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= 0) return enteredAt + seconds * 1000;
    throw new UncatchableError(`State ${state}: the wait time must be a non-negative integer, got ${JSON.stringify(seconds)}`);
  }
  const timestamp = envelope[ENVELOPE_WAIT_TIMESTAMP];
  const at = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(at)) throw new UncatchableError(`State ${state}: the wait timestamp is not a valid timestamp: ${JSON.stringify(timestamp)}`);
  return at;
}

function deadlineOf(startedAt: number, timeoutSeconds: number | undefined): { deadline?: number } {
  return timeoutSeconds === undefined ? {} : { deadline: startedAt + timeoutSeconds * 1000 };
}

/** What `arn:aws:states:::lambda:invoke` returns; CDK's `OutputPath: $.Payload` picks the function's result. */
function invokeResponse(payload: unknown): JsonValue {
  return { ExecutedVersion: '$LATEST', Payload: toJson(payload), StatusCode: 200 };
}

/** Lambda serialises results as JSON; do the same so Dates, undefined, … look as they would in AWS. */
function toJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

/**
 * The error Step Functions reports for a failed Lambda: named after the Lambda error type (so Retry/Catch can
 * match it), with the function's error document as cause.
 */
function lambdaError(error: unknown): Error {
  const name = error instanceof Error ? error.name : 'Lambda.Unknown';
  const errorMessage = error instanceof Error ? error.message : String(error);
  const trace = error instanceof Error && error.stack ? error.stack.split('\n') : [];
  return namedError(name, JSON.stringify({ errorType: name, errorMessage, trace }));
}

/** The library matches Retry/Catch by `name` and reports `message` as the cause. */
function namedError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}

function failureEnd(error: unknown): ExecutionEnd {
  const inner = error instanceof Error && error.name === 'ExecutionError' && error.cause instanceof Error ? error.cause : error;
  if (inner instanceof Error) return { status: 'FAILED', error: inner.name, cause: inner.message };
  return { status: 'FAILED', error: 'States.Runtime', cause: String(inner) };
}

function endEvent(end: ExecutionEnd): NewEvent {
  const failure = { ...(end.error === undefined ? {} : { error: end.error }), ...(end.cause === undefined ? {} : { cause: end.cause }) };
  switch (end.status) {
    case 'SUCCEEDED':
      return { type: 'ExecutionSucceeded', details: { output: end.output, outputDetails: { truncated: false } } };
    case 'FAILED':
      return { type: 'ExecutionFailed', details: failure };
    case 'TIMED_OUT':
      return { type: 'ExecutionTimedOut', details: failure };
    case 'ABORTED':
      return { type: 'ExecutionAborted', details: failure };
  }
}

function replaceEverywhere(value: JsonValue, search: string, replacement: string): JsonValue {
  if (typeof value === 'string') return value.replaceAll(search, replacement);
  if (Array.isArray(value)) return value.map((item) => replaceEverywhere(item, search, replacement));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceEverywhere(item, search, replacement)]));
}
