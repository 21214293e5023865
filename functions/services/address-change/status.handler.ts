import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import * as z from '#core/zod';
import { applicationFor } from '#functions/applications/access';
import { APPLICATION_STATUSES } from '#functions/applications/model';
import { applicationPathSchema } from '#functions/applications/schemas';
import { statusLabel } from '#functions/applications/views';
import type { AddressChangeForm } from './form.ts';
import { combinedStatus, currentStatuses, SERVICE_ID } from './handover.ts';
import { CITIZEN_ACTIONS } from './schemas.ts';
import { mirrorsOf, publishedStatusesFor, refreshMirror } from './store.ts';
import { tenantConfig } from '#functions/tenants/config';
import { ADDRESS_CHANGE_VEHICLE_VARIANTS } from '#functions/tenants/schemas';
import { VEHICLE_TASK_KINDS } from './ids.ts';
import { vehicleSettings, zb1NextSteps } from './variant.ts';

/** One status across the municipality and the county (`combinedStatus`), with the county's handovers. */
const addressChangeStatusSchema = z.object({
  applicationId: z.string(),
  status: z.enum(['in-progress', 'completed', 'action-required', 'rejected', 'withdrawn', 'failed']),
  statusLabel: z.string(),
  /** How the tenant handles the ZB I (`variant.ts`) and what happens next with it, in plain German. */
  vehicleVariant: z.enum(ADDRESS_CHANGE_VEHICLE_VARIANTS),
  zb1NextSteps: z.string(),
  municipality: z.object({ caseNumber: z.string(), status: z.enum(APPLICATION_STATUSES), statusLabel: z.string() }),
  vehicles: z.array(
    z.object({
      plate: z.string(),
      status: z.enum(['open', 'done', 'failed', 'not-forwarded']),
      statusLabel: z.string(),
      updatedAt: z.optional(z.string()),
      failureReason: z.optional(z.string()),
      action: z.optional(z.object({ kind: z.enum(CITIZEN_ACTIONS), text: z.string(), handoverId: z.string() })),
      correctionSentAt: z.optional(z.string()),
    }),
  ),
  handovers: z.array(z.object({ handoverId: z.string(), plate: z.string(), to: z.string(), task: z.enum(VEHICLE_TASK_KINDS), status: z.enum(['open', 'done', 'failed']), updatedAt: z.string(), failureReason: z.optional(z.string()) })),
});

/**
 * GET /address-change/{id}/status — one status across the municipality and the county, for the applicant and the
 * municipality's caseworkers. Reads only with the municipality's tenant-scoped credentials: its application, its
 * mirrors, and the statuses the county published under the municipality's key prefix. A newer published status is
 * written back to the mirror (read-repair), so the municipality's own record catches up.
 */
export const handler = httpHandler({ audit: { record: 'application', action: 'read', id: 'param:id' }, params: applicationPathSchema, responses: { 200: addressChangeStatusSchema } }, async ({ params, caller }) => {
  const app = await applicationFor(caller, params.id);
  if (app.serviceId !== SERVICE_ID) throw new NotFound('Der Antrag wurde nicht gefunden.');
  const db = tableFor(caller.tenantId);
  const [mirrors, config] = await Promise.all([mirrorsOf(db, caller.tenantId, app.applicationId), tenantConfig(db, caller.tenantId)]);
  const settings = vehicleSettings(config);
  const published = await publishedStatusesFor(db, caller.tenantId, app.caseNumber, mirrors);
  const current = currentStatuses(mirrors, published, caller.tenantId, app.caseNumber);
  await Promise.all(
    current.filter((entry, index) => entry.updatedAt !== mirrors[index]!.updatedAt).map((entry) => refreshMirror(db, caller.tenantId, entry)),
  );
  const typed = app as unknown as Parameters<typeof combinedStatus>[0] & { applicationId: string };
  const form = typed.form as AddressChangeForm;
  return json(200, {
    applicationId: app.applicationId,
    vehicleVariant: settings.vehicleVariant,
    zb1NextSteps: zb1NextSteps(settings, { townName: config.displayName, vehicles: form.vehicles.length }),
    ...combinedStatus({ status: typed.status, caseNumber: typed.caseNumber, form }, current, statusLabel(app.serviceId, app.status)),
    handovers: current.map(({ handoverId, plate, to, task, status, updatedAt, failureReason }) => ({ handoverId, plate, to, task, status, updatedAt, ...(failureReason ? { failureReason } : {}) })),
  });
});
