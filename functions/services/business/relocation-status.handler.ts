import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import * as z from '#core/zod';
import { applicationFor } from '#functions/applications/access';
import { APPLICATION_STATUSES } from '#functions/applications/model';
import { applicationPathSchema } from '#functions/applications/schemas';
import { tenantConfig } from '#functions/tenants/config';
import { statusLabel } from '#functions/applications/views';
import { PREVIOUS_MUNICIPALITY_LABELS, type BusinessRegistrationForm } from './forms.ts';
import { relocationOf, relocationStatus, SERVICE_ID } from './relocation.ts';
import { getRelocationRecord } from './trade-register.ts';

const relocationStatusSchema = z.object({
  applicationId: z.string(),
  status: z.enum(['in-progress', 'completed', 'action-required']),
  statusLabel: z.string(),
  newOffice: z.object({ name: z.string(), caseNumber: z.string(), status: z.enum(APPLICATION_STATUSES), statusLabel: z.string() }),
  previousOffice: z.object({
    name: z.string(),
    status: z.enum(['pending', 'deregistered', 'not-agreed', 'not-found', 'outside-county']),
    statusLabel: z.string(),
    deregisteredOn: z.optional(z.string()),
    forwardedTo: z.array(z.string()),
  }),
});

/**
 * GET /business/relocations/{id} — one status of a GewA1 that reports a move from another municipality (Rückmelde-
 * verfahren): the registration here and the deregistration at the old office, for the business that filed it and the
 * caseworkers of this municipality. Reads only this municipality's partition (the application and its record of the
 * report); a GewA1 that is no move is "not found".
 */
export const handler = httpHandler({ audit: { record: 'application', action: 'read', id: 'param:id' }, params: applicationPathSchema, responses: { 200: relocationStatusSchema } }, async ({ params, caller }) => {
  const app = await applicationFor(caller, params.id);
  const move = app.serviceId === SERVICE_ID ? relocationOf(app.form as BusinessRegistrationForm) : undefined;
  if (!move) throw new NotFound('Zu diesem Antrag gibt es keine Betriebsverlegung.');
  const db = tableFor(caller.tenantId);
  const [record, config] = await Promise.all([getRelocationRecord(db, caller.tenantId, app.applicationId), tenantConfig(db, caller.tenantId)]);
  const fromName = record?.fromName ?? PREVIOUS_MUNICIPALITY_LABELS[move.from as keyof typeof PREVIOUS_MUNICIPALITY_LABELS];
  return json(200, {
    applicationId: app.applicationId,
    ...relocationStatus(app, { name: config.displayName, statusLabel: statusLabel(app.serviceId, app.status) }, record, { id: move.from, name: fromName }),
  });
});
