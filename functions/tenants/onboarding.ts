import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requireEnv } from '#core/config';
import { logger } from '#core/logger';
import { sfn } from '#core/sfn';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { transitionRecord } from './store.ts';

const ONBOARDING_STATE_MACHINE_ARN = requireEnv('ONBOARDING_STATE_MACHINE_ARN');

/** The execution input carries ids only: no personal data ends up in the Step Functions history. */
export interface OnboardingInput {
  tenantId: string;
  attempt: number;
}

/**
 * Starts an onboarding attempt. The execution name makes each attempt unique, so starting the same attempt twice
 * never runs it twice. If the workflow cannot be started, the tenant is marked `failed` (retryable) before the error
 * propagates: a tenant is never left in `onboarding` with no workflow behind it.
 */
export async function startOnboarding(db: DynamoDBDocumentClient, input: OnboardingInput): Promise<void> {
  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: ONBOARDING_STATE_MACHINE_ARN,
        name: `${input.tenantId}-attempt-${input.attempt}`,
        input: JSON.stringify(input),
      }),
    );
  } catch (error) {
    logger.error('Could not start onboarding', { tenantId: input.tenantId, error: error as Error });
    await transitionRecord(db, COUNTY_TENANT_ID, input.tenantId, {
      from: ['onboarding'],
      to: 'failed',
      now: new Date(),
      failureReason: 'Der Onboarding-Workflow konnte nicht gestartet werden. Bitte wiederholen.',
    });
    throw error;
  }
}
