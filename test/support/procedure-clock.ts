import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { localClientConfig } from '../../infra/local/emulators/aws-clients.ts';
import { partitionKey } from '../../functions/core/keys.ts';

/**
 * Time passing for an open procedure step (hearing, request), in the data: the shared platform has one clock for every
 * test file, so instead the step's deadline is moved — in the step, in the open-steps index and in the application's
 * `openStep`, as the step would have been written on an earlier day (key layout: `functions/applications/
 * procedure-store.ts`). The repair schedule then sees what it would see after the deadline.
 */
export async function moveStepDeadline(tenantId: string, applicationId: string, stepId: string, deadline: string): Promise<void> {
  const platform = inject('platform');
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(platform.endpoints.dynamodb)));
  const pk = partitionKey(tenantId, 'APP', applicationId);
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: platform.environment.TABLE_NAME,
            Key: { PK: pk, SK: `STEP#${stepId}` },
            UpdateExpression: 'SET deadline = :deadline, GSI2SK = :sk',
            ConditionExpression: '#status = :open',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':deadline': deadline, ':sk': `${deadline}#${applicationId}#${stepId}`, ':open': 'open' },
          },
        },
        {
          Update: {
            TableName: platform.environment.TABLE_NAME,
            Key: { PK: pk, SK: 'META' },
            UpdateExpression: 'SET openStep.deadline = :deadline',
            ConditionExpression: 'openStep.stepId = :step',
            ExpressionAttributeValues: { ':deadline': deadline, ':step': stepId },
          },
        },
      ],
    }),
  );
}
