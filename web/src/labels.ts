/**
 * German words for the states the administration consoles show — in one place, so that a status reads the same on
 * every page. Each comes with the badge kind that repeats it in colour (the word carries the meaning).
 */
import type { EmployeeView } from './api/training-admin.ts';

export type BadgeKind = 'success' | 'warning' | 'danger' | 'info';

export const COURSE_STATUS: Record<'done' | 'due' | 'overdue', [string, BadgeKind]> = {
  done: ['Erledigt', 'success'],
  due: ['Fällig', 'info'],
  overdue: ['Überfällig', 'danger'],
};

export const EMPLOYEE_STATUS: Record<'compliant' | 'due' | 'overdue' | 'none' | 'deactivated', [string, BadgeKind]> = {
  compliant: ['Alles erledigt', 'success'],
  due: ['Fällig', 'info'],
  overdue: ['Überfällig', 'danger'],
  none: ['Nichts zugewiesen', 'info'],
  deactivated: ['Deaktiviert', 'warning'],
};

/** Deactivated, or the compliance of the assigned courses. */
export function employeeStatus(employee: EmployeeView): [string, BadgeKind] {
  return employee.deactivatedAt !== undefined ? EMPLOYEE_STATUS.deactivated : EMPLOYEE_STATUS[employee.compliance.status];
}

export const TENANT_STATUS: Record<'onboarding' | 'active' | 'failed' | 'deactivated', [string, BadgeKind]> = {
  onboarding: ['Wird eingerichtet', 'info'],
  active: ['Aktiv', 'success'],
  failed: ['Fehlgeschlagen', 'danger'],
  deactivated: ['Deaktiviert', 'warning'],
};

export const REMINDER_KIND: Record<'before' | 'due' | 'overdue' | 'escalation' | 'recertification', string> = {
  before: 'Erinnerung vor der Frist',
  due: 'Erinnerung am Fristtag',
  overdue: 'Mahnung (überfällig)',
  escalation: 'Meldung an die Verwaltung',
  recertification: 'Auffrischung fällig',
};

export const DELIVERY: Record<'pending' | 'sent' | 'dead', [string, BadgeKind]> = {
  sent: ['Zugestellt', 'success'],
  pending: ['Wird zugestellt', 'info'],
  dead: ['Nicht zustellbar', 'danger'],
};

/** "alle 12 Monate" / "einmalig": how often a course must be repeated. */
export function recertification(validityMonths: number): string {
  if (validityMonths <= 0) return 'keine (gilt unbefristet)';
  return validityMonths === 12 ? 'jährlich' : `alle ${validityMonths} Monate`;
}
