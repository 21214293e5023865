/**
 * Checks a state machine definition for what the local runtime can execute faithfully, and rewrites it into the
 * form handed to aws-local-stepfunctions. The rewrites work around measured gaps of the library:
 * - Task timeouts and heartbeats are enforced by the endpoint (see timers.ts); the library only gets a timeout
 *   long enough never to interfere, because its own default (60 s) would end every callback wait.
 * - TimeoutSecondsPath/HeartbeatSecondsPath are evaluated by the library through an envelope around
 *   `Parameters`, so the endpoint receives them together with the task input.
 * - Wait states become Tasks served by the endpoint: the library's sleep overflows setTimeout beyond ~24.8 days
 *   (a 30-day objection period would end at once) and cannot continue a wait with the remaining time after a
 *   restart. History still reports them as Wait states.
 * - `States.Timeout` also matches heartbeat timeouts in AWS; the library compares error names exactly.
 * - `$$.Execution.Input`/`StartTime` are re-set by the library in every Map/Parallel branch (and StartTime on
 *   every replay), so they are redirected to context fields the endpoint controls.
 * JSONata and `Assign` are rejected because the library silently ignores them and would run something else.
 */
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { parseArn } from './arns.ts';
import type { LocalStateMachine } from './model.ts';
import { MAX_TIMER_MS } from './timers.ts';

export type TaskKind = 'lambda-invoke' | 'lambda-wait-for-token' | 'lambda-function';

export interface TaskStateInfo {
  name: string;
  kind: TaskKind;
  resource: string;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** True when Parameters were wrapped in the envelope (TimeoutSecondsPath / HeartbeatSecondsPath). */
  enveloped: boolean;
}

export interface WaitStateInfo {
  name: string;
}

export interface PreparedMachine {
  arn: string;
  name: string;
  region: string;
  account: string;
  /** The definition as given, for DescribeStateMachine. */
  definition: object;
  /** The rewritten definition the library executes. */
  runnable: StateMachineDefinition;
  timeoutSeconds?: number;
  tasks: Map<string, TaskStateInfo>;
  waits: Map<string, WaitStateInfo>;
  retryStates: string[];
}

export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

/** Keys of the Parameters envelope and the context fields used instead of the library's. */
export const ENVELOPE_PARAMETERS = '__openkreisParameters';
export const ENVELOPE_TIMEOUT = '__openkreisTimeoutSeconds';
export const ENVELOPE_HEARTBEAT = '__openkreisHeartbeatSeconds';
export const ENVELOPE_WAIT_SECONDS = '__openkreisWaitSeconds';
export const ENVELOPE_WAIT_TIMESTAMP = '__openkreisWaitTimestamp';
export const CONTEXT_INPUT = 'OriginalInput';
export const CONTEXT_START_TIME = 'OriginalStartTime';

/** Long enough never to fire before the endpoint's own timers, short enough not to overflow setTimeout. */
const LIBRARY_TASK_TIMEOUT_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

const UNSUPPORTED_MAP_FIELDS = ['ItemReader', 'ResultWriter', 'ItemBatcher', 'ToleratedFailureCount', 'ToleratedFailurePercentage'];

type AslState = Record<string, unknown>;
interface AslMachine {
  StartAt?: string;
  States?: Record<string, AslState>;
  QueryLanguage?: string;
  TimeoutSeconds?: number;
}

export function prepareMachine(machine: LocalStateMachine): PreparedMachine {
  const arn = parseArn(machine.arn);
  if (!arn || arn.service !== 'states' || !arn.resource.startsWith('stateMachine:')) {
    throw new DefinitionError(`Not a state machine ARN: ${machine.arn}`);
  }
  const original = structuredClone(machine.definition) as AslMachine;
  const problems = findProblems(original);
  if (problems.length > 0) {
    throw new DefinitionError(`State machine ${machine.name} cannot run locally:\n - ${problems.join('\n - ')}`);
  }
  validateWithLibrary(machine.name, original);

  const runnable = structuredClone(original);
  const tasks = new Map<string, TaskStateInfo>();
  const waits = new Map<string, WaitStateInfo>();
  const retryStates: string[] = [];
  forEachState(runnable, (name, state) => {
    if (state.Type === 'Task') tasks.set(name, patchTask(name, state));
    if (state.Type === 'Wait') waits.set(name, convertWait(name, state, arn.region, arn.account));
    if (Array.isArray(state.Retry)) retryStates.push(name);
    addHeartbeatTimeoutToTimeoutMatchers(state);
  });
  const timeoutSeconds = runnable.TimeoutSeconds;
  delete runnable.TimeoutSeconds;
  return {
    arn: machine.arn,
    name: machine.name,
    region: arn.region,
    account: arn.account,
    definition: machine.definition,
    runnable: redirectContextPaths(runnable) as StateMachineDefinition,
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    tasks,
    waits,
    retryStates,
  };
}

