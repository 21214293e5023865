/**
 * The county side of the handover: who may work on vehicle tasks, and how a task looks to them.
 * The vehicle registration office (Zulassungsstelle) is the county's: only caseworkers of the county tenant see or
 * change tasks, with credentials scoped to the county (a municipality's caseworker is refused before any read).
 */
import type { Caller } from '#core/auth';
import { HttpProblem } from '#core/problem';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import * as z from '#core/zod';
import { HANDOVER_STATUS_LABELS, type VehicleTask } from './handover.ts';
import { vehicleTaskSchema } from './views.ts';

export function requireRegistrationOffice(caller: Caller): string {
  if (caller.tenantId !== COUNTY_TENANT_ID) {
    throw new HttpProblem('forbidden', 'Aufträge der Zulassungsstelle sind der Kreisverwaltung vorbehalten.');
  }
  return caller.tenantId;
}

export const taskPathSchema = z.strictObject({ id: z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/, 'Die Auftragsnummer ist ungültig.')) });

export function taskView(task: VehicleTask) {
  return vehicleTaskSchema.parse({ ...task, statusLabel: HANDOVER_STATUS_LABELS[task.status] });
}
