/**
 * The Step Functions service behind the local endpoint: state machines, executions and task tokens, with the
 * semantics of the AWS API (idempotent StartExecution, TaskTimedOut for a closed token, …). Protocol-free;
 * api.ts maps it to the AWS JSON 1.0 wire format.
 */
import { randomUUID } from 'node:crypto';
import { executionArnFor, parseArn } from './arns.ts';
import type { PreparedMachine } from './definition.ts';
import { SfnApiError } from './errors.ts';
import { ExecutionRun } from './execution-run.ts';
import { appendEvent, executionStarted } from './history.ts';
import type { ExecutionRecord, ExecutionStatus, JsonValue, Logger, TaskOutcome } from './model.ts';
import type { ExecutionStore } from './store.ts';
import { TaskTokenRegistry, type TokenDelivery, type TokenEntry } from './tokens.ts';

export interface EngineOptions {
  machines: PreparedMachine[];
  store: ExecutionStore;
  invokeLambda(functionArn: string, payload: unknown): Promise<unknown>;
  logger: Logger;
}

export interface StartExecutionRequest {
  stateMachineArn: string;
  name?: string;
  input?: string;
}

/** AWS limits: 80 characters, no whitespace, brackets, wildcards, special or control characters. */
const FORBIDDEN_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;
const MAX_INPUT_BYTES = 256 * 1024;

export class StepFunctionsEngine {
  readonly createdAt = Date.now();
  private readonly machines: Map<string, PreparedMachine>;
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly runs = new Map<string, { run: ExecutionRun; done: Promise<void> }>();
  private readonly tokens = new TaskTokenRegistry();
  private closed = false;

  constructor(private readonly options: EngineOptions) {
    this.machines = new Map();
    for (const machine of options.machines) {
      if (this.machines.has(machine.arn)) throw new Error(`State machine ${machine.arn} is defined twice`);
      this.machines.set(machine.arn, machine);
    }
  }

  /** Loads persisted executions and resumes the running ones (see execution-run.ts for the replay). */
  async resume(): Promise<void> {
    for (const record of await this.options.store.loadAll()) {
      this.executions.set(record.executionArn, record);
      for (const task of record.journal.tasks) {
        if (task.token) this.tokens.register(task.token, record.executionArn, record.status === 'RUNNING' && !task.outcome);
      }
    }
    for (const record of this.executions.values()) {
      if (record.status !== 'RUNNING') continue;
      if (!this.machines.has(record.stateMachineArn)) {
        this.options.logger.error('Cannot resume execution: its state machine is no longer defined', { executionArn: record.executionArn });
        continue;
      }
      this.options.logger.info('Resuming execution', { executionArn: record.executionArn });
      this.launch(record);
    }
  }

  async shutdown(): Promise<void> {
    this.closed = true;
    const runs = [...this.runs.values()];
    for (const { run } of runs) run.interrupt();
    await Promise.all(runs.map(({ done }) => done));
    await this.options.store.flush();
  }

  listMachines(): PreparedMachine[] {
    return [...this.machines.values()];
  }

