import { describe, expect, it } from 'vitest';
import { applyConfigPatch, defaultConfig, failureReason, newTenantRecord, publicRecord } from '../../../functions/tenants/domain.ts';
import { isTenantId } from '../../../functions/core/tenant-id.ts';
import { partitionKey } from '../../../functions/core/keys.ts';
import { tenantRequest } from '../../support/fixtures.ts';

const input = tenantRequest('musterstadt');

describe('tenant domain', () => {
  it('starts a new tenant in onboarding with attempt 1 and no services, fees or zones', () => {
    const record = newTenantRecord(input, { userId: 'u1', now: new Date('2026-11-24T10:00:00Z') });
    expect(record).toMatchObject({ tenantId: 'musterstadt', status: 'onboarding', attempt: 1, createdBy: 'u1', createdAt: '2026-11-24T10:00:00.000Z' });
    expect(defaultConfig(input)).toMatchObject({ enabledServices: [], feeSchedules: {}, parkingZones: [], caseNumberPrefix: 'MU' });
  });

  it('reports only the sections a patch really changes', () => {
    const current = defaultConfig(input);
    const { config, changed } = applyConfigPatch(current, { caseNumberPrefix: 'MU', enabledServices: ['resident-parking'] });
    expect(changed).toEqual(['enabledServices']);
    expect(config.enabledServices).toEqual(['resident-parking']);
    expect(config.caseNumberPrefix).toBe('MU');
  });

  it('sees no change in the same configuration with its keys in another order (DynamoDB does not keep map key order)', () => {
    const current = { ...defaultConfig(input), urls: { accessibility: input.urls.accessibility, privacy: input.urls.privacy, imprint: input.urls.imprint } };
    const reordered = { urls: { imprint: input.urls.imprint, privacy: input.urls.privacy, accessibility: input.urls.accessibility }, feeSchedules: {} };
    expect(applyConfigPatch(current, reordered).changed).toEqual([]);
    expect(applyConfigPatch(current, { urls: { ...reordered.urls, imprint: 'https://www.musterstadt.de/impressum-neu' } }).changed).toEqual(['urls']);
  });

  it('shows the county admin the admin e-mail but not the raw request', () => {
    const shown = publicRecord(newTenantRecord(input, { userId: 'u1', now: new Date() }));
    expect(shown).not.toHaveProperty('request');
    expect(shown.adminEmail).toBe('admin@musterstadt.openkreis.test');
  });

  it('explains failures in German and falls back to a retry hint', () => {
    expect(failureReason('AdminEmailInUse')).toMatch(/anderen Mandanten/);
    expect(failureReason('Lambda.Unknown')).toMatch(/wiederholt werden/);
    // In AWS the tenant access role refuses a session for a tenant id the stage does not know yet.
    expect(failureReason('AccessDenied')).toMatch(/tenantIds.*wiederholt werden/);
  });
});

describe('tenant ids and keys', () => {
  it('accepts lower-case slugs and rejects anything that could break the key prefix', () => {
    expect(isTenantId('rhein-kreis-neuss')).toBe(true);
    for (const bad of ['neuss#x', 'Neuss', '-neuss', 'neuss-', 'ne--uss', 'n', 'neuss kreis', '']) expect(isTenantId(bad)).toBe(false);
  });

  it('builds every partition key with the tenant prefix and refuses invalid tenants', () => {
    expect(partitionKey('gemeinde', 'TENANT')).toBe('gemeinde#TENANT');
    expect(partitionKey('gemeinde-nord', 'TENANT').startsWith('gemeinde#')).toBe(false);
    expect(() => partitionKey('x#y', 'TENANT')).toThrow();
  });
});
