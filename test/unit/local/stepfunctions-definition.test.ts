import { describe, expect, it } from 'vitest';
import { prepareMachine } from '../../../infra/local/stepfunctions/definition.ts';

const arn = 'arn:aws:states:eu-central-1:000000000000:stateMachine:test';
const fn = 'arn:aws:lambda:eu-central-1:000000000000:function:Fn';
const prepare = (definition: object) => prepareMachine({ arn, name: 'test', definition });
const single = (state: object) => ({ StartAt: 'S', States: { S: { End: true, ...state } } });

describe('prepareMachine: what the local runtime refuses', () => {
  it.each([
    ['JSONata at the top level', { QueryLanguage: 'JSONata', ...single({ Type: 'Pass' }) }, /QueryLanguage JSONata/],
    ['JSONata in one state', single({ Type: 'Pass', QueryLanguage: 'JSONata' }), /"S": QueryLanguage JSONata/],
    ['Assign on a state', single({ Type: 'Pass', Assign: { x: 1 } }), /"S": Assign/],
    [
      'Assign in a Choice rule',
      { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Assign: { x: 1 }, Next: 'D' }], Default: 'D' }, D: { Type: 'Succeed' } } },
      /"C": Assign/,
    ],
    ['an unsupported resource', single({ Type: 'Task', Resource: 'arn:aws:states:::sns:publish' }), /resource arn:aws:states:::sns:publish is not supported/],
    [
      'a callback task without $$.Task.Token',
      single({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: fn } }),
      /must pass \$\$\.Task\.Token/,
    ],
    [
      'a state name used in two branches',
      single({ Type: 'Parallel', Branches: [single({ Type: 'Pass' }), single({ Type: 'Pass' })] }),
      /state name "S" is used more than once/,
    ],
  ])('rejects %s', (_, definition, message) => {
    expect(() => prepare(definition)).toThrow(message);
  });

  it('reports ASL the library finds invalid', () => {
    expect(() => prepare({ StartAt: 'Missing', States: { S: { Type: 'Succeed' } } })).toThrow(/State machine test/);
  });
});

describe('prepareMachine: the rewritten definition', () => {
  it('leaves task timing to the endpoint and gives the library a timeout that never overflows setTimeout', () => {
    const prepared = prepare(single({ Type: 'Task', Resource: fn, TimeoutSeconds: 31_536_000, HeartbeatSeconds: 60 }));
    const task = prepared.runnable.States.S as unknown as Record<string, unknown>;
    expect(task.TimeoutSeconds).toBeLessThanOrEqual((2 ** 31 - 1) / 1000);
    expect(task.HeartbeatSeconds).toBeUndefined();
    expect(prepared.tasks.get('S')).toMatchObject({ kind: 'lambda-function', timeoutSeconds: 31_536_000, heartbeatSeconds: 60, enveloped: false });
  });

  it('wraps Parameters so the library evaluates TimeoutSecondsPath for the endpoint', () => {
    const prepared = prepare(
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: fn, 'Payload.$': '$' },
        TimeoutSecondsPath: '$.deadline',
      }),
    );
    const task = prepared.runnable.States.S as unknown as Record<string, unknown>;
    expect(task.Parameters).toEqual({
      __openkreisParameters: { FunctionName: fn, 'Payload.$': '$' },
      '__openkreisTimeoutSeconds.$': '$.deadline',
    });
    expect(task.TimeoutSecondsPath).toBeUndefined();
    expect(prepared.tasks.get('S')?.enveloped).toBe(true);
  });

  it('turns Wait states into endpoint-served tasks that keep InputPath and OutputPath', () => {
    const prepared = prepare(single({ Type: 'Wait', SecondsPath: '$.pause', InputPath: '$.a', OutputPath: '$.b' }));
    expect(prepared.runnable.States.S).toMatchObject({
      Type: 'Task',
      InputPath: '$.a',
      OutputPath: '$.b',
      Parameters: { '__openkreisParameters.$': '$', '__openkreisWaitSeconds.$': '$.pause' },
    });
    expect(prepared.waits.has('S')).toBe(true);
    expect(prepared.tasks.has('S')).toBe(false);
  });

  it('lets States.Timeout match heartbeat timeouts, as in AWS', () => {
    const prepared = prepare(
      single({ Type: 'Task', Resource: fn, Retry: [{ ErrorEquals: ['States.Timeout'] }], Catch: [{ ErrorEquals: ['States.Timeout', 'X'], Next: 'S' }] }),
    );
    const task = prepared.runnable.States.S as unknown as { Retry: Array<{ ErrorEquals: string[] }>; Catch: Array<{ ErrorEquals: string[] }> };
    expect(task.Retry[0]?.ErrorEquals).toEqual(['States.Timeout', 'States.HeartbeatTimeout']);
    expect(task.Catch[0]?.ErrorEquals).toEqual(['States.Timeout', 'X', 'States.HeartbeatTimeout']);
  });

  it('points $$.Execution.Input and StartTime at context fields the library does not overwrite', () => {
    const prepared = prepare(
      single({ Type: 'Pass', Parameters: { 'input.$': '$$.Execution.Input.id', 'at.$': "States.Format('{}', $$.Execution.StartTime)", 'name.$': '$$.Execution.Name' } }),
    );
    expect((prepared.runnable.States.S as unknown as { Parameters: object }).Parameters).toEqual({
      'input.$': '$$.Execution.OriginalInput.id',
      'at.$': "States.Format('{}', $$.Execution.OriginalStartTime)",
      'name.$': '$$.Execution.Name',
    });
  });

  it('keeps the definition as given for DescribeStateMachine and the execution timeout for the endpoint', () => {
    const definition = { TimeoutSeconds: 90, ...single({ Type: 'Wait', Seconds: 5 }) };
    const prepared = prepare(definition);
    expect(prepared.definition).toEqual(definition);
    expect(prepared.timeoutSeconds).toBe(90);
    expect(prepared.runnable.TimeoutSeconds).toBeUndefined();
  });
});
