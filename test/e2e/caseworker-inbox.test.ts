import { describe, expect, it } from 'vitest';
import { api, demoUser } from '../support/api-client.ts';
import { residentParking } from '../support/resident-parking.ts';

/**
 * The caseworker inbox over HTTP with its filters as the workspace's inbox page sends them: status, service, age
 * ("älter als N Tage") and paging with the cursor — against DynamoDB Local, so the key condition on the age and a
 * cursor of an aged list are what the real service accepts.
 */
const tenant = 'dormagen';
const caseworker = demoUser('caseworker', tenant);
const parking = residentParking(api, { street: 'Kölner Straße', postcode: '41539', city: 'Dormagen', zoneId: 'DO-1' }, demoUser('citizen', tenant));

const ids = (body: { items: Array<{ applicationId: string }> }) => body.items.map((item) => item.applicationId);

describe('the caseworker inbox: filters and paging', () => {
  it('shows a new application under its status and service, hides it from "older than 1 day", and pages with the cursor', async () => {
    const first = await parking.leasedAndPaid('DO-IB 101');
    const second = await parking.leasedAndPaid('DO-IB 102');

    const byService = await api('GET', '/caseworker/applications?status=awaiting-decision&service=resident-parking', { as: caseworker });
    expect(byService.status).toBe(200);
    expect(ids(byService.body)).toEqual(expect.arrayContaining([first.applicationId, second.applicationId]));

    const otherService = await api('GET', '/caseworker/applications?status=awaiting-decision&service=business-registration', { as: caseworker });
    expect(ids(otherService.body)).not.toContain(first.applicationId);

    const aged = await api('GET', '/caseworker/applications?status=awaiting-decision&olderThanDays=1', { as: caseworker });
    expect(aged.status).toBe(200);
    expect(ids(aged.body)).not.toContain(first.applicationId);
    expect(ids(aged.body)).not.toContain(second.applicationId);

    // Newest first, one per page: the second application, then (following the cursor) the first.
    const page1 = await api('GET', '/caseworker/applications?status=awaiting-decision&service=resident-parking&limit=1', { as: caseworker });
    expect(page1.body.items).toHaveLength(1);
    expect(typeof page1.body.nextCursor).toBe('string');
    const seen = [...ids(page1.body)];
    let cursor: string | null = page1.body.nextCursor;
    while (cursor && !seen.includes(first.applicationId)) {
      const next = await api('GET', `/caseworker/applications?status=awaiting-decision&service=resident-parking&limit=1&cursor=${cursor}`, { as: caseworker });
      expect(next.status).toBe(200);
      seen.push(...ids(next.body));
      cursor = next.body.nextCursor;
    }
    expect(seen.indexOf(second.applicationId)).toBeLessThan(seen.indexOf(first.applicationId));
  });

  it('refuses the cursor of the unaged list on the aged list (400, never a 5xx from DynamoDB)', async () => {
    await parking.leasedAndPaid('DO-IB 103');
    const recent = await api('GET', '/caseworker/applications?status=awaiting-decision&limit=1', { as: caseworker });
    expect(recent.body.nextCursor).toEqual(expect.any(String));
    const mixed = await api('GET', `/caseworker/applications?status=awaiting-decision&olderThanDays=1&cursor=${recent.body.nextCursor}`, { as: caseworker });
    expect(mixed.status).toBe(400);
    expect(mixed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(mixed.body.errors).toEqual([{ field: 'query/cursor', message: 'Ungültiger Cursor.' }]);
  });

  it.each(['0', 'abc', '1.5', '99999'])('answers the age %s with 400 and a German message at query/olderThanDays', async (value) => {
    const response = await api('GET', `/caseworker/applications?olderThanDays=${value}`, { as: caseworker });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([{ field: 'query/olderThanDays', message: 'Bitte eine ganze Zahl von Tagen angeben (1 bis 3650).' }]);
  });
});
