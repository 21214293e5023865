import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { currentCourse, snapshotCourse } from '../catalog.ts';
import { assignCourse } from '../enrolments/store.ts';
import { mapWithLimit } from '../employees/concurrency.ts';
import type { Course, Employee } from '../model.ts';
import { berlinDate } from '#core/dates';
import { dueDateFor, ruleMatches, type AssignmentRule } from './domain.ts';

/** Parallel assignments per request: enough to be quick, few enough not to be throttled. */
const ASSIGNMENT_CONCURRENCY = 8;

export interface ApplyResult {
  /** New assignments. */
  assigned: number;
  /** Matches that were already assigned (the enrolment store keeps one open cycle per course). */
  existing: number;
  /** New assignments per employee id. */
  assignedTo: Map<string, number>;
  /** Rules whose course no longer exists for the tenant; nothing was assigned for them. */
  skipped: Array<{ ruleId: string; courseId: string }>;
}

/**
 * Assigns the courses of `rules` to the `employees` they match. Safe to repeat: an existing assignment is left as it
 * is (`assignCourse` answers `exists`), so a rule applied again after a failure only adds what is missing.
 */
export async function applyRules(
  db: DynamoDBDocumentClient,
  input: { tenantId: string; rules: readonly AssignmentRule[]; employees: readonly Employee[]; now: Date; courses?: Map<string, Course> },
): Promise<ApplyResult> {
  const today = berlinDate(input.now);
  const courses = new Map<string, Course | undefined>(input.courses ?? []);
  const result: ApplyResult = { assigned: 0, existing: 0, assignedTo: new Map(), skipped: [] };
  // One assignment per employee and course: when several rules give the same course to someone (their department's
  // and the all-staff rule), the earliest due date wins, not whichever write happens to come first.
  const work = new Map<string, { rule: AssignmentRule; course: Course; employee: Employee; dueDate: string }>();
  for (const rule of input.rules) {
    if (!courses.has(rule.courseId)) courses.set(rule.courseId, await currentCourse(db, input.tenantId, rule.courseId));
    const course = courses.get(rule.courseId);
    if (!course) {
      result.skipped.push({ ruleId: rule.ruleId, courseId: rule.courseId });
      continue;
    }
    for (const employee of input.employees) {
      // A deactivated employee gets nothing assigned (the enrolment store refuses it too, should one be deactivated now).
      if (employee.deactivatedAt !== undefined || !ruleMatches(rule, employee)) continue;
      const key = `${employee.employeeId}#${course.id}`;
      const dueDate = dueDateFor(rule, employee, today);
      const earlier = work.get(key);
      if (!earlier || dueDate < earlier.dueDate) work.set(key, { rule, course, employee, dueDate });
    }
  }
  const planned = [...work.values()];
  // Enrolments refer to a stored version of the course (the learner keeps the version they started with), so the
  // version is snapshotted into the tenant's partition before anything refers to it. Idempotent.
  const used = new Map(planned.map(({ course }) => [course.id, course]));
  for (const course of used.values()) await snapshotCourse(db, input.tenantId, course);
  const outcomes = await mapWithLimit(planned, ASSIGNMENT_CONCURRENCY, ({ rule, course, employee, dueDate }) =>
    assignCourse(db, {
      tenantId: input.tenantId,
      employee,
      // The whole version: the enrolment copies its title and size for the learner's overview.
      course,
      dueDate,
      ruleId: rule.ruleId,
      now: input.now,
    }),
  );
  outcomes.forEach((outcome, index) => {
    if (outcome !== 'assigned') {
      result.existing += 1;
      return;
    }
    const { employeeId } = planned[index]!.employee;
    result.assigned += 1;
    result.assignedTo.set(employeeId, (result.assignedTo.get(employeeId) ?? 0) + 1);
  });
  return result;
}
