import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { decodeCursor, encodeCursor } from '#core/pagination';
import { inboxQuerySchema } from './schemas.ts';
import { listInbox } from './store.ts';
import { caseworkerInboxSchema, caseworkerView } from './views.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * GET /caseworker/applications?status=&service=&olderThanDays=&limit=&cursor= — the caseworker inbox of the caller's
 * tenant, newest first, served by a GSI query (default status: awaiting a decision). `olderThanDays` keeps the
 * applications submitted before now minus that many days.
 */
export const handler = httpHandler({ audit: { record: 'application', action: 'read', id: 'items:applicationId', subject: ['items:applicantId'] }, query: inboxQuerySchema, responses: { 200: caseworkerInboxSchema } }, async ({ query, caller }) => {
  const cursor = decodeCursor(query.cursor);
  const createdBefore = query.olderThanDays === undefined ? undefined : new Date(Date.now() - query.olderThanDays * DAY_MS).toISOString();
  const page = await listInbox(
    tableFor(caller.tenantId),
    caller.tenantId,
    { status: query.status, ...(query.service ? { serviceId: query.service } : {}), ...(createdBefore ? { createdBefore } : {}) },
    { limit: query.limit, ...(cursor ? { cursor } : {}) },
  );
  return json(200, { items: page.items.map((app) => caseworkerView(app)), nextCursor: encodeCursor(page.cursor) });
});
