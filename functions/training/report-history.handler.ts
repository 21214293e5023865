import { tableFor } from '#core/ddb';
import { addDays, berlinDate, daysBetween } from '#core/dates';
import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { complianceHistorySchema, snapshotsBetween } from './reports/history.ts';

/** The longest period one request may ask for, and the default one (about a quarter). */
export const MAX_HISTORY_DAYS = 366;
const DEFAULT_HISTORY_DAYS = 90;

const isoDate = z.iso.date({ error: 'Bitte ein Datum im Format JJJJ-MM-TT angeben.' });
const querySchema = z
  .strictObject({ from: z.optional(isoDate), to: z.optional(isoDate) })
  .check(
    z.refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, { message: '„Von“ liegt nach „bis“.', path: ['from'] }),
    z.refine((query) => query.from === undefined || query.to === undefined || daysBetween(query.from, query.to) < MAX_HISTORY_DAYS, {
      message: `Höchstens ${MAX_HISTORY_DAYS} Tage auf einmal.`,
      path: ['from'],
    }),
  );

/**
 * GET /training/reports/history?from=&to= — the tenant's compliance figures per day (assigned, completed, overdue, rate;
 * in all and per course) as the daily job recorded them, oldest first; by default the last 90 days. One Query.
 */
export const handler = httpHandler({ query: querySchema, responses: { 200: complianceHistorySchema } }, async ({ query, caller }) => {
  const to = query.to ?? berlinDate(new Date());
  const from = query.from ?? addDays(to, -(DEFAULT_HISTORY_DAYS - 1));
  const items = await snapshotsBetween(tableFor(caller.tenantId), caller.tenantId, from, to);
  return json(200, { from, to, items });
});
