import { Duration } from 'aws-cdk-lib';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Fail,
  LogLevel,
  StateMachine,
  StateMachineType,
  Succeed,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledgeInvokeWildcards } from './onboarding-workflow.ts';

export interface TenantAccountsWorkflowProps {
  readonly stage: string;
  readonly steps: { updateAccounts: IFunction; markFailed: IFunction };
  readonly logRetention: RetentionDays;
}

/**
 * Disabling (deactivation) or enabling (reactivation) a tenant's user accounts (Step Functions Standard, JSONPath):
 * UpdateAccounts works one slice and returns the input of the next one (the cursor) → AllAccountsDone? → again, or
 * AccountsUpdated. The state carries the cursor between slices, so a crashed slice is retried from where it began and
 * a tenant of any size never needs one long invocation. Errors are retried with backoff (Cognito throttles Admin
 * calls); what still fails → MarkAccountsFailed → AccountsFailed. Input and state are ids and the cursor only.
 */
export class TenantAccountsWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: TenantAccountsWorkflowProps) {
    super(scope, id);
    const markFailed = new LambdaInvoke(this, 'MarkAccountsFailed', {
      stateName: 'MarkAccountsFailed',
      lambdaFunction: props.steps.markFailed,
      payloadResponseOnly: true,
      resultPath: '$.results.MarkAccountsFailed',
    }).next(new Fail(this, 'AccountsFailed', { error: 'AccountsFailed', cause: 'The tenant accounts job failed; see the tenant registry entry' }));

    const update = new LambdaInvoke(this, 'UpdateAccounts', {
      stateName: 'UpdateAccounts',
      lambdaFunction: props.steps.updateAccounts,
      payloadResponseOnly: true,
      // The step's answer is the next slice's input: tenant, action, run, cursor, done.
      resultPath: '$',
      taskTimeout: Timeout.duration(Duration.seconds(60)),
      retryOnServiceExceptions: true,
    });
    update.addRetry({ errors: ['InvalidTaskInput'], maxAttempts: 0 });
    update.addRetry({ errors: ['States.ALL'], maxAttempts: 6, interval: Duration.seconds(5), backoffRate: 2 });
    update.addCatch(markFailed, { errors: ['States.ALL'], resultPath: '$.error' });

    const definition = update.next(
      new Choice(this, 'AllAccountsDone')
        .when(Condition.booleanEquals('$.done', true), new Succeed(this, 'AccountsUpdated'))
        .otherwise(update),
    );

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: `openkreis-${props.stage}-tenant-accounts`,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      timeout: Duration.hours(24),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', { retention: props.logRetention }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    acknowledgeInvokeWildcards(this.stateMachine, Object.values(props.steps));
  }
}
