import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requireEnv } from '#core/config';
import { logger } from '#core/logger';
import { sfn } from '#core/sfn';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import type { AccountsJob } from './domain.ts';
import { finishAccountsJob } from './store.ts';

const ACCOUNTS_STATE_MACHINE_ARN = requireEnv('ACCOUNTS_STATE_MACHINE_ARN');

/**
 * Starts the job that disables or enables a tenant's accounts (the tenant-accounts workflow). The execution name makes
 * each run unique. If the workflow cannot be started, the job is recorded as failed before the error propagates, so
 * that asking again runs it — it is never left `running` with nothing behind it.
 */
export async function startAccountsJob(db: DynamoDBDocumentClient, tenantId: string, job: AccountsJob): Promise<void> {
  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: ACCOUNTS_STATE_MACHINE_ARN,
        name: `${tenantId}-${job.action}-${job.run}`,
        input: JSON.stringify({ tenantId, action: job.action, run: job.run }),
      }),
    );
  } catch (error) {
    logger.error('Could not start the tenant accounts job', { tenantId, action: job.action, run: job.run, error: error as Error });
    await finishAccountsJob(db, COUNTY_TENANT_ID, tenantId, {
      run: job.run,
      state: 'failed',
      failureReason: 'Der Workflow für die Benutzerkonten konnte nicht gestartet werden. Bitte erneut auslösen.',
      now: new Date(),
    });
    throw error;
  }
}
