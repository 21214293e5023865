import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { decodeCursor, encodeCursor, pageQuerySchema, pageSchema } from '#core/pagination';
import { listReports } from './store.ts';
import { requireRegistrationOffice } from './tasks.ts';
import { vehicleReportSchema } from './views.ts';

/**
 * GET /vehicle-registration/reports — the county's read-only list of the pilot towns' reports: each a sticker a town
 * office put on a Zulassungsbescheinigung Teil I (`town-office-sticker`), with the address the county's register took
 * from it. County caseworkers only; read with the county's credentials (GSI query), newest first.
 */
export const handler = httpHandler({ audit: { record: 'vehicle-report', action: 'read', id: 'items:handoverId' }, query: pageQuerySchema, responses: { 200: pageSchema(vehicleReportSchema) } }, async ({ query, caller }) => {
  const county = requireRegistrationOffice(caller);
  const cursor = decodeCursor(query.cursor);
  const page = await listReports(tableFor(county), county, { limit: query.limit, ...(cursor ? { cursor } : {}) });
  return json(200, { items: page.items.map((item) => vehicleReportSchema.parse(item)), nextCursor: encodeCursor(page.cursor) });
});
