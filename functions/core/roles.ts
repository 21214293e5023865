/** The roles of OpenKreis. A role is a Cognito group; a user may hold several. */
/** `enforcement`: parking enforcement officers (Ordnungsamt), who look up permits by plate. */
export const ROLES = ['citizen', 'business', 'caseworker', 'enforcement', 'employee', 'tenant-admin', 'county-admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
