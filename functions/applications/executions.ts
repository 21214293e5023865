/**
 * The application's workflow execution. It is named after the application, which makes starting it idempotent: Step
 * Functions answers a second StartExecution with the same name and input with the running execution, and with
 * `ExecutionAlreadyExists` when it ran already or runs with another input — either way the execution exists. So
 * whoever finds an application that should be running (the submission, its retry, the repair) may simply start it.
 */
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { requireEnv } from '#core/config';
import { sfn } from '#core/sfn';
import type { TenantConfig } from '#functions/tenants/schemas';
import type { Application } from './model.ts';
import { paymentRequest } from './workflow/context.ts';

const STATE_MACHINE_ARN = requireEnv('APPLICATIONS_STATE_MACHINE_ARN');

/** `arn:…:stateMachine:<machine>` → `arn:…:execution:<machine>:<applicationId>`. */
export function executionArnOf(applicationId: string): string {
  return `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${applicationId}`;
}

export async function startWorkflow(
  app: Pick<Application, 'tenantId' | 'applicationId' | 'serviceId' | 'caseNumber' | 'fee'>,
  serviceTitle: string,
  config: TenantConfig,
): Promise<'started' | 'exists'> {
  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: app.applicationId,
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

/** Whether the application's execution runs, has ended (how), or was never started. */
export async function executionOf(applicationId: string): Promise<{ state: 'running' } | { state: 'ended'; status: string } | { state: 'missing' }> {
  try {
    const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArnOf(applicationId) }));
    return status === 'RUNNING' ? { state: 'running' } : { state: 'ended', status: status ?? 'UNKNOWN' };
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return { state: 'missing' };
    throw error;
  }
}
