import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import { applicationFor } from '#functions/applications/access';
import { statusLabel } from '#functions/applications/views';
import { applicationPathSchema } from '#functions/applications/schemas';
import type { AddressChangeForm } from './form.ts';
import { combinedStatus, currentStatuses, SERVICE_ID } from './handover.ts';
import { mirrorsOf, publishedStatusesFor, refreshMirror } from './store.ts';
import { addressChangeStatusSchema } from './views.ts';

/**
 * GET /address-change/{id}/status — one status across the municipality and the county, for the applicant and the
 * municipality's caseworkers. Reads only with the municipality's tenant-scoped credentials: its application, its
 * mirrors, and the statuses the county published under the municipality's key prefix. A newer published status is
 * written back to the mirror (read-repair), so the municipality's own record catches up.
 */
export const handler = httpHandler({ params: applicationPathSchema, responses: { 200: addressChangeStatusSchema } }, async ({ params, caller }) => {
  const app = await applicationFor(caller, params.id);
  if (app.serviceId !== SERVICE_ID) throw new NotFound('Der Antrag wurde nicht gefunden.');
  const db = tableFor(caller.tenantId);
  const mirrors = await mirrorsOf(db, caller.tenantId, app.applicationId);
  const published = await publishedStatusesFor(db, caller.tenantId, app.caseNumber, mirrors);
  const current = currentStatuses(mirrors, published, caller.tenantId, app.caseNumber);
  await Promise.all(
    current.filter((entry, index) => entry.updatedAt !== mirrors[index]!.updatedAt).map((entry) => refreshMirror(db, caller.tenantId, entry)),
  );
  const typed = app as unknown as Parameters<typeof combinedStatus>[0] & { applicationId: string };
  return json(200, {
    applicationId: app.applicationId,
    ...combinedStatus({ status: typed.status, caseNumber: typed.caseNumber, form: typed.form as AddressChangeForm }, current, statusLabel(app.serviceId, app.status)),
    handovers: current.map(({ handoverId, plate, to, status, updatedAt, failureReason }) => ({ handoverId, plate, to, status, updatedAt, ...(failureReason ? { failureReason } : {}) })),
  });
});
