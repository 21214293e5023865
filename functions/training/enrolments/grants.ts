/**
 * The administration grants an employee further quiz attempts in the current cycle of an assigned course — the way out
 * of "no attempts left" that the learner is pointed to. Recorded on the cycle, appended: how many, why, who, when.
 * A new cycle (recertification, a new assignment after a lapse) starts with the course's attempts again and no grants.
 *
 * DynamoDB: the employee profile (GetItem) and the latest cycle (Query) at the same time, then one conditional
 * UpdateItem; a concurrent change of the cycle makes the request look again.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getEmployee } from '../employees/store.ts';
import { MAX_GRANTED_ATTEMPTS, attemptsGranted, grantDecision, type AttemptGrant, type EnrolmentRecord } from './domain.ts';
import { EmployeeNotFound, GrantLimitReached, GrantNotApplicable, NoQuiz } from './errors.ts';
import { latestCycle, recordAttemptGrant } from './store.ts';

const MAX_RACES = 3;

export async function grantAttempts(
  db: DynamoDBDocumentClient,
  tenantId: string,
  input: { employeeId: string; courseId: string; additional: number; reason: string; grantedBy: string; now: Date },
): Promise<{ enrolment: EnrolmentRecord; grant: AttemptGrant }> {
  const grant: AttemptGrant = { additional: input.additional, reason: input.reason, grantedBy: input.grantedBy, grantedAt: input.now.toISOString() };
  for (let race = 0; race < MAX_RACES; race++) {
    const [employee, latest] = await Promise.all([
      getEmployee(db, tenantId, input.employeeId),
      latestCycle(db, tenantId, input.employeeId, input.courseId),
    ]);
    if (!employee) throw new EmployeeNotFound();
    const decision = employee.deactivatedAt !== undefined ? 'inactive' : grantDecision(latest, input.additional);
    switch (decision) {
      case 'not-assigned':
        throw new GrantNotApplicable('Dieser Kurs ist der Person nicht zugewiesen. Zusätzliche Versuche gibt es für zugewiesene Kurse.');
      case 'inactive':
        throw new GrantNotApplicable('Die Person ist deaktiviert und nimmt an der Fortbildung nicht teil. Bitte aktivieren Sie sie zuerst wieder.');
      case 'completed':
        throw new GrantNotApplicable('Die Person hat diesen Kurs bereits abgeschlossen.');
      case 'expired':
        throw new GrantNotApplicable('Der letzte Durchgang dieses Kurses ist abgelaufen; der nächste beginnt mit allen Versuchen.');
      case 'no-quiz':
        throw new NoQuiz();
      case 'limit':
        throw new GrantLimitReached(
          `In diesem Durchgang wurden bereits ${attemptsGranted(latest!)} zusätzliche Versuche gewährt; insgesamt sind höchstens ${MAX_GRANTED_ATTEMPTS} möglich.`,
          [{ field: 'body/additional', message: `Höchstens ${MAX_GRANTED_ATTEMPTS - attemptsGranted(latest!)} weitere.` }],
        );
      case 'grant': {
        const enrolment = await recordAttemptGrant(db, { enrolment: latest!, grant, now: input.now });
        if (enrolment) return { enrolment, grant };
      }
    }
  }
  throw new GrantNotApplicable('Der Durchgang wurde gleichzeitig geändert. Bitte versuchen Sie es erneut.');
}
