import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { decodeCursor, encodeCursor } from '#core/pagination';
import { statementQuerySchema } from './xapi/schemas.ts';
import { XAPI_VERSION } from './xapi/statements.ts';
import { listStatements } from './xapi/store.ts';
import { statementResultSchema } from './report-views.ts';

export const STATEMENTS_PATH = '/training/xapi/statements';

/**
 * GET /training/xapi/statements — the tenant's xAPI 1.0.3 statements in the LRS statements-resource shape
 * `{ statements, more }` (newest first unless `ascending=true`; filters `since`, `verb`, `activity` with
 * `related_activities`; `limit` up to 500). Actors are pseudonymous accounts; statements never change once stored.
 * `more` is the relative IRL of the next page, or '' at the end.
 */
export const handler = httpHandler({ query: statementQuerySchema, responses: { 200: statementResultSchema } }, async ({ query, caller }) => {
  const cursor = decodeCursor(query.cursor);
  const page = await listStatements(tableFor(caller.tenantId), caller.tenantId, {
    since: query.since,
    verb: query.verb,
    activity: query.activity,
    relatedActivities: query.related_activities === 'true',
    ascending: query.ascending === 'true',
    limit: query.limit,
    cursor,
  });
  let more = '';
  if (page.cursor) {
    const params = new URLSearchParams();
    for (const name of ['since', 'verb', 'activity', 'related_activities', 'ascending'] as const) {
      const value = query[name];
      if (value !== undefined) params.set(name, value);
    }
    params.set('limit', String(query.limit));
    params.set('cursor', encodeCursor(page.cursor)!);
    more = `${STATEMENTS_PATH}?${params.toString()}`;
  }
  return json(200, { statements: page.statements, more }, { 'x-experience-api-version': XAPI_VERSION });
});
