import * as z from '#core/zod';
import { ADDRESS_CHANGE_VEHICLE_VARIANTS, tenantConfigSchema } from './schemas.ts';

/** The public face of a tenant (`GET /tenants/{id}/public`): the response schema, also the web app's type. */
export const publicProfileSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  status: z.enum(['active', 'deactivated']),
  contact: tenantConfigSchema.shape.contact,
  urls: tenantConfigSchema.shape.urls,
  accessibilityFeedback: z.strictObject({ email: z.string(), phone: z.optional(z.string()), url: z.optional(z.string()) }),
  /** The online services it offers (ids of the service catalogue). */
  services: z.array(z.string()),
  /**
   * Where it offers the change of address: what it does with the mover's ZB I (`county-later`, or the pilot's
   * `town-office-sticker`, whose town office works its own sticker tasks) — public, as the town's service page says it.
   */
  addressChangeVehicleVariant: z.optional(z.enum(ADDRESS_CHANGE_VEHICLE_VARIANTS)),
});
export type PublicProfile = z.infer<typeof publicProfileSchema>;
