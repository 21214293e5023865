import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Caller } from '#core/auth';
import { getEmployee } from '../employees/store.ts';
import type { Employee } from '../model.ts';
import { NotAnEmployee } from './errors.ts';

/** The learner is the caller (`sub`), known to the training module as an employee of the caller's tenant. */
export async function requireEmployee(db: DynamoDBDocumentClient, caller: Caller): Promise<Employee> {
  const employee = await getEmployee(db, caller.tenantId, caller.userId);
  if (!employee) throw new NotAnEmployee();
  return employee;
}
