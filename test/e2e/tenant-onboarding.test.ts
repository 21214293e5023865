import { describe, expect, it } from 'vitest';
import { api, demoUser, eventually, tokenFor } from '../support/api-client.ts';
import { SEED_TENANTS } from '../../infra/local/seed/county.ts';
import { tenantKeys, tenantRequest } from '../support/fixtures.ts';

const countyAdmin = demoUser('county-admin', 'rhein-kreis-neuss');

function newTenant(id: string, adminEmail = `admin@${id}.openkreis.test`) {
  return tenantRequest(id, { adminEmail, enabledServices: ['resident-parking'], ...tenantKeys(id) });
}

async function statusOf(id: string): Promise<any> {
  const response = await api('GET', `/tenants/${id}`, { as: countyAdmin });
  return response.body;
}

describe('the local platform, as npm start runs it', () => {
  it('reports every component up on /health', async () => {
    const response = await api('GET', '/health');
    expect(response.status).toBe(200);
    for (const component of ['api', 'dynamodb', 's3', 'cognito', 'stepfunctions', 'ses']) {
      expect(response.body.components[component]).toEqual({ status: 'up' });
    }
  });

  it('lists the seeded demo users of the county and its eight municipalities', async () => {
    const response = await api('GET', '/local/users');
    const tenants = new Set(response.body.users.map((user: { tenantId: string }) => user.tenantId));
    expect([...tenants].sort()).toEqual(
      ['dormagen', 'grevenbroich', 'juechen', 'kaarst', 'korschenbroich', 'meerbusch', 'neuss', 'rhein-kreis-neuss', 'rommerskirchen'],
    );
  });

  it('gives the county admin the seeded tenant registry', async () => {
    const response = await api('GET', '/tenants?limit=100', { as: countyAdmin });
    expect(response.status).toBe(200);
    const neuss = response.body.items.find((item: { tenantId: string }) => item.tenantId === 'neuss');
    expect(neuss).toMatchObject({ status: 'active', ags: '05162024' });
  });
});

