import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { api, demoUser, platformUrl, tokenFor } from '../support/api-client.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * The audit trail end to end, against the local platform: a citizen's application read by a caseworker is in the
 * trail with ids only; the data protection officer finds it by record, person, user and time, exports it and
 * verifies the chain (route and CLI); another tenant's officer sees none of it.
 */
const citizen = demoUser('citizen', 'neuss');
const caseworker = demoUser('caseworker', 'neuss');
const dpo = demoUser('data-protection-officer', 'neuss');
const otherDpo = demoUser('data-protection-officer', 'juechen');
const street = { street: 'Büchel', postcode: '41460', city: 'Neuss', zoneId: 'NE-1' };

async function subOf(username: string): Promise<string> {
  const token = await tokenFor(username);
  return (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('the audit trail of personal data', () => {
  it('records a caseworker reading a citizen’s application with ids only; the DPO finds, exports and verifies it; another tenant sees nothing', async () => {
    const plate = `NE-AT ${Math.floor(Math.random() * 9000) + 1000}`;
    const submitted = await residentParking(api, street, citizen).submit(parkingForm(street, plate));
    expect(submitted.status).toBe(201);
    const applicationId: string = submitted.body.applicationId;
    const read = await api('GET', `/applications/${applicationId}`, { as: caseworker });
    expect(read.status).toBe(200);
    const applicantId: string = read.body.applicantId;
    const [caseworkerId, citizenId] = await Promise.all([subOf(caseworker), subOf(citizen)]);
    expect(applicantId).toBe(citizenId);

    // By record: the citizen's submission and the caseworker's read, newest first, ids only.
    const byRecord = await api('GET', `/audit/entries?recordType=application&recordId=${applicationId}`, { as: dpo });
    expect(byRecord.status).toBe(200);
    expect(byRecord.body.items.map((entry: { action: string; actorId: string; role: string }) => [entry.action, entry.actorId, entry.role])).toEqual([
      ['read', caseworkerId, 'caseworker'],
      ['create', citizenId, 'citizen'],
    ]);
    expect(byRecord.body.items[0]).toMatchObject({ recordType: 'application', recordId: applicationId, subjectId: citizenId, actionLabel: 'Gelesen', seq: expect.any(Number) });
    const text = JSON.stringify(byRecord.body);
    for (const personal of ['Mustermann', 'Erika', 'Büchel', plate, '@']) expect(text).not.toContain(personal);

    // By person (Art. 15), by user and time: the same read is there.
    const byPerson = await api('GET', `/audit/entries?person=${citizenId}&limit=100`, { as: dpo });
    expect(byPerson.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ recordId: applicationId, actorId: caseworkerId, action: 'read' })]));
    const byUser = await api('GET', `/audit/entries?user=${caseworkerId}&from=${today()}&to=${today()}&limit=100`, { as: dpo });
    expect(byUser.status).toBe(200);
    expect(byUser.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ recordId: applicationId, action: 'read' })]));
    expect(byUser.body.items.every((entry: { actorId: string }) => entry.actorId === caseworkerId)).toBe(true);

    // Paginated: a page of one, then the next one.
    const first = await api('GET', `/audit/entries?recordType=application&recordId=${applicationId}&limit=1`, { as: dpo });
    expect(first.body.items).toHaveLength(1);
    const second = await api('GET', `/audit/entries?recordType=application&recordId=${applicationId}&limit=1&cursor=${first.body.nextCursor}`, { as: dpo });
    expect(second.body.items[0].action).toBe('create');

    // The CSV export: German headings, the same entries, no personal data.
    const csv = await api('GET', `/audit/entries/export?recordType=application&recordId=${applicationId}`, { as: dpo });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const lines = (csv.body as string).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('Handelnde Person (Kennung)');
    expect(lines.slice(1)).toHaveLength(2);
    expect(lines[1]).toContain(caseworkerId);
    expect(csv.body).not.toContain('Mustermann');

    // The chain is intact (route and CLI).
    const verified = await api('GET', '/audit/verify', { as: dpo });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ valid: true, problems: [] });
    expect(verified.body.entries).toBeGreaterThan(2);
    const cli = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/cli/audit-verify.ts', '--tenant', 'neuss', '--from', today(), '--api', platformUrl()]);
    expect(cli.stdout).toContain('Audit trail of neuss is intact');

    // Another tenant's officer: nothing of Neuss — not by record, not by person, not with Neuss's cursor.
    const foreign = await api('GET', `/audit/entries?recordType=application&recordId=${applicationId}`, { as: otherDpo });
    expect(foreign.status).toBe(200);
    expect(foreign.body.items).toEqual([]);
    expect((await api('GET', `/audit/entries?person=${citizenId}`, { as: otherDpo })).body.items).toEqual([]);
    const foreignCursor = await api('GET', `/audit/entries?recordType=application&recordId=${applicationId}&cursor=${first.body.nextCursor}`, { as: otherDpo });
    expect(foreignCursor.status).toBe(400);
    expect(foreignCursor.body.errors).toEqual([{ field: 'query/cursor', message: 'Ungültiger Cursor.' }]);
    // Jüchen's own chain is verified on its own: Neuss's entries are not in it.
    const foreignVerify = await api('GET', '/audit/verify', { as: otherDpo });
    expect(foreignVerify.status).toBe(200);
    expect(foreignVerify.body.valid).toBe(true);
    // Only the officer: a caseworker or an admin may not search the trail.
    for (const user of [caseworker, demoUser('tenant-admin', 'neuss')]) expect((await api('GET', '/audit/entries', { as: user })).status).toBe(403);
  });

  it('answers bad searches with German problem details at the fields', async () => {
    const cases: Array<[string, string]> = [
      [`recordId=${randomUUID()}`, 'query/recordType'],
      ['recordType=application', 'query/recordId'],
      ['from=2026-12-07&to=2026-12-01', 'query/from'],
      ['from=2026-01-01&to=2026-12-01', 'query/from'],
      ['person=Erika%20Mustermann', 'query/person'],
      ['limit=1000', 'query/limit'],
      ['cursor=bm9uc2Vuc2U', 'query/cursor'],
    ];
    for (const [query, field] of cases) {
      const response = await api('GET', `/audit/entries?${query}`, { as: dpo });
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.errors.map((error: { field: string }) => error.field), query).toContain(field);
    }
    expect((await api('GET', '/audit/verify?from=gestern', { as: dpo })).status).toBe(400);
  });
});
