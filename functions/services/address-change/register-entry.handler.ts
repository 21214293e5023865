import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import * as z from '#core/zod';
import { plateSchema } from '#functions/services/resident-parking/plate';
import { registerEntry } from './store.ts';
import { requireRegistrationOffice } from './tasks.ts';
import { vehicleRegisterEntrySchema } from './views.ts';

const querySchema = z.strictObject({ plate: plateSchema });

/**
 * GET /vehicle-registration/register?plate= — the county's register entry of a vehicle's holder address, as the pilot
 * towns' reports left it. County caseworkers only; one read in the county's partition.
 */
export const handler = httpHandler({ audit: { record: 'vehicle-register', action: 'read', id: 'const:vehicle-register' }, query: querySchema, responses: { 200: vehicleRegisterEntrySchema } }, async ({ query, caller }) => {
  const county = requireRegistrationOffice(caller);
  const entry = await registerEntry(tableFor(county), county, query.plate);
  if (!entry) throw new NotFound('Zu diesem Kennzeichen gibt es keinen Eintrag aus einer Meldung.');
  return json(200, vehicleRegisterEntrySchema.parse(entry));
});
