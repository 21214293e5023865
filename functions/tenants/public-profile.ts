import * as z from '#core/zod';
import { tenantConfigSchema } from './schemas.ts';

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
});
export type PublicProfile = z.infer<typeof publicProfileSchema>;
