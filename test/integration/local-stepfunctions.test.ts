import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  type DescribeExecutionCommandOutput,
  type ExecutionStatus,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  functionLogicalIdFromArn,
  startStepFunctionsEndpoint,
  stateMachinesFromTemplate,
  type LocalStateMachine,
  type StepFunctionsEndpoint,
} from '../../infra/local/stepfunctions/index.ts';

const REGION = 'eu-central-1';
const ACCOUNT = '000000000000';
const quiet = { info: () => undefined, error: () => undefined };

const fn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const machineArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;

/** What CDK adds to every LambdaInvoke task; it must not slow anything down, since no test raises these. */
const CDK_LAMBDA_RETRY = {
  ErrorEquals: ['Lambda.ClientExecutionTimeoutException', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
};

/** A LambdaInvoke task exactly as CDK renders it (before intrinsics are resolved: see the template below). */
function lambdaInvoke(functionArn: string, next: string | undefined, extra: object = {}) {
  return {
    ...(next ? { Next: next } : { End: true }),
    Retry: [CDK_LAMBDA_RETRY],
    Type: 'Task',
    OutputPath: '$.Payload',
    Resource: 'arn:@@PARTITION@@:states:::lambda:invoke',
    Parameters: { FunctionName: functionArn, 'Payload.$': '$' },
    ...extra,
  };
}

function waitForToken(functionArn: string, next: string | undefined, extra: object = {}) {
  return {
    ...(next ? { Next: next } : { End: true }),
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Parameters: {
      FunctionName: functionArn,
      Payload: { 'token.$': '$$.Task.Token', 'applicationId.$': '$.applicationId', 'executionId.$': '$$.Execution.Id' },
    },
    ...extra,
  };
}

/**
 * A synthesized template in CDK's shape: the definition is an `Fn::Join` of JSON fragments, `Ref AWS::Partition`
 * and `Fn::GetAtt [<function>, Arn]`.
 */
function cdkTemplate(): object {
  const definition = {
    StartAt: 'Submit',
    States: {
      Submit: lambdaInvoke('@@SubmitFnA1B2C3@@', 'Fee?'),
      'Fee?': { Type: 'Choice', Choices: [{ Variable: '$.fee', NumericGreaterThan: 0, Next: 'AwaitPayment' }], Default: 'NoFee' },
      NoFee: { Type: 'Pass', Result: { amount: 0 }, ResultPath: '$.payment', Next: 'Notify' },
      AwaitPayment: {
        ...waitForToken('@@RequestPaymentFnD4E5F6@@', 'Notify', { ResultPath: '$.payment', TimeoutSeconds: 3600 }),
        Retry: [CDK_LAMBDA_RETRY],
        Catch: [{ ErrorEquals: ['PaymentDeclined'], ResultPath: '$.error', Next: 'Declined' }],
      },
      Declined: { Type: 'Fail', Error: 'PaymentDeclined', Cause: 'The payment was declined' },
      Notify: lambdaInvoke('@@NotifyFn7A8B9C@@', undefined),
    },
  };
  const intrinsics: Record<string, object> = {
    PARTITION: { Ref: 'AWS::Partition' },
    SubmitFnA1B2C3: { 'Fn::GetAtt': ['SubmitFnA1B2C3', 'Arn'] },
    RequestPaymentFnD4E5F6: { 'Fn::GetAtt': ['RequestPaymentFnD4E5F6', 'Arn'] },
    NotifyFn7A8B9C: { 'Fn::GetAtt': ['NotifyFn7A8B9C', 'Arn'] },
  };
  const parts = JSON.stringify(definition)
    .split(/@@(\w+)@@/)
    .map((part, index) => (index % 2 === 1 ? (intrinsics[part] as object) : part));
  const lambda = { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' } };
  return {
    Resources: {
      SubmitFnA1B2C3: lambda,
      RequestPaymentFnD4E5F6: lambda,
      NotifyFn7A8B9C: lambda,
      ApplicationRoleB0C1D2: { Type: 'AWS::IAM::Role', Properties: {} },
      ApplicationStateMachine9F8E7D: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          StateMachineName: 'openkreis-test-application',
          RoleArn: { 'Fn::GetAtt': ['ApplicationRoleB0C1D2', 'Arn'] },
          DefinitionString: { 'Fn::Join': ['', parts] },
        },
      },
    },
  };
}

