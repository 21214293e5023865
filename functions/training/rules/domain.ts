import * as z from '#core/zod';
import type { Employee } from '../model.ts';
import { groupKey, matchesFilter } from '../employees/domain.ts';
import { addDays } from '#core/dates';

/**
 * Assignment rules (ILIAS calls them org-unit automations): "everybody in the Bürgerbüro does course X within 30 days".
 * A rule names a course and a group — a department, a job role, both (AND), or neither (all staff: a municipality may
 * make a county course mandatory for its whole staff) — and how the due date is counted:
 * - `assignment`: assignment day + `dueDays` (for the staff already there when the rule is made);
 * - `start-date`: max(today, start date) + `dueDays` (onboarding: "within 14 days of starting"; a start date in the
 *   past counts from today, so nobody is overdue the moment a rule is made).
 */
export const RELATIVE_TO = ['assignment', 'start-date'] as const;

const group = (label: string) =>
  z.optional(
    z.string().check(
      z.trim(),
      z.minLength(1, `${label} darf nicht leer sein; lassen Sie das Feld weg, um alle einzuschließen.`),
      z.maxLength(100, `${label} darf höchstens 100 Zeichen lang sein.`),
      z.refine((value) => !value.includes('#'), `${label} darf das Zeichen „#“ nicht enthalten.`),
    ),
  );

export const createRuleSchema = z.strictObject({
  courseId: z.string().check(
    z.trim(),
    z.minLength(1, 'Bitte geben Sie den Kurs an.'),
    z.maxLength(100, 'Die Kurs-ID ist zu lang.'),
    z.refine((value) => !value.includes('#'), 'Die Kurs-ID darf das Zeichen „#“ nicht enthalten.'),
  ),
  department: group('Die Abteilung'),
  jobRole: group('Die Rolle'),
  dueDays: z.number().check(
    z.int('Die Frist muss eine ganze Zahl von Tagen sein.'),
    z.gte(1, 'Die Frist beträgt mindestens 1 Tag.'),
    z.lte(365, 'Die Frist beträgt höchstens 365 Tage.'),
  ),
  relativeTo: z.enum(RELATIVE_TO, { error: 'relativeTo ist "assignment" (ab Zuweisung) oder "start-date" (ab Eintrittsdatum).' }),
});
export type CreateRuleInput = z.infer<typeof createRuleSchema>;

export const rulePathSchema = z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(64)) });

export interface AssignmentRule {
  ruleId: string;
  tenantId: string;
  courseId: string;
  department?: string;
  jobRole?: string;
  dueDays: number;
  relativeTo: (typeof RELATIVE_TO)[number];
  createdAt: string;
  createdBy: string;
}

export function newRule(input: CreateRuleInput, context: { ruleId: string; tenantId: string; by: string; now: Date }): AssignmentRule {
  return {
    ruleId: context.ruleId,
    tenantId: context.tenantId,
    courseId: input.courseId,
    ...(input.department !== undefined ? { department: input.department } : {}),
    ...(input.jobRole !== undefined ? { jobRole: input.jobRole } : {}),
    dueDays: input.dueDays,
    relativeTo: input.relativeTo,
    createdAt: context.now.toISOString(),
    createdBy: context.by,
  };
}

export function ruleMatches(rule: Pick<AssignmentRule, 'department' | 'jobRole'>, employee: Pick<Employee, 'department' | 'jobRole'>): boolean {
  return matchesFilter(employee, {
    ...(rule.department !== undefined ? { department: rule.department } : {}),
    ...(rule.jobRole !== undefined ? { jobRole: rule.jobRole } : {}),
  });
}

/** The due date of `rule`'s course for `employee`, assigned on `today` (`yyyy-mm-dd`, Berlin). */
export function dueDateFor(rule: Pick<AssignmentRule, 'dueDays' | 'relativeTo'>, employee: Pick<Employee, 'startDate'>, today: string): string {
  const from = rule.relativeTo === 'start-date' && employee.startDate > today ? employee.startDate : today;
  return addDays(from, rule.dueDays);
}

/** Same course and same group (case-insensitive): a second such rule would compete with the first. */
export function sameTarget(a: Pick<AssignmentRule, 'courseId' | 'department' | 'jobRole'>, b: Pick<AssignmentRule, 'courseId' | 'department' | 'jobRole'>): boolean {
  const key = (value: string | undefined) => (value === undefined ? '' : groupKey(value));
  return a.courseId === b.courseId && key(a.department) === key(b.department) && key(a.jobRole) === key(b.jobRole);
}

export function sameSettings(a: Pick<AssignmentRule, 'dueDays' | 'relativeTo'>, b: Pick<AssignmentRule, 'dueDays' | 'relativeTo'>): boolean {
  return a.dueDays === b.dueDays && a.relativeTo === b.relativeTo;
}
