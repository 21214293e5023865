import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { requireEnv } from '#core/config';
import { sfn } from '#core/sfn';

const ONBOARDING_STATE_MACHINE_ARN = requireEnv('ONBOARDING_STATE_MACHINE_ARN');

/** The execution input carries ids only: no personal data ends up in the Step Functions history. */
export interface OnboardingInput {
  tenantId: string;
  attempt: number;
}

/** The execution name makes each attempt unique: starting the same attempt twice never runs it twice. */
export async function startOnboarding(input: OnboardingInput): Promise<string> {
  const result = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: ONBOARDING_STATE_MACHINE_ARN,
      name: `${input.tenantId}-attempt-${input.attempt}`,
      input: JSON.stringify(input),
    }),
  );
  return result.executionArn!;
}
