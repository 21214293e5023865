/**
 * Execution history in the shape of GetExecutionHistory. State events come from the library's event log
 * (translated here); Task events are written by the endpoint itself where it invokes Lambda and waits for
 * tokens, because the library does not report them.
 */
import type { EventLog } from './library-types.ts';
import type { TaskKind } from './definition.ts';
import type { ExecutionRecord, HistoryEvent, JsonValue } from './model.ts';

export interface NewEvent {
  type: string;
  details?: Record<string, unknown>;
}

/** AWS names every details object after its event type: TaskScheduled → taskScheduledEventDetails. */
export function detailsKeyOf(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

/** Appends an event; `previousEventId` is simply the preceding event (AWS links causally, which we approximate). */
export function appendEvent(record: ExecutionRecord, event: NewEvent, timestamp = Date.now()): HistoryEvent {
  const id = record.events.length + 1;
  const appended: HistoryEvent = { id, previousEventId: id - 1, timestamp, type: event.type };
  if (event.details) appended[detailsKeyOf(event.type)] = event.details;
  record.events.push(appended);
  return appended;
}

export function json(value: JsonValue | undefined): string {
  return JSON.stringify(value ?? null);
}

const notTruncated = { truncated: false };

export function executionStarted(input: string, roleArn: string): NewEvent {
  return { type: 'ExecutionStarted', details: { input, inputDetails: notTruncated, roleArn } };
}

/**
 * A key identifying a library event that maps to history events, so replay can recognise events it already
 * recorded before the restart. `undefined` for library events without a history counterpart.
 */
export function machineEventKey(event: EventLog): string | undefined {
  switch (event.type) {
    case 'StateEntered':
    case 'StateExited':
      return `${event.type}|${event.state.name}|${event.index ?? ''}`;
    case 'StateFailed':
      return event.state.type === 'Parallel' || event.state.type === 'Map' ? `${event.type}|${event.state.name}|${event.index ?? ''}` : undefined;
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
      return `${event.type}|${event.parentState.name}|${event.index}`;
    default:
      return undefined;
  }
}

/**
 * Translates library events into the AWS history events they stand for. `isWaitState` names the Wait states
 * the library runs as Tasks (see definition.ts), so they are reported as Wait states.
 */
export class StateEventTranslator {
  /** Parallel/Map states that failed; if a Catch handles the failure, their exit is no success. */
  private readonly failedContainers = new Set<string>();

  constructor(private readonly isWaitState: (name: string) => boolean) {}

  translate(event: EventLog): NewEvent[] {
    switch (event.type) {
      case 'StateEntered':
        return this.entered(event.state, this.typeOf(event.state));
      case 'StateExited':
        return this.exited(event.state, this.typeOf(event.state), `${event.state.name}|${event.index ?? ''}`);
      case 'StateFailed':
        this.failedContainers.add(`${event.state.name}|${event.index ?? ''}`);
        return [{ type: `${this.typeOf(event.state)}StateFailed` }];
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        return [{ type: event.type, details: { name: event.parentState.name, index: event.index } }];
      default:
        return [];
    }
  }

  private typeOf(state: { name: string; type: string }): string {
    return this.isWaitState(state.name) ? 'Wait' : state.type;
  }

  private entered(state: { name: string; input: unknown }, type: string): NewEvent[] {
    const entered = { type: `${type}StateEntered`, details: { name: state.name, input: json(state.input as JsonValue), inputDetails: notTruncated } };
    if (type === 'Parallel' || type === 'Map') return [entered, { type: `${type}StateStarted` }];
    return [entered];
  }

  private exited(state: { name: string; output?: unknown }, type: string, key: string): NewEvent[] {
    const exited = { type: `${type}StateExited`, details: { name: state.name, output: json(state.output as JsonValue), outputDetails: notTruncated } };
    if (type !== 'Parallel' && type !== 'Map') return [exited];
    if (this.failedContainers.delete(key)) return [exited];
    return [{ type: `${type}StateSucceeded` }, exited];
  }
}

/**
 * Task events. Optimised integrations (`arn:aws:states:::lambda:invoke…`) report Task* events; a plain Lambda
 * ARN as Resource reports LambdaFunction* events, as AWS does.
 */
export class TaskEvents {
  private readonly resourceType = 'lambda';
  private readonly resource: string;

  constructor(
    private readonly kind: TaskKind,
    resourceArn: string,
    private readonly region: string,
  ) {
    this.resource = kind === 'lambda-function' ? resourceArn : resourceArn.replace(/^arn:[^:]+:states:::lambda:/, '');
  }

  scheduled(parameters: JsonValue, timeoutSeconds?: number, heartbeatSeconds?: number): NewEvent {
    const timing = {
      ...(timeoutSeconds === undefined ? {} : { timeoutInSeconds: timeoutSeconds }),
      ...(heartbeatSeconds === undefined ? {} : { heartbeatInSeconds: heartbeatSeconds }),
    };
    if (this.kind === 'lambda-function') {
      return { type: 'LambdaFunctionScheduled', details: { resource: this.resource, input: json(parameters), inputDetails: notTruncated, ...timing } };
    }
    return {
      type: 'TaskScheduled',
      details: { resourceType: this.resourceType, resource: this.resource, region: this.region, parameters: json(parameters), ...timing },
    };
  }

  started(): NewEvent {
    if (this.kind === 'lambda-function') return { type: 'LambdaFunctionStarted' };
    return { type: 'TaskStarted', details: { resourceType: this.resourceType, resource: this.resource } };
  }

  submitted(output: JsonValue): NewEvent {
    return { type: 'TaskSubmitted', details: { ...this.ids(), output: json(output), outputDetails: notTruncated } };
  }

  succeeded(output: JsonValue): NewEvent {
    const details = { output: json(output), outputDetails: notTruncated };
    if (this.kind === 'lambda-function') return { type: 'LambdaFunctionSucceeded', details };
    return { type: 'TaskSucceeded', details: { ...this.ids(), ...details } };
  }

  failed(error: string, cause: string): NewEvent {
    if (this.kind === 'lambda-function') return { type: 'LambdaFunctionFailed', details: { error, cause } };
    return { type: 'TaskFailed', details: { ...this.ids(), error, cause } };
  }

  timedOut(error: string, cause: string): NewEvent {
    if (this.kind === 'lambda-function') return { type: 'LambdaFunctionTimedOut', details: { error, cause } };
    return { type: 'TaskTimedOut', details: { ...this.ids(), error, cause } };
  }

  private ids(): { resourceType: string; resource: string } {
    return { resourceType: this.resourceType, resource: this.resource };
  }
}