export function taskKindOf(resource: string): TaskKind | undefined {
  if (/^arn:[^:]+:states:::lambda:invoke$/.test(resource)) return 'lambda-invoke';
  if (/^arn:[^:]+:states:::lambda:invoke\.waitForTaskToken$/.test(resource)) return 'lambda-wait-for-token';
  if (/^arn:[^:]+:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/.test(resource)) return 'lambda-function';
  return undefined;
}

function forEachMachine(machine: AslMachine, visit: (machine: AslMachine) => void): void {
  visit(machine);
  for (const state of Object.values(machine.States ?? {})) {
    for (const branch of (state.Branches as AslMachine[] | undefined) ?? []) forEachMachine(branch, visit);
    const processor = (state.ItemProcessor ?? state.Iterator) as AslMachine | undefined;
    if (processor) forEachMachine(processor, visit);
  }
}

function forEachState(machine: AslMachine, visit: (name: string, state: AslState) => void): void {
  forEachMachine(machine, (m) => {
    for (const [name, state] of Object.entries(m.States ?? {})) visit(name, state);
  });
}

function findProblems(definition: AslMachine): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  forEachMachine(definition, (machine) => {
    if (machine.QueryLanguage === 'JSONata') problems.push('QueryLanguage JSONata is not supported locally; use JSONPath');
  });
  forEachState(definition, (name, state) => {
    // Task overrides are keyed by state name, so a name must be unique across all branches (AWS requires it too).
    if (seen.has(name)) problems.push(`state name "${name}" is used more than once`);
    seen.add(name);
    problems.push(...stateProblems(name, state));
  });
  return problems;
}

function stateProblems(name: string, state: AslState): string[] {
  const problems: string[] = [];
  if (state.QueryLanguage === 'JSONata') problems.push(`state "${name}": QueryLanguage JSONata is not supported locally`);
  if (usesAssign(state)) problems.push(`state "${name}": Assign (workflow variables) is not supported locally`);
  if (state.Type === 'Map') {
    for (const field of UNSUPPORTED_MAP_FIELDS) {
      if (field in state) problems.push(`state "${name}": distributed Map field ${field} is not supported locally`);
    }
  }
  if (state.Type === 'Task') problems.push(...taskProblems(name, state));
  return problems;
}

function usesAssign(state: AslState): boolean {
  const nested = [...((state.Choices as AslState[] | undefined) ?? []), ...((state.Catch as AslState[] | undefined) ?? [])];
  return 'Assign' in state || nested.some((rule) => 'Assign' in rule);
}

function taskProblems(name: string, state: AslState): string[] {
  const resource = String(state.Resource);
  const kind = taskKindOf(resource);
  if (!kind) {
    return [
      `state "${name}": resource ${resource} is not supported locally (supported: arn:aws:states:::lambda:invoke, ` +
        'arn:aws:states:::lambda:invoke.waitForTaskToken, Lambda function ARNs)',
    ];
  }
  if (kind === 'lambda-wait-for-token' && !JSON.stringify(state.Parameters ?? {}).includes('$$.Task.Token')) {
    return [`state "${name}": a .waitForTaskToken task must pass $$.Task.Token in its Parameters`];
  }
  return [];
}

function validateWithLibrary(machineName: string, definition: AslMachine): void {
  try {
    new StateMachine(definition as unknown as StateMachineDefinition);
  } catch (error) {
    throw new DefinitionError(`State machine ${machineName}: ${(error as Error).message}`);
  }
}