describe('onboarding a municipality over HTTP', () => {
  it('runs the onboarding workflow to an active tenant whose first admin can sign in and configure it', async () => {
    const created = await api('POST', '/tenants', { as: countyAdmin, body: newTenant('musterstadt') });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ tenantId: 'musterstadt', status: 'onboarding' });

    const active = await eventually(async () => ((await statusOf('musterstadt')).status === 'active' ? true : undefined));
    expect(active).toBe(true);

    const admin = 'admin@musterstadt.openkreis.test';
    const own = await api('GET', '/tenants/musterstadt', { as: admin });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ status: 'active', configVersion: 1, config: { displayName: 'Stadt musterstadt', enabledServices: ['resident-parking'] } });

    const zones = [{ id: 'MU-1', name: 'Altstadt', streets: [{ street: 'Markt', postcode: '41999', houseNumbers: { from: 1, to: 20, parity: 'even' } }] }];
    const patched = await api('PATCH', '/tenants/musterstadt/config', { as: admin, body: { parkingZones: zones }, headers: { 'if-match': '"1"' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ version: 2, changed: ['parkingZones'] });

    const history = (await api('GET', '/tenants/musterstadt', { as: admin })).body.configHistory;
    expect(history[0]).toMatchObject({ version: 2, changed: ['parkingZones'] });
    expect(history[0].updatedBy).toEqual(expect.any(String));

    const stale = await api('PATCH', '/tenants/musterstadt/config', { as: admin, body: { caseNumberPrefix: 'MS' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(409);
  });

  it('never onboards the same id twice, even when asked concurrently', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => api('POST', '/tenants', { as: countyAdmin, body: newTenant('doppelstadt') })));
    expect(responses.map((r) => r.status).sort()).toEqual([202, 409, 409, 409, 409, 409]);
    await eventually(async () => ((await statusOf('doppelstadt')).status === 'active' ? true : undefined));
    const list = await api('GET', '/tenants?limit=100', { as: countyAdmin });
    expect(list.body.items.filter((item: { tenantId: string }) => item.tenantId === 'doppelstadt')).toHaveLength(1);
  });

  it('leaves a failed onboarding in `failed` with the reason, and a retry runs a new attempt', async () => {
    // The first admin's e-mail already belongs to a user of Neuss: the admin step must refuse it.
    const created = await api('POST', '/tenants', { as: countyAdmin, body: newTenant('fehlstadt', demoUser('citizen', 'neuss')) });
    expect(created.status).toBe(202);
    const failed = await eventually(async () => {
      const body = await statusOf('fehlstadt');
      return body.status === 'failed' ? body : undefined;
    });
    expect(failed.registry.failureReason).toMatch(/anderen Mandanten/);

    const retried = await api('POST', '/tenants/fehlstadt/retry', { as: countyAdmin });
    expect(retried.status).toBe(202);
    expect(retried.body.attempt).toBe(2);
    const again = await eventually(async () => {
      const body = await statusOf('fehlstadt');
      return body.status === 'failed' && body.registry.attempt === 2 ? body : undefined;
    });
    expect(again.registry.failureReason).toMatch(/anderen Mandanten/);

    const notFailed = await api('POST', '/tenants/neuss/retry', { as: countyAdmin });
    expect(notFailed.status).toBe(409);
  });

  it('repairs a failed onboarding: the retry takes corrected fields, refuses a taken AGS, and the new attempt uses them', async () => {
    const created = await api('POST', '/tenants', { as: countyAdmin, body: newTenant('reparaturstadt', demoUser('citizen', 'kaarst')) });
    expect(created.status).toBe(202);
    await eventually(async () => ((await statusOf('reparaturstadt')).status === 'failed' ? true : undefined));

    // A correction to another tenant's AGS is refused and changes nothing: the tenant stays failed and retryable.
    const taken = await api('POST', '/tenants/reparaturstadt/retry', { as: countyAdmin, body: { ags: '05162016' } });
    expect(taken.status).toBe(409);
    expect(taken.body.errors).toEqual([{ field: 'body/ags', message: expect.stringContaining('05162016') }]);
    expect((await statusOf('reparaturstadt')).status).toBe('failed');

    const admin = 'leitung@reparaturstadt.openkreis.test';
    const corrected = await api('POST', '/tenants/reparaturstadt/retry', {
      as: countyAdmin,
      body: { adminEmail: admin, name: 'Stadt Reparaturstadt', contact: { email: 'rathaus@reparaturstadt.openkreis.test' } },
    });
    expect(corrected.status).toBe(202);
    const active = await eventually(async () => {
      const body = await statusOf('reparaturstadt');
      return body.status === 'active' ? body : undefined;
    });
    expect(active.registry).toMatchObject({ attempt: 2, adminEmail: admin, name: 'Stadt Reparaturstadt' });

    // The corrected admin signs in and sees the corrected data in profile and configuration.
    const own = await api('GET', '/tenants/reparaturstadt', { as: admin });
    expect(own.status).toBe(200);
    expect(own.body.profile.name).toBe('Stadt Reparaturstadt');
    expect(own.body.config).toMatchObject({ displayName: 'Stadt Reparaturstadt', contact: { email: 'rathaus@reparaturstadt.openkreis.test' } });
    // Kaarst's citizen, whose address was given first, is still Kaarst's citizen.
    expect((await api('GET', '/applications', { as: demoUser('citizen', 'kaarst') })).status).toBe(200);
  });

  it('offboards a tenant by deactivating it, keeping its data (tenant-deactivation.test.ts: what a deactivated tenant can no longer do)', async () => {
    await api('POST', '/tenants', { as: countyAdmin, body: newTenant('altstadt') });
    await eventually(async () => ((await statusOf('altstadt')).status === 'active' ? true : undefined));
    const adminToken = await tokenFor('admin@altstadt.openkreis.test');
    const deactivated = await api('POST', '/tenants/altstadt/deactivate', { as: countyAdmin });
    expect(deactivated.status).toBe(200);
    expect((await statusOf('altstadt')).status).toBe('deactivated');
    expect((await api('GET', '/tenants/altstadt', { token: adminToken })).status).toBe(403);
    expect((await api('POST', '/tenants/altstadt/deactivate', { as: countyAdmin })).status).toBe(409);
    // The data is kept: reactivated, the admin finds the configuration as it was.
    await eventually(async () => ((await statusOf('altstadt')).registry.accounts.state === 'done' ? true : undefined));
    expect((await api('POST', '/tenants/altstadt/reactivate', { as: countyAdmin })).status).toBe(200);
    expect((await api('GET', '/tenants/altstadt', { token: adminToken })).body).toMatchObject({ status: 'active', configVersion: 1 });
  });
});

