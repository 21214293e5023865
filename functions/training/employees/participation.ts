/**
 * Whether an employee takes part in the training: a tenant admin deactivates a person who left the authority (or is on
 * long leave) and reactivates them when they are back. Deactivation keeps everything — cycles, certificates, the xAPI
 * history, the account — but while it lasts the person counts in no report (assigned, done or overdue), gets no
 * reminders and no new assignments, and cannot learn (their certificates stay downloadable). Reactivation counts their
 * training again where it stands and applies the tenant's rules to them, as an import would.
 *
 * Order, and why: the profile is marked first, so that no new cycle can begin behind the deactivation (the enrolment
 * store's transactions check it); then the person's latest cycles change sides. Both steps are repeatable, so a
 * request that failed half-way is finished by asking again.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EmployeeNotFound } from '../enrolments/errors.ts';
import { setTrainingActive } from '../enrolments/store.ts';
import type { Employee } from '../model.ts';
import { applyRules } from '../rules/apply.ts';
import { listRules } from '../rules/store.ts';
import { setEmployeeDeactivation } from './store.ts';

export async function deactivateEmployee(db: DynamoDBDocumentClient, tenantId: string, employeeId: string, input: { by: string; now: Date }): Promise<Employee> {
  const employee = await setEmployeeDeactivation(db, tenantId, employeeId, input);
  if (!employee) throw new EmployeeNotFound();
  await setTrainingActive(db, tenantId, employeeId, false, input.now);
  return employee;
}

export async function reactivateEmployee(db: DynamoDBDocumentClient, tenantId: string, employeeId: string, now: Date): Promise<{ employee: Employee; assigned: number }> {
  const employee = await setEmployeeDeactivation(db, tenantId, employeeId, undefined);
  if (!employee) throw new EmployeeNotFound();
  await setTrainingActive(db, tenantId, employeeId, true, now);
  const applied = await applyRules(db, { tenantId, rules: await listRules(db, tenantId), employees: [employee], now });
  return { employee, assigned: applied.assigned };
}
