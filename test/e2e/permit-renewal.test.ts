import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { api, demoUser, platformUrl, tokenFor } from '../support/api-client.ts';

/**
 * Proactive renewal: a permit that expires within 30 days gets exactly one reminder with a renewal link, and the link
 * opens a pre-filled application. The permit is written through the service's own store (the platform cannot move
 * its clock), everything else goes over HTTP like in production.
 */
const citizen = demoUser('citizen', 'dormagen');
const SCHEDULE = 'openkreis-dev-permit-renewal-reminders';
let permitId: string;

function claimsOf(token: string): Record<string, string> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

beforeAll(async () => {
  Object.assign(process.env, inject('platform').environment);
  const { createPermit } = await import('../../functions/services/resident-parking/store.ts');
  const { systemTable } = await import('../../functions/core/ddb.ts');
  const holder = claimsOf(await tokenFor(citizen));
  permitId = randomUUID().replaceAll('-', '').slice(0, 22);
  await createPermit(systemTable, {
    permitId,
    tenantId: 'dormagen',
    applicationId: randomUUID(),
    caseNumber: 'DO-BPA-2025-000042',
    holderId: holder.sub!,
    holderEmail: citizen,
    plate: 'NE-RN 42',
    zoneId: 'DO-1',
    zoneName: 'Innenstadt',
    validFrom: isoDay(-340),
    validTo: isoDay(10),
    validityMonths: 12,
    addressKey: 'test-address',
    residence: { street: 'Marktplatz', houseNumber: '3', postcode: '41539', city: 'Dormagen' },
    vehicle: { relation: 'keeper', weightKg: 1200 },
    status: 'valid',
    issuedAt: new Date(Date.now() - 340 * 86_400_000).toISOString(),
  });
});

async function reminders(): Promise<string[]> {
  const response = await api('GET', '/local/outbox');
  return response.body.emails
    .filter((email: any) => JSON.stringify(email.destination).includes(citizen) && email.subject.includes('NE-RN 42'))
    .map((email: any) => email.body);
}

describe('permit renewal reminders', () => {
  it('sends exactly one reminder with a renewal link, even when the schedule runs twice', async () => {
    const first = await api('POST', `/local/schedules/${SCHEDULE}/run`);
    expect(first.status).toBe(200);
    await api('POST', `/local/schedules/${SCHEDULE}/run`);
    const sent = await reminders();
    expect(sent).toHaveLength(1);
    // The portal's renewal page, which asks the API for the pre-filled form: a link a person can open.
    expect(sent[0]).toContain(`${platformUrl()}/verlaengerung/${permitId}`);
    const page = await fetch(`${platformUrl()}/verlaengerung/${permitId}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('opens a pre-filled renewal form for the holder only', async () => {
    const renewal = await api('GET', `/permits/${permitId}/renewal`, { as: citizen });
    expect(renewal.status).toBe(200);
    expect(JSON.stringify(renewal.body)).toContain('NE-RN 42');
    expect(JSON.stringify(renewal.body)).toContain(permitId);
    expect((await api('GET', `/permits/${permitId}/renewal`, { as: demoUser('citizen', 'neuss') })).status).toBe(404);
  });
});
