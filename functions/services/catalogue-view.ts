/**
 * What `GET /services` answers about each online service: the response contract (the OpenAPI document is generated
 * from it, the web app takes its types from it) and an allow-list — the answer is parsed with it.
 */
import * as z from '#core/zod';
import { formPresentationSchema } from './presentation.ts';

export const feeVersionView = z.object({
  validFrom: z.string(),
  legalBasis: z.string(),
  /** Amounts in cents by fee key (`annual`, `perParcel`, …). */
  amounts: z.record(z.string(), z.int()),
});

export const serviceEntryView = z.object({
  id: z.string(),
  leikaKey: z.string(),
  title: z.string(),
  description: z.string(),
  uploads: z.array(z.object({ kind: z.string(), label: z.string(), required: z.enum(['always', 'sometimes']) })),
  issues: z.array(z.object({ kind: z.string(), label: z.string() })),
  /** The tenant's fee schedule versions for the service (the one in force: the latest `validFrom` not in the future). */
  fees: z.array(feeVersionView),
  /** The JSON Schema (2020-12) of the form, generated from the zod schema that validates submissions. */
  formSchema: z.record(z.string(), z.unknown()),
  /** How the web app renders the form. */
  presentation: formPresentationSchema,
});
export type ServiceEntryView = z.infer<typeof serviceEntryView>;

export const serviceListView = z.object({ tenantId: z.string(), items: z.array(serviceEntryView) });
export type ServiceListView = z.infer<typeof serviceListView>;
