import { describe, expect, it } from 'vitest';
import * as z from '../../../functions/core/zod.ts';
import { fieldErrors } from '../../../functions/core/validation.ts';
import { DESCRIPTORS } from '../../../functions/services/descriptors.ts';
import { SERVICES } from '../../../functions/services/catalog.ts';
import { defaultConfig } from '../../../functions/tenants/domain.ts';
import { createTenantSchema, tenantConfigPatchSchema, tenantConfigSchema } from '../../../functions/tenants/schemas.ts';
import { DEMO_FEES, SEED_TENANTS } from '../../../infra/local/seed/county.ts';
import { tenantRequest } from '../../support/fixtures.ts';

const base = defaultConfig(tenantRequest('musterstadt'));

function errorsOf(schema: z.ZodMiniType, value: unknown) {
  const result = z.safeParse(schema, value);
  return result.success ? [] : fieldErrors(result.error, 'body');
}

const version = (amounts: Record<string, number>) => ({ validFrom: '2026-01-01', legalBasis: 'Gebührensatzung 2026', amounts });

describe('enabledServices', () => {
  it.each(Object.keys(DESCRIPTORS))('accepts the known service "%s"', (serviceId) => {
    expect(errorsOf(tenantConfigSchema, { ...base, enabledServices: [serviceId] })).toEqual([]);
    expect(errorsOf(createTenantSchema, { ...tenantRequest('musterstadt'), enabledServices: [serviceId] })).toEqual([]);
  });

  it('refuses an id that is no service of the catalogue, naming the failing entry', () => {
    for (const schema of [tenantConfigPatchSchema, createTenantSchema]) {
      const errors = errorsOf(schema, { ...tenantRequest('musterstadt'), enabledServices: ['resident-parking', 'hundesteuer'] });
      const entry = errors.find((error) => error.field === 'body/enabledServices/1');
      expect(entry?.message).toMatch(/Unbekannter Dienst/);
    }
  });

  it('knows the same services as the catalogue of forms and rules', () => {
    expect(Object.keys(DESCRIPTORS).sort()).toEqual(Object.keys(SERVICES).sort());
  });
});

describe('feeSchedules', () => {
  it.each(Object.values(DESCRIPTORS).map((service) => [service.id, service.feeKeys] as const))(
    'accepts every fee key the service "%s" reads (%j)',
    (serviceId, feeKeys) => {
      const amounts = Object.fromEntries(feeKeys.map((key, index) => [key, 1000 + index]));
      expect(errorsOf(tenantConfigSchema, { ...base, feeSchedules: { [serviceId]: [version(amounts)] } })).toEqual([]);
    },
  );

  it.each(Object.keys(DESCRIPTORS))('refuses a key the service "%s" does not read, naming the failing field', (serviceId) => {
    const errors = errorsOf(tenantConfigPatchSchema, { feeSchedules: { [serviceId]: [version({}), version({ gibtEsNicht: 100 })] } });
    expect(errors).toEqual([{ field: `body/feeSchedules/${serviceId}/1/amounts/gibtEsNicht`, message: expect.stringMatching(/Unbekannter Gebührenschlüssel/) }]);
  });

  it('refuses a schedule of a service that does not exist', () => {
    const errors = errorsOf(tenantConfigPatchSchema, { feeSchedules: { hundesteuer: [version({ standard: 100 })] } });
    expect(errors).toEqual([{ field: 'body/feeSchedules/hundesteuer', message: expect.stringMatching(/Unbekannter Dienst/) }]);
  });

  it('declares the keys the fee code reads, with camelCase where the code uses it (halfYear, perParcel)', () => {
    expect(DESCRIPTORS['resident-parking']!.feeKeys).toEqual(expect.arrayContaining(['annual', 'halfYear']));
    expect(DESCRIPTORS['building-encumbrance-extract']!.feeKeys).toEqual(['perParcel']);
  });
});

describe('the seeded tenants', () => {
  it.each(SEED_TENANTS.map((tenant) => [tenant.input.id, tenant] as const))('have a configuration the schema accepts unchanged: %s', (_id, tenant) => {
    const config = {
      ...defaultConfig(tenant.input),
      parkingZones: tenant.parkingZones,
      feeSchedules: tenant.kind === 'municipality' ? DEMO_FEES : {},
      ...(tenant.residentParking ? { residentParking: tenant.residentParking } : {}),
      ...(tenant.handovers ? { handovers: tenant.handovers } : {}),
    };
    expect(errorsOf(tenantConfigSchema, config)).toEqual([]);
    expect(errorsOf(tenantConfigPatchSchema, config)).toEqual([]);
    expect(errorsOf(createTenantSchema, tenant.input)).toEqual([]);
  });
});