const handWritten: LocalStateMachine[] = [
  {
    arn: machineArn('saga'),
    name: 'saga',
    definition: {
      StartAt: 'Charge',
      States: {
        Charge: { Type: 'Task', Resource: fn('Charge'), ResultPath: '$.charge', Next: 'IssuePermit' },
        IssuePermit: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: fn('IssuePermit'), 'Payload.$': '$' },
          OutputPath: '$.Payload',
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Refund' }],
          Next: 'Done',
        },
        Refund: { Type: 'Task', Resource: fn('Refund'), ResultPath: '$.refund', Next: 'PermitFailed' },
        PermitFailed: { Type: 'Fail', Error: 'PermitFailed', Cause: 'Refunded after a failure' },
        Done: { Type: 'Succeed' },
      },
    },
  },
  {
    arn: machineArn('retry'),
    name: 'retry',
    definition: {
      StartAt: 'Flaky',
      States: {
        Flaky: {
          Type: 'Task',
          Resource: fn('Flaky'),
          Retry: [{ ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 5 }, { ErrorEquals: ['Unavailable'], IntervalSeconds: 1, MaxAttempts: 1 }],
          Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'GaveUp' }],
          End: true,
        },
        GaveUp: { Type: 'Pass', Result: 'gave up', End: true },
      },
    },
  },
  {
    arn: machineArn('two-waits'),
    name: 'two-waits',
    definition: {
      StartAt: 'AwaitPayment',
      States: {
        AwaitPayment: waitForToken(fn('RequestPayment'), 'AwaitDecision', { ResultPath: '$.payment' }),
        AwaitDecision: waitForToken(fn('RequestDecision'), undefined, { ResultPath: '$.decision' }),
      },
    },
  },
  {
    arn: machineArn('timeouts'),
    name: 'timeouts',
    definition: {
      StartAt: 'AwaitCaseworker',
      States: {
        AwaitCaseworker: waitForToken(fn('RequestDecision'), 'Decided', {
          TimeoutSeconds: 1,
          Catch: [
            { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'WronglyCaught' },
            { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Escalate' },
          ],
        }),
        Decided: { Type: 'Succeed' },
        WronglyCaught: { Type: 'Fail', Error: 'WronglyCaught' },
        Escalate: { Type: 'Pass', Result: 'escalated', ResultPath: '$.escalation', End: true },
      },
    },
  },
  {
    arn: machineArn('heartbeat'),
    name: 'heartbeat',
    definition: {
      StartAt: 'AwaitWorker',
      States: {
        AwaitWorker: waitForToken(fn('RequestDecision'), undefined, {
          HeartbeatSecondsPath: '$.heartbeatSeconds',
          TimeoutSeconds: 30,
          Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Lost' }],
        }),
        Lost: { Type: 'Pass', End: true },
      },
    },
  },
  {
    arn: machineArn('fan-out'),
    name: 'fan-out',
    definition: {
      StartAt: 'Checks',
      States: {
        Checks: {
          Type: 'Parallel',
          ResultPath: '$.checks',
          Next: 'PerDocument',
          Branches: [
            {
              StartAt: 'SinceRegistration',
              States: {
                SinceRegistration: { Type: 'Wait', TimestampPath: '$.registeredAt', Next: 'CheckRegistry' },
                CheckRegistry: { Type: 'Task', Resource: fn('CheckRegistry'), End: true },
              },
            },
            {
              StartAt: 'Pause',
              States: {
                Pause: { Type: 'Wait', SecondsPath: '$.pause', Next: 'CheckVehicle' },
                CheckVehicle: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Parameters: { FunctionName: fn('CheckVehicle'), 'Payload.$': '$' },
                  OutputPath: '$.Payload',
                  End: true,
                },
              },
            },
          ],
        },
        PerDocument: {
          Type: 'Map',
          ItemsPath: '$.documents',
          ResultPath: '$.stamped',
          ItemSelector: { 'document.$': '$$.Map.Item.Value', 'position.$': '$$.Map.Item.Index' },
          ItemProcessor: {
            StartAt: 'Stamp',
            States: {
              Stamp: {
                Type: 'Task',
                Resource: fn('Stamp'),
                Parameters: { 'document.$': '$.document', 'position.$': '$.position', 'applicationId.$': '$$.Execution.Input.applicationId' },
                End: true,
              },
            },
          },
          End: true,
        },
      },
    },
  },
];