describe('AGS and case-number prefix are unique across tenants', () => {
  it.each(SEED_TENANTS.map((tenant) => [tenant.input.id, tenant.input.ags, tenant.input.caseNumberPrefix] as const))(
    'refuses a new tenant with the AGS or the prefix of %s (409 naming the field), and the id stays free',
    async (_seeded, ags, caseNumberPrefix) => {
      const id = `doppel-${ags}`;
      const sameAgs = await api('POST', '/tenants', { as: countyAdmin, body: { ...newTenant(id), ags } });
      expect(sameAgs.status).toBe(409);
      expect(sameAgs.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(sameAgs.body.errors).toEqual([{ field: 'body/ags', message: expect.stringContaining(ags) }]);
      const samePrefix = await api('POST', '/tenants', { as: countyAdmin, body: { ...newTenant(id), caseNumberPrefix } });
      expect(samePrefix.status).toBe(409);
      expect(samePrefix.body.errors).toEqual([{ field: 'body/caseNumberPrefix', message: expect.stringContaining(caseNumberPrefix) }]);
      // Nothing of the refused requests was written: the id is not burned.
      expect((await statusOf(id)).status).toBe(404);
    },
  );

  it('gives a fresh AGS to exactly one of several tenants asking for it at the same time', async () => {
    const ags = '05999001';
    const ids = ['gleichzeitig-a', 'gleichzeitig-b', 'gleichzeitig-c', 'gleichzeitig-d'];
    const responses = await Promise.all(ids.map((id) => api('POST', '/tenants', { as: countyAdmin, body: { ...newTenant(id), ags } })));
    expect(responses.map((response) => response.status).sort()).toEqual([202, 409, 409, 409]);
    const registered = (await api('GET', '/tenants?limit=100', { as: countyAdmin })).body.items.filter((item: { ags: string }) => item.ags === ags);
    expect(registered).toHaveLength(1);
  });
});

describe('bad input over HTTP', () => {
  it('answers missing, forged and expired tokens with 401 problem+json', async () => {
    const missing = await api('GET', '/tenants');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const forged = await api('GET', '/tenants', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' });
    expect(forged.status).toBe(401);
  });

  it('answers schema violations with 400 and the failing fields, in German', async () => {
    const response = await api('POST', '/tenants', { as: countyAdmin, body: { ...newTenant('x'), ags: 'abc', extra: 1 } });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['body/id', 'body/ags', 'body/extra']));
  });

  it('answers malformed JSON with 400 and unknown routes with 404, never 500', async () => {
    const malformed = await api('POST', '/tenants', { as: countyAdmin, rawBody: '{"id":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    const unknown = await api('GET', '/gibt-es-nicht', { as: countyAdmin });
    expect(unknown.status).toBe(404);
    expect(unknown.body.title).toBe('Nicht gefunden');
  });

  it('answers a too large body with 413', async () => {
    const response = await api('POST', '/tenants', { as: countyAdmin, body: { ...newTenant('gross'), name: 'x'.repeat(300 * 1024) } });
    expect(response.status).toBe(413);
  });
});
