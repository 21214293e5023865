import { createHash } from 'node:crypto';
import type { CreateTenantInput } from '../../functions/tenants/schemas.ts';

/**
 * An AGS and a case-number prefix of the test tenant's own, derived from its id: both are unique across tenants, so
 * tenants onboarded by tests on one platform must not share them (the same id gets the same keys). The AGS lies in the
 * unused Regierungsbezirk 05 9, the prefix has four letters (the seeded ones have two or three).
 */
export function tenantKeys(id: string): Pick<CreateTenantInput, 'ags' | 'caseNumberPrefix'> {
  const hash = createHash('sha256').update(id).digest();
  return {
    ags: `0599${String(hash.readUInt16BE(0) % 10_000).padStart(4, '0')}`,
    caseNumberPrefix: Array.from(hash.subarray(2, 6), (byte) => String.fromCharCode(65 + (byte % 26))).join(''),
  };
}

/** A valid onboarding request for a municipality that does not exist yet. */
export function tenantRequest(id: string, overrides: Partial<CreateTenantInput> = {}): CreateTenantInput {
  return {
    id,
    name: `Stadt ${id}`,
    ags: '05162099',
    caseNumberPrefix: 'MU',
    adminEmail: `admin@${id}.openkreis.test`,
    contact: { email: `info@${id}.openkreis.test` },
    urls: {
      imprint: `https://www.${id}.de/impressum`,
      privacy: `https://www.${id}.de/datenschutz`,
      accessibility: `https://www.${id}.de/barrierefreiheit`,
    },
    ...overrides,
  };
}