/** Fake Lambdas: the handlers record their calls and hand out the task tokens they receive. */
class FakeLambdas {
  readonly calls: Array<{ name: string; payload: Record<string, unknown> }> = [];
  readonly tokens: Array<{ name: string; token: string; applicationId: unknown }> = [];
  flakyFailures = 0;
  issuePermitFails = false;

  readonly invoke = async (functionArn: string, payload: unknown): Promise<unknown> => {
    const name = functionLogicalIdFromArn(functionArn);
    const body = payload as Record<string, unknown>;
    this.calls.push({ name, payload: body });
    if (typeof body.token === 'string') {
      this.tokens.push({ name, token: body.token, applicationId: body.applicationId });
      return { requested: true };
    }
    return this.handle(name, body);
  };

  callsTo(name: string) {
    return this.calls.filter((call) => call.name === name);
  }

  async tokenFor(name: string, applicationId: unknown): Promise<string> {
    await until(() => this.tokens.some((t) => t.name === name && t.applicationId === applicationId));
    return this.tokens.find((t) => t.name === name && t.applicationId === applicationId)?.token as string;
  }

  private handle(name: string, payload: Record<string, unknown>): unknown {
    switch (name) {
      case 'SubmitFnA1B2C3':
        return { ...payload, submitted: true };
      case 'NotifyFn7A8B9C':
      case 'Notify':
        return { applicationId: payload.applicationId, paid: (payload.payment as { amount: number }).amount };
      case 'Charge':
        return { chargeId: 'ch-1', amount: 30 };
      case 'IssuePermit':
        if (this.issuePermitFails) throw named('PermitServiceDown', 'the permit printer is offline');
        return { permit: 'P-1' };
      case 'Refund':
        return { refunded: true };
      case 'CheckRegistry':
        return { registry: 'ok' };
      case 'CheckVehicle':
        return { vehicle: 'ok' };
      case 'Stamp':
        return `stamped-${String(payload.document)}-${String(payload.position)}-${String(payload.applicationId)}`;
      case 'Flaky':
        if (this.flakyFailures-- > 0) throw named('Unavailable', 'try again');
        return { ok: true };
      default:
        throw new Error(`No fake Lambda ${name}`);
    }
  }
}

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function clientFor(endpoint: StepFunctionsEndpoint): SFNClient {
  return new SFNClient({ region: REGION, endpoint: endpoint.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

async function settled(client: SFNClient, executionArn: string, status?: ExecutionStatus): Promise<DescribeExecutionCommandOutput> {
  let result: DescribeExecutionCommandOutput | undefined;
  await until(async () => {
    result = await client.send(new DescribeExecutionCommand({ executionArn }));
    return status ? result.status === status : result.status !== 'RUNNING';
  });
  return result as DescribeExecutionCommandOutput;
}

async function historyOf(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  return (await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

describe('local Step Functions endpoint', () => {
  const lambdas = new FakeLambdas();
  const applicationMachine = stateMachinesFromTemplate(cdkTemplate(), { region: REGION, account: ACCOUNT });
  let endpoint: StepFunctionsEndpoint;
  let sfn: SFNClient;
  const application = machineArn('openkreis-test-application');

  beforeAll(async () => {
    endpoint = await startStepFunctionsEndpoint({
      port: 0,
      stateMachines: [...applicationMachine, ...handWritten],
      invokeLambda: lambdas.invoke,
      logger: quiet,
    });
    sfn = clientFor(endpoint);
  });

  afterAll(async () => {
    sfn.destroy();
    await endpoint.close();
  });

  async function start(stateMachine: string, input: object, name?: string) {
    return sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachine, input: JSON.stringify(input), ...(name ? { name } : {}) }));
  }

  it('reads a CDK-synthesized state machine with resolved intrinsics from the template', () => {
    expect(applicationMachine).toHaveLength(1);
    const [machine] = applicationMachine;
    expect(machine?.arn).toBe(application);
    expect(machine?.name).toBe('openkreis-test-application');
    const states = (machine?.definition as { States: Record<string, { Resource?: string; Parameters?: { FunctionName?: string } }> }).States;
    expect(states.Submit?.Resource).toBe('arn:aws:states:::lambda:invoke');
    expect(states.Submit?.Parameters?.FunctionName).toBe(fn('SubmitFnA1B2C3'));
  });

  it('lists and describes the state machines it serves', async () => {
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines?.map((m) => m.name)).toContain('openkreis-test-application');
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: application }));
    expect(described.status).toBe('ACTIVE');
    expect(JSON.parse(described.definition as string).StartAt).toBe('Submit');
  });

  it('runs Lambda tasks and a Choice to success, with an AWS-shaped history', async () => {
    const { executionArn, startDate } = await start(application, { applicationId: 'A-free', fee: 0 });
    expect(executionArn).toMatch(/^arn:aws:states:eu-central-1:000000000000:execution:openkreis-test-application:[0-9a-f-]{36}$/);
    expect(startDate).toBeInstanceOf(Date);

    const described = await settled(sfn, executionArn as string);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output as string)).toEqual({ applicationId: 'A-free', paid: 0 });
    expect(described.stopDate?.getTime()).toBeGreaterThanOrEqual(described.startDate?.getTime() as number);

    const events = await historyOf(sfn, executionArn as string);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited',
      'ChoiceStateEntered', 'ChoiceStateExited',
      'PassStateEntered', 'PassStateExited',
      'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((e) => e.id)).toEqual(events.map((_, index) => index + 1));
    expect(events.every((e) => e.previousEventId === (e.id as number) - 1 && e.timestamp instanceof Date)).toBe(true);
    const scheduled = events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails;
    expect(scheduled).toMatchObject({ resourceType: 'lambda', resource: 'invoke', region: REGION });
    expect(JSON.parse(scheduled?.parameters as string)).toEqual({ FunctionName: fn('SubmitFnA1B2C3'), Payload: { applicationId: 'A-free', fee: 0 } });
    expect(events[1]?.stateEnteredEventDetails?.name).toBe('Submit');
    expect(events.at(-1)?.executionSucceededEventDetails?.output).toBe(described.output);
  });

  it('waits for a task token and continues with the output of SendTaskSuccess', async () => {
    const { executionArn } = await start(application, { applicationId: 'A-paid', fee: 30 });
    const token = await lambdas.tokenFor('RequestPaymentFnD4E5F6', 'A-paid');
    expect(token).toMatch(/^[A-Za-z0-9_-]{64}$/);
    const payload = lambdas.callsTo('RequestPaymentFnD4E5F6').at(-1)?.payload;
    expect(payload?.executionId).toBe(executionArn);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');

    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ amount: 30 }) }));

    const described = await settled(sfn, executionArn as string);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output as string)).toEqual({ applicationId: 'A-paid', paid: 30 });
    const types = (await historyOf(sfn, executionArn as string)).map((e) => e.type);
    expect(types).toContain('TaskSubmitted');
    expect(types.indexOf('TaskSubmitted')).toBeLessThan(types.lastIndexOf('TaskSucceeded'));
  });

  it('fails a waiting task with SendTaskFailure so that Catch on the error name applies', async () => {
    const { executionArn } = await start(application, { applicationId: 'A-declined', fee: 30 });
    const token = await lambdas.tokenFor('RequestPaymentFnD4E5F6', 'A-declined');

    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'PaymentDeclined', cause: 'card expired' }));

    const described = await settled(sfn, executionArn as string);
    expect(described).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined', cause: 'The payment was declined' });
    const events = await historyOf(sfn, executionArn as string);
    expect(events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails).toMatchObject({ error: 'PaymentDeclined', cause: 'card expired' });
    expect(events.map((e) => e.type)).toContain('FailStateEntered');
    expect(events.at(-1)?.type).toBe('ExecutionFailed');
  });

  it('rejects a second SendTaskSuccess for the same token and applies the first output only', async () => {
    const { executionArn } = await start(application, { applicationId: 'A-twice', fee: 30 });
    const token = await lambdas.tokenFor('RequestPaymentFnD4E5F6', 'A-twice');

    const [first, second] = await Promise.allSettled([
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ amount: 30 }) })),
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ amount: 999 }) })),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second.status === 'rejected' && second.reason).toBeInstanceOf(TaskTimedOut);
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);

    const described = await settled(sfn, executionArn as string);
    expect(JSON.parse(described.output as string)).toEqual({ applicationId: 'A-twice', paid: 30 });
    expect(lambdas.callsTo('NotifyFn7A8B9C').filter((c) => c.payload.applicationId === 'A-twice')).toHaveLength(1);
  });

  it('answers an unknown task token with TaskDoesNotExist', async () => {
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken: 'not-a-token' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
  });

  it('issues a different token to each waiting task of one execution', async () => {
    const { executionArn } = await start(machineArn('two-waits'), { applicationId: 'A-two' });
    const paymentToken = await lambdas.tokenFor('RequestPayment', 'A-two');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: paymentToken, output: '"paid"' }));
    const decisionToken = await lambdas.tokenFor('RequestDecision', 'A-two');
    expect(decisionToken).not.toBe(paymentToken);
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: paymentToken, output: '"again"' }))).rejects.toBeInstanceOf(TaskTimedOut);

    await sfn.send(new SendTaskSuccessCommand({ taskToken: decisionToken, output: '{"approved":true}' }));

    const described = await settled(sfn, executionArn as string);
    expect(JSON.parse(described.output as string)).toEqual({ applicationId: 'A-two', payment: 'paid', decision: { approved: true } });
  });

  it('catches a Lambda error by States.ALL and runs the compensation', async () => {
    lambdas.issuePermitFails = true;
    try {
      const { executionArn } = await start(machineArn('saga'), { applicationId: 'A-saga' });
      const described = await settled(sfn, executionArn as string);
      expect(described).toMatchObject({ status: 'FAILED', error: 'PermitFailed' });
      const refund = lambdas.callsTo('Refund').at(-1)?.payload as { error: { Error: string; Cause: string }; charge: object };
      expect(refund.charge).toEqual({ chargeId: 'ch-1', amount: 30 });
      expect(refund.error.Error).toBe('PermitServiceDown');
      expect(JSON.parse(refund.error.Cause)).toMatchObject({ errorType: 'PermitServiceDown', errorMessage: 'the permit printer is offline' });
      const types = (await historyOf(sfn, executionArn as string)).map((e) => e.type);
      expect(types).toContain('TaskFailed');
      // A Lambda ARN as Resource reports LambdaFunction* events, like AWS.
      expect(types).toContain('LambdaFunctionSucceeded');
    } finally {
      lambdas.issuePermitFails = false;
    }
  });

  it('retries a failing Lambda by its error name and falls back to Catch once the attempts are used up', async () => {
    lambdas.flakyFailures = 1;
    const recovered = await start(machineArn('retry'), {});
    expect((await settled(sfn, recovered.executionArn as string)).output).toBe('{"ok":true}');
    expect(lambdas.callsTo('Flaky')).toHaveLength(2);

    lambdas.flakyFailures = 10;
    const exhausted = await start(machineArn('retry'), {});
    const described = await settled(sfn, exhausted.executionArn as string);
    expect(described.output).toBe('"gave up"');
    expect(lambdas.callsTo('Flaky')).toHaveLength(2 + 2);
    lambdas.flakyFailures = 0;
  });

  it('runs Lambda tasks inside Parallel branches and Map iterations, with the execution input in $$ everywhere', async () => {
    const input = { applicationId: 'A-fan', registeredAt: '2020-01-01T00:00:00Z', pause: 0, documents: ['a', 'b'] };
    const { executionArn } = await start(machineArn('fan-out'), input);

    const described = await settled(sfn, executionArn as string);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output as string)).toEqual({
      ...input,
      checks: [{ registry: 'ok' }, { vehicle: 'ok' }],
      stamped: ['stamped-a-0-A-fan', 'stamped-b-1-A-fan'],
    });
    const types = (await historyOf(sfn, executionArn as string)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['ParallelStateStarted', 'ParallelStateSucceeded', 'MapStateEntered', 'MapIterationSucceeded']));
    expect(types.filter((type) => type === 'WaitStateEntered')).toHaveLength(2);
    expect(types.filter((type) => type === 'MapIterationStarted')).toHaveLength(2);
  });

  it('times out a task-token task after TimeoutSeconds; States.TaskFailed does not catch the timeout', async () => {
    const { executionArn } = await start(machineArn('timeouts'), { applicationId: 'A-late' });
    const token = await lambdas.tokenFor('RequestDecision', 'A-late');

    const described = await settled(sfn, executionArn as string);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output as string)).toMatchObject({ escalation: 'escalated', error: { Error: 'States.Timeout' } });
    const events = await historyOf(sfn, executionArn as string);
    expect(events.find((e) => e.type === 'TaskTimedOut')?.taskTimedOutEventDetails?.error).toBe('States.Timeout');
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('keeps a task alive while heartbeats arrive and times it out when they stop', async () => {
    const startedAt = Date.now();
    const { executionArn } = await start(machineArn('heartbeat'), { applicationId: 'A-heartbeat', heartbeatSeconds: 1 });
    const token = await lambdas.tokenFor('RequestDecision', 'A-heartbeat');
    await new Promise((resolve) => setTimeout(resolve, 600));
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));

    const described = await settled(sfn, executionArn as string);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1500);
    expect(JSON.parse(described.output as string).error.Error).toBe('States.HeartbeatTimeout');
  });

  it('returns the running execution again for the same name and input, and refuses a different input', async () => {
    const name = `idempotent-${Date.now()}`;
    const first = await start(application, { applicationId: 'A-idem', fee: 30 }, name);
    const again = await start(application, { applicationId: 'A-idem', fee: 30 }, name);
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    await expect(start(application, { applicationId: 'A-other', fee: 30 }, name)).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    expect(lambdas.callsTo('SubmitFnA1B2C3').filter((c) => c.payload.applicationId === 'A-idem')).toHaveLength(1);

    await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn }));
    await expect(start(application, { applicationId: 'A-idem', fee: 30 }, name)).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('stops an execution: ABORTED, its token closed, the abort in the history', async () => {
    const { executionArn } = await start(application, { applicationId: 'A-stop', fee: 30 });
    const token = await lambdas.tokenFor('RequestPaymentFnD4E5F6', 'A-stop');

    const { stopDate } = await sfn.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'the citizen withdrew' }));
    expect(stopDate).toBeInstanceOf(Date);

    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({ status: 'ABORTED', error: 'Withdrawn' });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
    const events = await historyOf(sfn, executionArn as string);
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Withdrawn', cause: 'the citizen withdrew' } });
    expect(lambdas.callsTo('NotifyFn7A8B9C').some((c) => c.payload.applicationId === 'A-stop')).toBe(false);
  });

  it('lists executions by state machine and status, newest first, with paging', async () => {
    const running = await start(application, { applicationId: 'A-list', fee: 30 });
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: application, statusFilter: 'RUNNING' }));
    expect(executions?.map((e) => e.executionArn)).toContain(running.executionArn);
    expect(executions?.every((e) => e.status === 'RUNNING' && e.stateMachineArn === application)).toBe(true);

    const all = await sfn.send(new ListExecutionsCommand({ stateMachineArn: application }));
    const starts = (all.executions ?? []).map((e) => e.startDate?.getTime() as number);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    const firstPage = await sfn.send(new ListExecutionsCommand({ stateMachineArn: application, maxResults: 2 }));
    const secondPage = await sfn.send(new ListExecutionsCommand({ stateMachineArn: application, maxResults: 2, nextToken: firstPage.nextToken }));
    expect(secondPage.executions?.[0]?.executionArn).toBe(all.executions?.[2]?.executionArn);
    await sfn.send(new StopExecutionCommand({ executionArn: running.executionArn }));
  });

  it('reports unknown executions and state machines with the AWS error types', async () => {
    const executionArn = `arn:aws:states:${REGION}:${ACCOUNT}:execution:openkreis-test-application:nope`;
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn }))).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(start(machineArn('nope'), {})).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: application, input: '{not json' }))).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
    });
  });
});