function patchTask(name: string, state: AslState): TaskStateInfo {
  const timeoutPath = state.TimeoutSecondsPath as string | undefined;
  const heartbeatPath = state.HeartbeatSecondsPath as string | undefined;
  const enveloped = timeoutPath !== undefined || heartbeatPath !== undefined;
  const info: TaskStateInfo = {
    name,
    kind: taskKindOf(String(state.Resource)) as TaskKind,
    resource: String(state.Resource),
    enveloped,
    ...(typeof state.TimeoutSeconds === 'number' ? { timeoutSeconds: state.TimeoutSeconds } : {}),
    ...(typeof state.HeartbeatSeconds === 'number' ? { heartbeatSeconds: state.HeartbeatSeconds } : {}),
  };
  if (enveloped) {
    state.Parameters = {
      ...(state.Parameters === undefined ? { [`${ENVELOPE_PARAMETERS}.$`]: '$' } : { [ENVELOPE_PARAMETERS]: state.Parameters }),
      ...(timeoutPath ? { [`${ENVELOPE_TIMEOUT}.$`]: timeoutPath } : {}),
      ...(heartbeatPath ? { [`${ENVELOPE_HEARTBEAT}.$`]: heartbeatPath } : {}),
    };
  }
  state.TimeoutSeconds = LIBRARY_TASK_TIMEOUT_SECONDS;
  delete state.TimeoutSecondsPath;
  delete state.HeartbeatSeconds;
  delete state.HeartbeatSecondsPath;
  return info;
}

/**
 * Turns a Wait state into a Task the endpoint serves: the envelope hands it the state input together with the
 * wait's Seconds/Timestamp (or their paths, evaluated by the library), and the task returns the input unchanged,
 * so InputPath/OutputPath keep their Wait semantics.
 */
function convertWait(name: string, state: AslState, region: string, account: string): WaitStateInfo {
  const timing =
    state.Seconds !== undefined ? { [ENVELOPE_WAIT_SECONDS]: state.Seconds }
    : state.SecondsPath !== undefined ? { [`${ENVELOPE_WAIT_SECONDS}.$`]: state.SecondsPath }
    : state.Timestamp !== undefined ? { [ENVELOPE_WAIT_TIMESTAMP]: state.Timestamp }
    : { [`${ENVELOPE_WAIT_TIMESTAMP}.$`]: state.TimestampPath };
  for (const field of ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath']) delete state[field];
  Object.assign(state, {
    Type: 'Task',
    Resource: `arn:aws:lambda:${region}:${account}:function:openkreis-local-wait`,
    Parameters: { [`${ENVELOPE_PARAMETERS}.$`]: '$', ...timing },
    TimeoutSeconds: LIBRARY_TASK_TIMEOUT_SECONDS,
  });
  return { name };
}

function addHeartbeatTimeoutToTimeoutMatchers(state: AslState): void {
  const matchers = [...((state.Retry as AslState[] | undefined) ?? []), ...((state.Catch as AslState[] | undefined) ?? [])];
  for (const matcher of matchers) {
    const errors = matcher.ErrorEquals;
    if (Array.isArray(errors) && errors.includes('States.Timeout') && !errors.includes('States.HeartbeatTimeout')) {
      errors.push('States.HeartbeatTimeout');
    }
  }
}

/** Rewrites `$$.Execution.Input` / `$$.Execution.StartTime` in every path and `.$` field. */
function redirectContextPaths(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redirectContextPaths);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const isPath = key.endsWith('.$') || key.endsWith('Path') || key === 'Variable';
      if (isPath && typeof item === 'string') return [key, redirectContextPath(item)];
      return [key, redirectContextPaths(item)];
    }),
  );
}

function redirectContextPath(path: string): string {
  return path
    .replace(/\$\$\.Execution\.Input(?![\w])/g, `$$$$.Execution.${CONTEXT_INPUT}`)
    .replace(/\$\$\.Execution\.StartTime(?![\w])/g, `$$$$.Execution.${CONTEXT_START_TIME}`);
}
