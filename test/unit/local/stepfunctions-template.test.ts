import { describe, expect, it } from 'vitest';
import { functionLogicalIdFromArn, stateMachinesFromTemplate } from '../../../infra/local/stepfunctions/template.ts';

const env = { region: 'eu-central-1', account: '000000000000' };

function templateWith(properties: object, extraResources: object = {}) {
  return {
    Resources: {
      SubmitFn12AB: { Type: 'AWS::Lambda::Function', Properties: {} },
      DataTable3CD4: { Type: 'AWS::DynamoDB::Table', Properties: {} },
      Machine5EF6: { Type: 'AWS::StepFunctions::StateMachine', Properties: properties },
      ...extraResources,
    },
  };
}

describe('stateMachinesFromTemplate', () => {
  it('resolves a CDK Fn::Join definition with Ref and Fn::GetAtt of a Lambda', () => {
    const [machine] = stateMachinesFromTemplate(
      templateWith({
        StateMachineName: 'openkreis-dev-application',
        DefinitionString: {
          'Fn::Join': [
            '',
            [
              '{"StartAt":"Submit","States":{"Submit":{"Type":"Task","Resource":"arn:',
              { Ref: 'AWS::Partition' },
              ':states:::lambda:invoke","Parameters":{"FunctionName":"',
              { 'Fn::GetAtt': ['SubmitFn12AB', 'Arn'] },
              '","Payload.$":"$","Region":"',
              { Ref: 'AWS::Region' },
              '","Account":"',
              { Ref: 'AWS::AccountId' },
              '","Table":"',
              { 'Fn::GetAtt': ['DataTable3CD4', 'Arn'] },
              '","TableName":"',
              { Ref: 'DataTable3CD4' },
              '"},"End":true}}}',
            ],
          ],
        },
      }),
      env,
    );
    expect(machine).toEqual({
      arn: 'arn:aws:states:eu-central-1:000000000000:stateMachine:openkreis-dev-application',
      name: 'openkreis-dev-application',
      definition: {
        StartAt: 'Submit',
        States: {
          Submit: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: {
              FunctionName: 'arn:aws:lambda:eu-central-1:000000000000:function:SubmitFn12AB',
              'Payload.$': '$',
              Region: 'eu-central-1',
              Account: '000000000000',
              Table: 'arn:aws:dynamodb:eu-central-1:000000000000:DataTable3CD4',
              TableName: 'DataTable3CD4',
            },
            End: true,
          },
        },
      },
    });
  });

  it('falls back to the logical id when the state machine has no name', () => {
    const [machine] = stateMachinesFromTemplate(templateWith({ DefinitionString: '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}' }), env);
    expect(machine?.name).toBe('Machine5EF6');
    expect(machine?.arn).toBe('arn:aws:states:eu-central-1:000000000000:stateMachine:Machine5EF6');
  });

  it('applies DefinitionSubstitutions and Fn::Sub', () => {
    const [machine] = stateMachinesFromTemplate(
      templateWith({
        DefinitionString: '{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${Built}","Comment":"${ViaGetAtt}","End":true}}}',
        DefinitionSubstitutions: {
          Built: { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${SubmitFn12AB}' },
          ViaGetAtt: { 'Fn::Sub': '${SubmitFn12AB.Arn}' },
        },
      }),
      env,
    );
    const state = (machine?.definition as { States: { A: { Resource: string; Comment: string } } }).States.A;
    expect(state.Resource).toBe('arn:aws:lambda:eu-central-1:000000000000:function:SubmitFn12AB');
    expect(state.Comment).toBe(state.Resource);
  });

  it('ignores resources that are not state machines and fails loudly on intrinsics it cannot resolve', () => {
    expect(stateMachinesFromTemplate({ Resources: { SubmitFn12AB: { Type: 'AWS::Lambda::Function' } } }, env)).toEqual([]);
    expect(() => stateMachinesFromTemplate(templateWith({ DefinitionString: { 'Fn::ImportValue': 'shared-definition' } }), env)).toThrow(
      /Unsupported intrinsic.*Fn::ImportValue/,
    );
  });
});

describe('functionLogicalIdFromArn', () => {
  it('returns the function name of full, qualified and partial ARNs and of bare names', () => {
    expect(functionLogicalIdFromArn('arn:aws:lambda:eu-central-1:000000000000:function:SubmitFn12AB')).toBe('SubmitFn12AB');
    expect(functionLogicalIdFromArn('arn:aws:lambda:eu-central-1:000000000000:function:SubmitFn12AB:$LATEST')).toBe('SubmitFn12AB');
    expect(functionLogicalIdFromArn('000000000000:function:SubmitFn12AB')).toBe('SubmitFn12AB');
    expect(functionLogicalIdFromArn('SubmitFn12AB')).toBe('SubmitFn12AB');
  });

  it('rejects ARNs of other services', () => {
    expect(() => functionLogicalIdFromArn('arn:aws:states:eu-central-1:000000000000:stateMachine:x')).toThrow(/Not a Lambda function/);
  });
});
