/**
 * The application's workflow execution. It is named after the application — and, when the applicant pays again, after
 * the number of that payment — which makes starting it idempotent: Step Functions answers a second StartExecution
 * with the same name and input with the running execution, and with `ExecutionAlreadyExists` when it ran already or
 * runs with another input — either way the execution exists. So whoever finds an application that should be running
 * (the submission, its retry, paying again, the repair) may simply start it.
 */
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { requireEnv } from '#core/config';
import { sfn } from '#core/sfn';
import type { TenantConfig } from '#functions/tenants/schemas';
import { paymentAttemptOf, type Application } from './model.ts';
import { paymentRequest } from './workflow/context.ts';

const STATE_MACHINE_ARN = requireEnv('APPLICATIONS_STATE_MACHINE_ARN');

type Execution = Pick<Application, 'applicationId' | 'paymentAttempt'>;

/**
 * The execution's name: the application id for the first run (the submission's), `<id>-payment-<n>` for the run that
 * a paying-again started with the n-th payment (each such run starts at the payment and ends the application).
 */
export function executionName(app: Execution): string {
  const attempt = paymentAttemptOf(app);
  return attempt === 1 ? app.applicationId : `${app.applicationId}-payment-${attempt}`;
}

/** `arn:…:stateMachine:<machine>` → `arn:…:execution:<machine>:<execution name>`. */
export function executionArnOf(app: Execution): string {
  return `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${executionName(app)}`;
}

export async function startWorkflow(
  app: Pick<Application, 'tenantId' | 'applicationId' | 'serviceId' | 'caseNumber' | 'fee' | 'paymentAttempt'>,
  serviceTitle: string,
  config: TenantConfig,
): Promise<'started' | 'exists'> {
  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: executionName(app),
        // Ids and the payment terms; no personal data in the execution history.
        input: JSON.stringify({ tenantId: app.tenantId, applicationId: app.applicationId, fee: paymentRequest(app, serviceTitle, config) }),
      }),
    );
    return 'started';
  } catch (error) {
    if ((error as Error).name === 'ExecutionAlreadyExists') return 'exists';
    throw error;
  }
}

/** Whether the application's current execution runs, has ended (how), or was never started. */
export async function executionOf(app: Execution): Promise<{ state: 'running' } | { state: 'ended'; status: string } | { state: 'missing' }> {
  try {
    const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArnOf(app) }));
    return status === 'RUNNING' ? { state: 'running' } : { state: 'ended', status: status ?? 'UNKNOWN' };
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return { state: 'missing' };
    throw error;
  }
}
