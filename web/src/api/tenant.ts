import { useEffect, useState } from 'preact/hooks';
import { call, type Answer } from './call.ts';

export type PublicProfile = Answer<'GET /tenants/{id}/public'>;

/** The public profile of the user's authority (header, footer links), fetched once per tenant and page load. */
const cache = new Map<string, Promise<PublicProfile>>();

export function publicProfile(tenantId: string): Promise<PublicProfile> {
  let entry = cache.get(tenantId);
  if (!entry) {
    entry = call('GET /tenants/{id}/public', { params: { id: tenantId }, anonymous: true }).then((response) => response.body);
    entry.catch(() => cache.delete(tenantId));
    cache.set(tenantId, entry);
  }
  return entry;
}

export function usePublicProfile(tenantId: string | undefined): PublicProfile | undefined {
  const [profile, setProfile] = useState<PublicProfile>();
  useEffect(() => {
    if (!tenantId) return setProfile(undefined);
    let current = true;
    publicProfile(tenantId).then(
      (loaded) => current && setProfile(loaded),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [tenantId]);
  return profile;
}
