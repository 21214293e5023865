/**
 * The Step Functions operations in the AWS JSON 1.0 wire format: request members are read and checked here,
 * timestamps become epoch seconds, and long lists are paged with an opaque nextToken.
 */
import type { StepFunctionsEngine } from './engine.ts';
import { SfnApiError } from './errors.ts';
import type { ExecutionRecord, ExecutionStatus, HistoryEvent } from './model.ts';

type Body = Record<string, unknown>;
export type Operation = (engine: StepFunctionsEngine, body: Body) => unknown;

const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

export const operations: Record<string, Operation> = {
  async StartExecution(engine, body) {
    const record = await engine.startExecution({
      stateMachineArn: requiredString(body, 'stateMachineArn'),
      ...optional(body, 'name'),
      ...optional(body, 'input'),
    });
    return { executionArn: record.executionArn, startDate: seconds(record.startDate) };
  },

  DescribeExecution(engine, body) {
    const record = engine.describeExecution(requiredString(body, 'executionArn'));
    return describe(record, body.includedData !== 'METADATA_ONLY');
  },

  ListExecutions(engine, body) {
    const statusFilter = body.statusFilter;
    if (statusFilter !== undefined && !STATUSES.includes(statusFilter as ExecutionStatus)) {
      throw validation(`statusFilter must be one of ${STATUSES.join(', ')}`);
    }
    const records = engine.listExecutions({
      ...optional(body, 'stateMachineArn'),
      ...(statusFilter === undefined ? {} : { statusFilter: statusFilter as ExecutionStatus }),
    });
    const { page, nextToken } = paginate(records, body);
    return { executions: page.map(summary), ...(nextToken ? { nextToken } : {}) };
  },

  GetExecutionHistory(engine, body) {
    const record = engine.describeExecution(requiredString(body, 'executionArn'));
    const includeData = body.includeExecutionData !== false;
    const events = body.reverseOrder === true ? [...record.events].reverse() : record.events;
    const { page, nextToken } = paginate(events, body);
    return { events: page.map((event) => wireEvent(event, includeData)), ...(nextToken ? { nextToken } : {}) };
  },

  async StopExecution(engine, body) {
    const record = await engine.stopExecution(requiredString(body, 'executionArn'), ...optionalPair(body, 'error', 'cause'));
    return { stopDate: seconds(record.stopDate ?? Date.now()) };
  },

  async SendTaskSuccess(engine, body) {
    await engine.sendTaskSuccess(requiredString(body, 'taskToken'), requiredString(body, 'output'));
    return {};
  },

  async SendTaskFailure(engine, body) {
    await engine.sendTaskFailure(requiredString(body, 'taskToken'), ...optionalPair(body, 'error', 'cause'));
    return {};
  },

  async SendTaskHeartbeat(engine, body) {
    await engine.sendTaskHeartbeat(requiredString(body, 'taskToken'));
    return {};
  },

  ListStateMachines(engine, body) {
    const { page, nextToken } = paginate(engine.listMachines(), body);
    return {
      stateMachines: page.map((machine) => ({
        stateMachineArn: machine.arn,
        name: machine.name,
        type: 'STANDARD',
        creationDate: seconds(engine.createdAt),
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  },

  DescribeStateMachine(engine, body) {
    const machine = engine.machine(requiredString(body, 'stateMachineArn'));
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: JSON.stringify(machine.definition),
      roleArn: engine.roleArnOf(machine),
      type: 'STANDARD',
      creationDate: seconds(engine.createdAt),
    };
  },
};

function describe(record: ExecutionRecord, includeData: boolean): Body {
  return {
    ...summary(record),
    ...(includeData ? { input: record.input, inputDetails: { included: true } } : {}),
    ...(includeData && record.output !== undefined ? { output: record.output, outputDetails: { included: true } } : {}),
    ...(record.error === undefined ? {} : { error: record.error }),
    ...(record.cause === undefined ? {} : { cause: record.cause }),
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
  };
}

function summary(record: ExecutionRecord): Body {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: seconds(record.startDate),
    ...(record.stopDate === undefined ? {} : { stopDate: seconds(record.stopDate) }),
  };
}

const EXECUTION_DATA_FIELDS = new Set(['input', 'output', 'parameters']);

function wireEvent(event: HistoryEvent, includeData: boolean): Body {
  const wire: Body = { ...event, timestamp: seconds(event.timestamp) };
  if (includeData) return wire;
  for (const [key, value] of Object.entries(wire)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') {
      wire[key] = Object.fromEntries(Object.entries(value).filter(([field]) => !EXECUTION_DATA_FIELDS.has(field)));
    }
  }
  return wire;
}

/** The AWS JSON protocols carry timestamps as epoch seconds. */
function seconds(epochMillis: number): number {
  return epochMillis / 1000;
}

function paginate<T>(items: T[], body: Body): { page: T[]; nextToken?: string } {
  const maxResults = typeof body.maxResults === 'number' && body.maxResults > 0 ? Math.min(body.maxResults, 1000) : 100;
  const offset = body.nextToken === undefined ? 0 : decodeNextToken(body.nextToken);
  const end = offset + maxResults;
  return { page: items.slice(offset, end), ...(end < items.length ? { nextToken: Buffer.from(`offset:${end}`).toString('base64url') } : {}) };
}

function decodeNextToken(token: unknown): number {
  const match = typeof token === 'string' ? /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString()) : null;
  if (!match?.[1]) throw new SfnApiError('InvalidToken', 'Invalid Token: the nextToken is not valid');
  return Number(match[1]);
}

function requiredString(body: Body, member: string): string {
  const value = body[member];
  if (typeof value !== 'string') throw validation(`${member} is required and must be a string`);
  return value;
}

function optional<K extends string>(body: Body, member: K): Partial<Record<K, string>> {
  const value = body[member];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string') throw validation(`${member} must be a string`);
  return { [member]: value } as Partial<Record<K, string>>;
}

function optionalPair(body: Body, first: string, second: string): [string | undefined, string | undefined] {
  return [optional(body, first)[first], optional(body, second)[second]];
}

function validation(message: string): SfnApiError {
  return new SfnApiError('ValidationException', message);
}
