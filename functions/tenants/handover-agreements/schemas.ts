import { tenantIdSchema } from '#core/tenant-id';
import * as z from '#core/zod';

const slug = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,59}$/, 'Nur Kleinbuchstaben, Ziffern und Bindestriche.'));

/** `/tenants/{id}/handover-agreements` */
export const agreementsPathSchema = z.strictObject({ id: tenantIdSchema });

/** `/tenants/{id}/handover-agreements/{service}/{task}/{from}`: `id` accepts `task` of `service` from `from`. */
export const acceptancePathSchema = z.strictObject({ id: tenantIdSchema, service: slug, task: slug, from: tenantIdSchema });

/** PUT body: optional, what the acceptance rests on (e.g. the public-law agreement between the authorities). */
export const acceptanceBodySchema = z.optional(
  z.strictObject({
    reference: z.optional(
      z.string().check(z.trim(), z.minLength(3, 'Die Grundlage ist zu kurz.'), z.maxLength(300, 'Die Grundlage darf höchstens 300 Zeichen lang sein.')),
    ),
  }),
);