  machine(arn: string): PreparedMachine {
    requireArn(arn);
    const machine = this.machines.get(arn);
    if (!machine) throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  roleArnOf(machine: PreparedMachine): string {
    return `arn:aws:iam::${machine.account}:role/${machine.name}-local-role`;
  }

  async startExecution(request: StartExecutionRequest): Promise<ExecutionRecord> {
    const machine = this.machine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    const input = request.input ?? '{}';
    validateName(name);
    validateInput(input);
    const executionArn = executionArnFor(machine.arn, name);
    const existing = this.executions.get(executionArn);
    if (existing) {
      // AWS: same name and input while the execution runs returns it again; anything else is a conflict.
      if (existing.status === 'RUNNING' && existing.input === input) return existing;
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const record = newRecord(machine, executionArn, name, input);
    appendEvent(record, executionStarted(input, this.roleArnOf(machine)), record.startDate);
    this.executions.set(executionArn, record);
    await this.options.store.save(record);
    this.launch(record);
    return record;
  }

  describeExecution(executionArn: string): ExecutionRecord {
    requireArn(executionArn);
    const record = this.executions.get(executionArn);
    if (!record) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  /** Newest first, as AWS lists them. */
  listExecutions(filter: { stateMachineArn?: string; statusFilter?: ExecutionStatus }): ExecutionRecord[] {
    if (filter.stateMachineArn !== undefined) this.machine(filter.stateMachineArn);
    return [...this.executions.values()]
      .filter((record) => filter.stateMachineArn === undefined || record.stateMachineArn === filter.stateMachineArn)
      .filter((record) => filter.statusFilter === undefined || record.status === filter.statusFilter)
      .sort((a, b) => b.startDate - a.startDate);
  }

  async stopExecution(executionArn: string, error?: string, cause?: string): Promise<ExecutionRecord> {
    const record = this.describeExecution(executionArn);
    if (record.status !== 'RUNNING') return record;
    const active = this.runs.get(executionArn);
    if (active) {
      await active.run.stop(error, cause);
    } else {
      // Not resumable (its state machine is gone): close it on the record alone.
      Object.assign(record, { status: 'ABORTED', stopDate: Date.now() });
      appendEvent(record, { type: 'ExecutionAborted', details: { ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) } });
      this.tokens.closeAllOf(executionArn);
      await this.options.store.save(record);
    }
    return record;
  }

  sendTaskSuccess(taskToken: string, output: string): Promise<void> {
    let parsed: JsonValue;
    try {
      parsed = JSON.parse(output) as JsonValue;
    } catch {
      throw new SfnApiError('InvalidOutput', 'Invalid Output: the output is not valid JSON');
    }
    return this.completeTask(taskToken, { kind: 'success', output: parsed }, { result: parsed });
  }

  sendTaskFailure(taskToken: string, error = '', cause = ''): Promise<void> {
    return this.completeTask(taskToken, { kind: 'failure', error, cause }, { error: { name: error, cause } });
  }

  async sendTaskHeartbeat(taskToken: string): Promise<void> {
    const token = this.openToken(taskToken);
    const task = this.journaledTaskOf(token);
    if (task) {
      task.lastHeartbeatAt = Date.now();
      await this.options.store.save(this.describeExecution(token.executionArn));
    }
    token.heartbeat();
  }

  private launch(record: ExecutionRecord): void {
    // A StartExecution that raced with shutdown stays RUNNING on disk and starts with the next endpoint.
    if (this.closed) return;
    const machine = this.machines.get(record.stateMachineArn) as PreparedMachine;
    const run = new ExecutionRun({
      machine,
      record,
      tokens: this.tokens,
      roleArn: this.roleArnOf(machine),
      invokeLambda: this.options.invokeLambda,
      save: (r) => this.options.store.save(r),
      logger: this.options.logger,
    });
    const done = run
      .run()
      .catch((error: unknown) => this.options.logger.error('Execution run crashed', { executionArn: record.executionArn, error: String(error) }))
      .finally(() => this.runs.delete(record.executionArn));
    this.runs.set(record.executionArn, { run, done });
  }

  /**
   * Closes the token at once (a concurrent duplicate gets TaskTimedOut), makes the outcome durable, and only then
   * hands it to the waiting task: once the caller got its 200, a restart must not lose the answer.
   */
  private async completeTask(taskToken: string, delivery: TokenDelivery, outcome: TaskOutcome): Promise<void> {
    const token = this.openToken(taskToken);
    if (!token.close()) throw taskTimedOut();
    const task = this.journaledTaskOf(token);
    if (task) {
      task.outcome = outcome;
      await this.options.store.save(this.describeExecution(token.executionArn));
    }
    token.deliver(delivery);
  }

  private openToken(taskToken: string): TokenEntry {
    if (!taskToken) throw new SfnApiError('InvalidToken', 'Invalid Token: the task token is empty');
    const token = this.tokens.get(taskToken);
    if (!token) throw new SfnApiError('TaskDoesNotExist', 'Task Does Not Exist: no task is waiting for this token');
    if (!token.open) throw taskTimedOut();
    return token;
  }

  private journaledTaskOf(token: TokenEntry) {
    return this.executions.get(token.executionArn)?.journal.tasks.find((task) => task.token === token.token);
  }
}

function taskTimedOut(): SfnApiError {
  return new SfnApiError('TaskTimedOut', 'Task Timed Out: the task token has expired or its task is already closed');
}

function requireArn(arn: string): void {
  if (!parseArn(arn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${arn}'`);
}

function validateName(name: string): void {
  if (name.length === 0 || name.length > 80 || FORBIDDEN_NAME_CHARACTERS.test(name)) {
    throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
  }
}

function validateInput(input: string): void {
  if (Buffer.byteLength(input, 'utf8') > MAX_INPUT_BYTES) {
    throw new SfnApiError('InvalidExecutionInput', 'Invalid Execution Input: larger than 256 KiB');
  }
  try {
    JSON.parse(input);
  } catch {
    throw new SfnApiError('InvalidExecutionInput', 'Invalid Execution Input: not valid JSON');
  }
}

function newRecord(machine: PreparedMachine, executionArn: string, name: string, input: string): ExecutionRecord {
  return {
    version: 1,
    executionArn,
    stateMachineArn: machine.arn,
    name,
    input,
    status: 'RUNNING',
    startDate: Date.now(),
    tokenPlaceholder: `openkreis-local-task-token-${randomUUID()}`,
    events: [],
    machineEventKeys: [],
    journal: { tasks: [], waits: [] },
  };
}
