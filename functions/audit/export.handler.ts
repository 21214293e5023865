import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { Unprocessable } from '#core/problem';
import * as z from '#core/zod';
import { trailCsv } from './csv.ts';
import { trailQuerySchema } from './schemas.ts';
import { searchPage } from './search.ts';
import { trailEntryView, type TrailEntryView } from './views.ts';

/** The most entries one export holds; a larger result asks for a narrower search instead of a slow, huge answer. */
export const MAX_EXPORT_ENTRIES = 5000;

/**
 * `GET /audit/entries/export?…` — the result of a trail search (same filters as `GET /audit/entries`, all pages) as a
 * CSV download for the data protection officer, e.g. to answer an Art. 15 request. The export is recorded.
 */
export const handler = httpHandler(
  { audit: { record: 'audit-trail', action: 'export', id: 'const:csv' }, query: trailQuerySchema, responses: { 200: { 'text/csv': z.string() } } },
  async ({ query, caller }) => {
    const db = tableFor(caller.tenantId);
    const now = new Date();
    const entries: TrailEntryView[] = [];
    let cursor = query.cursor;
    do {
      const page = await searchPage(db, caller.tenantId, { ...query, limit: 100, ...(cursor ? { cursor } : {}) }, now);
      entries.push(...page.items.map(trailEntryView));
      if (entries.length > MAX_EXPORT_ENTRIES) {
        throw new Unprocessable(`Die Suche ergibt mehr als ${MAX_EXPORT_ENTRIES} Einträge. Bitte grenzen Sie sie ein (Zeitraum, Person, Datensatz).`);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return json(200, trailCsv(entries), {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="protokoll-${caller.tenantId}-${now.toISOString().slice(0, 10)}.csv"`,
    });
  },
);
