import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { Conflict, NotFound } from '#core/problem';
import * as z from '#core/zod';
import { SERVICE_ID } from './fees.ts';
import { permitIdSchema } from './form.ts';
import { getPermit } from './store.ts';

const paramsSchema = z.strictObject({ id: permitIdSchema });

/** The renewal's form, pre-filled from the permit: sent as `form` of `POST /applications` (after the applicant checked it). */
const renewalSchema = z.object({
  serviceId: z.literal(SERVICE_ID),
  renewalOf: z.string(),
  currentValidTo: z.string(),
  form: z.record(z.string(), z.unknown()),
});

/**
 * GET /permits/{id}/renewal — the holder's pre-filled application to renew a permit: same address, plate, zone and
 * validity, `renewalOf` set. Names, consent and (for a company car or lease) a current proof are asked again.
 * Someone else's permit is answered like a missing one (404), so permit ids reveal nothing.
 */
export const handler = httpHandler({ audit: { record: 'permit', action: 'read', id: 'param:id', subject: ['caller'] }, params: paramsSchema, responses: { 200: renewalSchema } }, async ({ params, caller }) => {
  const permit = await getPermit(tableFor(caller.tenantId), caller.tenantId, params.id);
  if (!permit || permit.holderId !== caller.userId) throw new NotFound('Der Bewohnerparkausweis wurde nicht gefunden.');
  if (permit.status === 'revoked') {
    throw new Conflict('Ein widerrufener Bewohnerparkausweis kann nicht verlängert werden. Bitte stellen Sie einen neuen Antrag.');
  }
  if (permit.renewedBy) throw new Conflict('Dieser Bewohnerparkausweis wurde bereits verlängert.');
  return json(200, {
    serviceId: SERVICE_ID,
    renewalOf: permit.permitId,
    currentValidTo: permit.validTo,
    form: {
      ...(permit.holderEmail ? { applicant: { email: permit.holderEmail } } : {}),
      residence: permit.residence,
      plate: permit.plate,
      vehicle: permit.vehicle,
      zoneId: permit.zoneId,
      validityMonths: permit.validityMonths,
      renewalOf: permit.permitId,
    },
  });
});
