/**
 * Who may work on vehicle tasks, and how a task looks to them. Two offices, each in its OWN partition only:
 * - the county's vehicle registration office (Zulassungsstelle): the tasks towns hand over to it (`county-later`);
 * - a pilot town's office (variant `town-office-sticker`, `variant.ts`): its own sticker tasks.
 * Anyone else — a town without the pilot, a citizen — is refused before any read. The county alone reads the reports
 * of the pilot towns and its register (`requireRegistrationOffice`).
 */
import type { Caller } from '#core/auth';
import { tableFor } from '#core/ddb';
import { HttpProblem } from '#core/problem';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import * as z from '#core/zod';
import { tenantConfig } from '#functions/tenants/config';
import { taskStatusLabel, type VehicleTask } from './handover.ts';
import { vehicleSettings } from './variant.ts';
import { vehicleTaskSchema } from './views.ts';

export function requireRegistrationOffice(caller: Caller): string {
  if (caller.tenantId !== COUNTY_TENANT_ID) {
    throw new HttpProblem('forbidden', 'Aufträge der Zulassungsstelle sind der Kreisverwaltung vorbehalten.');
  }
  return caller.tenantId;
}

/** The tenant whose vehicle tasks the caller works on: the county, or a town running the sticker pilot (one config read). */
export async function requireTaskOffice(caller: Caller): Promise<string> {
  if (caller.tenantId === COUNTY_TENANT_ID) return caller.tenantId;
  const config = await tenantConfig(tableFor(caller.tenantId), caller.tenantId);
  if (vehicleSettings(config).vehicleVariant !== 'town-office-sticker') {
    throw new HttpProblem(
      'forbidden',
      'Aufträge der Zulassungsstelle sind der Kreisverwaltung vorbehalten. Aufkleber für die Zulassungsbescheinigung bringen nur die Bürgerbüros der Pilotgemeinden an.',
    );
  }
  return caller.tenantId;
}

export const taskPathSchema = z.strictObject({ id: z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/, 'Die Auftragsnummer ist ungültig.')) });

export function taskView(task: VehicleTask) {
  return vehicleTaskSchema.parse({ ...task, statusLabel: taskStatusLabel(task.task, task.status) });
}
