import type { CreateTenantInput } from '../../functions/tenants/schemas.ts';

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