describe('local Step Functions endpoint: definitions it cannot run faithfully', () => {
  const base = { port: 0, invokeLambda: async () => ({}), logger: quiet };

  it('rejects JSONata at startup instead of silently running something else', async () => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Output: '{% $states.input %}', End: true } } };
    await expect(startStepFunctionsEndpoint({ ...base, stateMachines: [{ arn: machineArn('jsonata'), name: 'jsonata', definition }] })).rejects.toThrow(
      /JSONata/,
    );
  });

  it('rejects Assign (workflow variables) at startup', async () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Pass', Assign: { total: 1 }, End: true } } };
    await expect(startStepFunctionsEndpoint({ ...base, stateMachines: [{ arn: machineArn('assign'), name: 'assign', definition }] })).rejects.toThrow(
      /Assign/,
    );
  });
});

describe('local Step Functions endpoint: restart', () => {
  const restartMachine: LocalStateMachine = {
    arn: machineArn('restartable'),
    name: 'restartable',
    definition: {
      StartAt: 'Submit',
      States: {
        Submit: { Type: 'Task', Resource: fn('Submit'), ResultPath: '$.submission', Next: 'CoolingOff' },
        CoolingOff: { Type: 'Wait', Seconds: 2, Next: 'AwaitPayment' },
        AwaitPayment: waitForToken(fn('RequestPayment'), 'Issue', { ResultPath: '$.payment' }),
        Issue: { Type: 'Task', Resource: fn('Issue'), End: true },
      },
    },
  };
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'openkreis-sfn-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  function lambdasForRestart() {
    const calls: string[] = [];
    let token: string | undefined;
    const invoke = async (functionArn: string, payload: unknown) => {
      const name = functionLogicalIdFromArn(functionArn);
      calls.push(name);
      const body = payload as { token?: string; payment?: unknown; submission?: unknown };
      if (name === 'RequestPayment') token = body.token;
      if (name === 'Issue') return { issued: true, payment: body.payment, submission: body.submission };
      return { submittedAt: 'T1' };
    };
    return { calls, invoke, token: () => token };
  }

  it('resumes a waiting execution after a restart: the old token completes it, earlier Lambdas are not invoked again', async () => {
    const before = lambdasForRestart();
    const first = await startStepFunctionsEndpoint({ port: 0, dataDir, stateMachines: [restartMachine], invokeLambda: before.invoke, logger: quiet });
    const firstClient = clientFor(first);
    const { executionArn } = await firstClient.send(
      new StartExecutionCommand({ stateMachineArn: restartMachine.arn, name: 'application-4711', input: '{"applicationId":"A-4711"}' }),
    );
    await until(() => before.token() !== undefined);
    const token = before.token() as string;
    firstClient.destroy();
    await first.close();
    expect(before.calls).toEqual(['Submit', 'RequestPayment']);

    const after = lambdasForRestart();
    const second = await startStepFunctionsEndpoint({ port: 0, dataDir, stateMachines: [restartMachine], invokeLambda: after.invoke, logger: quiet });
    const secondClient = clientFor(second);
    try {
      expect((await secondClient.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
      const resumedAt = Date.now();
      await secondClient.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"amount":30}' }));

      const described = await settled(secondClient, executionArn as string);
      expect(described.status).toBe('SUCCEEDED');
      // The 2 s Wait was already over before the restart and is not waited again.
      expect(Date.now() - resumedAt).toBeLessThan(1500);
      expect(after.calls).toEqual(['Issue']);
      expect(JSON.parse(described.output as string)).toEqual({ issued: true, payment: { amount: 30 }, submission: { submittedAt: 'T1' } });

      const events = await historyOf(secondClient, executionArn as string);
      const entered = events.filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails?.name);
      expect(entered).toEqual(['Submit', 'CoolingOff', 'AwaitPayment', 'Issue']);
      expect(events.filter((e) => e.type === 'TaskScheduled')).toHaveLength(1);
      expect(events.map((e) => e.id)).toEqual(events.map((_, index) => index + 1));
      await expect(secondClient.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
    } finally {
      secondClient.destroy();
      await second.close();
    }
  });

  it('keeps finished executions and their closed tokens across a restart', async () => {
    const lambdas = lambdasForRestart();
    const endpoint = await startStepFunctionsEndpoint({ port: 0, dataDir, stateMachines: [restartMachine], invokeLambda: lambdas.invoke, logger: quiet });
    const client = clientFor(endpoint);
    try {
      const { executions } = await client.send(new ListExecutionsCommand({ stateMachineArn: restartMachine.arn, statusFilter: 'SUCCEEDED' }));
      expect(executions?.map((e) => e.name)).toEqual(['application-4711']);
      expect(lambdas.calls).toEqual([]);
    } finally {
      client.destroy();
      await endpoint.close();
    }
  });
});
