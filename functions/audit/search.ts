/**
 * The data protection officer's search of a tenant's trail: picks the access path for the filters — the person index,
 * the record index, or the day partitions for time and user alone — and turns cursors into the store's and back.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addDays } from '#core/dates';
import { decodeCursor, encodeCursor } from '#core/pagination';
import { HttpProblem } from '#core/problem';
import type { ChainedEntry } from './chain.ts';
import { MAX_SEARCH_DAYS, type TrailQuery } from './schemas.ts';
import { searchTrail, trailOfDays } from './trail.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function searchPage(db: DynamoDBDocumentClient, tenantId: string, query: TrailQuery, now: Date): Promise<{ items: ChainedEntry[]; nextCursor: string | null }> {
  const cursor = decodeCursor(query.cursor);
  const from = query.from ? `${query.from}T00:00:00.000Z` : undefined;
  const to = query.to ? `${query.to}T23:59:59.999Z` : undefined;
  const range = { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(query.user ? { actorId: query.user } : {}) };
  if (query.person !== undefined || query.recordId !== undefined) {
    const key = query.person !== undefined ? { subjectId: query.person } : { recordType: query.recordType!, recordId: query.recordId! };
    const filter = { ...key, ...range, ...(query.person !== undefined && query.recordType ? { recordType: query.recordType } : {}), ...(query.person !== undefined && query.recordId ? { recordId: query.recordId } : {}) };
    const page = await searchTrail(db, tenantId, filter, { limit: query.limit, ...(cursor ? { cursor } : {}) });
    return { items: page.items, nextCursor: encodeCursor(page.cursor) };
  }
  // By time (and user) alone: the last week unless the period is given.
  const lastDay = query.to ?? now.toISOString().slice(0, 10);
  const firstDay = query.from ?? addDays(lastDay, -6);
  if (cursor !== undefined && (typeof cursor.day !== 'string' || !DAY.test(cursor.day) || cursor.day > lastDay || cursor.day < firstDay || (cursor.below !== undefined && !Number.isInteger(cursor.below)) || Object.keys(cursor).some((k) => k !== 'day' && k !== 'below'))) {
    throw new HttpProblem('bad-request', 'Der Cursor gehört nicht zu dieser Liste.', [{ field: 'query/cursor', message: 'Ungültiger Cursor.' }]);
  }
  if (addDays(firstDay, MAX_SEARCH_DAYS) <= lastDay) {
    throw new HttpProblem('bad-request', `Ohne Person oder Datensatz höchstens ${MAX_SEARCH_DAYS} Tage auf einmal.`, [{ field: 'query/from', message: `Höchstens ${MAX_SEARCH_DAYS} Tage.` }]);
  }
  const page = await trailOfDays(
    db,
    tenantId,
    { from: `${firstDay}T00:00:00.000Z`, to: `${lastDay}T23:59:59.999Z`, ...(query.user ? { actorId: query.user } : {}) },
    { limit: query.limit, ...(cursor ? { cursor: { day: cursor.day as string, ...(cursor.below !== undefined ? { below: cursor.below as number } : {}) } } : {}) },
  );
  return { items: page.items, nextCursor: encodeCursor(page.cursor as Record<string, unknown> | undefined) };
}
