/** The roles of OpenKreis. A role is a Cognito group; a user may hold several. */
/** `enforcement`: parking enforcement officers (Ordnungsamt), who look up permits by plate. */
/**
 * `data-protection-officer`: the authority's Datenschutzbeauftragte (Art. 37–39 DSGVO, § 31 DSG NRW), who monitors
 * compliance: searches, exports and verifies the tenant's audit trail; reads no case data itself.
 */
export const ROLES = ['citizen', 'business', 'caseworker', 'enforcement', 'employee', 'tenant-admin', 'county-admin', 'data-protection-officer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
