import { beforeAll, describe, expect, it } from 'vitest';
import { DESCRIPTORS } from '../../functions/services/descriptors.ts';
import { SEED_TENANTS } from '../../infra/local/seed/county.ts';
import { api, demoUser, eventually } from '../support/api-client.ts';
import { tenantKeys, tenantRequest } from '../support/fixtures.ts';

/**
 * The tenant configuration as its tenant admin reads and writes it over HTTP. Changes are made in a tenant of this
 * file's own, so that the seeded tenants other tests apply for stay as they are.
 */
const TENANT = 'konfigstadt';
const admin = `admin@${TENANT}.openkreis.test`;

beforeAll(async () => {
  const countyAdmin = demoUser('county-admin', 'rhein-kreis-neuss');
  const created = await api('POST', '/tenants', { as: countyAdmin, body: tenantRequest(TENANT, { ...tenantKeys(TENANT), enabledServices: ['resident-parking'] }) });
  expect(created.status).toBe(202);
  await eventually(async () => ((await api('GET', `/tenants/${TENANT}`, { as: countyAdmin })).body.status === 'active' ? true : undefined));
});

describe('tenant configuration over HTTP', () => {
  it.each(SEED_TENANTS.map((tenant) => tenant.input.id))('round-trips the seeded configuration of %s: read and written back unchanged → 200', async (tenantId) => {
    const tenantAdmin = demoUser('tenant-admin', tenantId);
    const read = await api('GET', `/tenants/${tenantId}`, { as: tenantAdmin });
    expect(read.status).toBe(200);
    const written = await api('PATCH', `/tenants/${tenantId}/config`, { as: tenantAdmin, body: read.body.config, headers: { 'if-match': `"${read.body.configVersion}"` } });
    expect(written.status, JSON.stringify(written.body)).toBe(200);
    expect(written.body).toMatchObject({ version: read.body.configVersion, changed: [], config: read.body.config });
  });

  it('saves a fee schedule under the keys the services read (resident parking halfYear, Baulastenauskunft perParcel)', async () => {
    const current = (await api('GET', `/tenants/${TENANT}`, { as: admin })).body;
    const feeSchedules = {
      'resident-parking': [{ validFrom: '2026-01-01', legalBasis: 'Gebührensatzung 2026', amounts: { annual: 12000, halfYear: 6000, change: 1000, reissue: 1000 } }],
      'building-encumbrance-extract': [{ validFrom: '2026-01-01', legalBasis: 'AVerwGebO NRW', amounts: { perParcel: 5000 } }],
    };
    const saved = await api('PATCH', `/tenants/${TENANT}/config`, { as: admin, body: { feeSchedules }, headers: { 'if-match': `"${current.configVersion}"` } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: current.configVersion + 1, changed: ['feeSchedules'], config: { feeSchedules } });
  });

  it('refuses services and fee keys that do not exist, naming the failing field', async () => {
    const unknownService = await api('PATCH', `/tenants/${TENANT}/config`, { as: admin, body: { enabledServices: ['resident-parking', 'hundesteuer'] } });
    expect(unknownService.status).toBe(400);
    expect(unknownService.body.errors).toEqual([{ field: 'body/enabledServices/1', message: expect.stringContaining('Unbekannter Dienst') }]);
    const unknownKey = await api('PATCH', `/tenants/${TENANT}/config`, {
      as: admin,
      body: { feeSchedules: { 'resident-parking': [{ validFrom: '2027-01-01', legalBasis: 'Satzung', amounts: { dreiviertelJahr: 9000 } }] } },
    });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.errors).toEqual([{ field: 'body/feeSchedules/resident-parking/0/amounts/dreiviertelJahr', message: expect.stringContaining('halfYear') }]);
  });

  it('accepts every service of the catalogue', async () => {
    for (const serviceId of Object.keys(DESCRIPTORS)) {
      const response = await api('PATCH', `/tenants/${TENANT}/config`, { as: admin, body: { enabledServices: [serviceId] } });
      expect(response.status, serviceId).toBe(200);
      expect(response.body.config.enabledServices).toEqual([serviceId]);
    }
  });

  it('refuses a change of the AGS or the case-number prefix by the tenant admin (422), keeping the county-assigned ones', async () => {
    const response = await api('PATCH', `/tenants/${TENANT}/config`, { as: admin, body: { ags: '05162099', caseNumberPrefix: 'KOR' } });
    expect(response.status).toBe(422);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['body/ags', 'body/caseNumberPrefix']);
    expect((await api('GET', `/tenants/${TENANT}`, { as: admin })).body.config).toMatchObject(tenantKeys(TENANT));
  });
});
