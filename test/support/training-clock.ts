import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { localClientConfig } from '../../infra/local/emulators/aws-clients.ts';
import { monthOf } from '../../functions/core/dates.ts';
import { partitionKey } from '../../functions/core/keys.ts';
import { cycleLabel } from '../../functions/training/enrolments/domain.ts';

/**
 * Time passing for an assignment, in the data: the platform that the tests share runs in one process with one clock
 * for every test file, so a test cannot set it forward. Instead the due date of an employee's first cycle of a course
 * is moved into the past — in the cycle and in the due index, as the assignment would have written it on an earlier
 * day (key layout: `functions/training/model.ts`). Everything that reads the data then sees what it would see after
 * the due date: the lists and reports show the course overdue, the daily job reminds and escalates.
 */
export async function moveDueDate(tenantId: string, employeeId: string, courseId: string, dueDate: string): Promise<void> {
  const platform = inject('platform');
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(platform.endpoints.dynamodb)));
  await db.send(
    new UpdateCommand({
      TableName: platform.environment.TABLE_NAME,
      Key: { PK: partitionKey(tenantId, 'EMPLOYEE', employeeId), SK: `ENROL#${courseId}#${cycleLabel(1)}` },
      UpdateExpression: 'SET dueDate = :due, GSI2PK = :pk, GSI2SK = :sk',
      ConditionExpression: 'attribute_exists(PK) AND attribute_exists(dueDate)',
      ExpressionAttributeValues: { ':due': dueDate, ':pk': partitionKey(tenantId, 'DUE', monthOf(dueDate)), ':sk': `${dueDate}#${employeeId}#${courseId}` },
    }),
  );
}
