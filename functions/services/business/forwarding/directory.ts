/**
 * The recipient directory: for each tenant, which authority (with its XGewerbeordnung authority id) stands behind a
 * recipient of the matrix, how it is reached, and whether it waived delivery (§ 3 Abs. 1 letzter Satz GewAnzV).
 * The data lives in `directory.v1.ts`; a recipient of the matrix without an entry is "not configured" for the tenant.
 */
import * as z from '#core/zod';
import { RECIPIENT_IDS, type RecipientId } from './matrix.ts';

export const recipientEndpointSchema = z.strictObject({
  recipientId: z.enum(RECIPIENT_IDS),
  /** The authority's name, as the `leser/behoerdenname` of the message. */
  name: z.string().check(z.minLength(3), z.maxLength(200)),
  /**
   * `behoerdenkennung`: DVDV prefix and key. The prefix names the code list of the key (codelists/index.ts): `xga` —
   * `…:codeliste:weiterekommunikationspartner`, `azr` — the Ausländerbehörden key list of XAusländer.
   */
  authority: z.strictObject({
    prefix: z.enum(['xga', 'azr']),
    id: z.string().check(z.regex(/^[A-Za-z0-9-]{1,20}$/)),
  }),
  /** The delivery adapter. `sandbox` writes the message to the documents bucket (local and demo stages). */
  transport: z.enum(['sandbox']),
  /** Test seam of the sandbox transport: the first N attempts (over all resends) of each delivery fail. */
  sandbox: z.optional(z.strictObject({ failFirstAttempts: z.int().check(z.gte(0), z.lte(100)) })),
  /** Retries with exponential backoff: base, cap and the number of attempts before a delivery is dead. */
  retry: z.optional(
    z.strictObject({
      baseSeconds: z.int().check(z.gte(0), z.lte(86_400)),
      maxSeconds: z.int().check(z.gte(0), z.lte(7 * 86_400)),
      maxAttempts: z.int().check(z.gte(1), z.lte(20)),
    }),
  ),
  /** The recipient waived the regular delivery: nothing is sent automatically. */
  waived: z.optional(z.boolean()),
});
export type RecipientEndpoint = z.infer<typeof recipientEndpointSchema>;

export const recipientDirectorySchema = z.strictObject({
  version: z.string().check(z.regex(/^v\d+$/)),
  /** Endpoints of every tenant that has no entry of its own for a recipient. */
  defaults: z.array(recipientEndpointSchema),
  /** Per tenant: entries replacing the default of the same recipient. */
  tenants: z.record(z.string(), z.array(recipientEndpointSchema)),
});
export type RecipientDirectory = z.infer<typeof recipientDirectorySchema>;

export const DEFAULT_RETRY = { baseSeconds: 300, maxSeconds: 6 * 3600, maxAttempts: 5 } as const;

/** The endpoint of `recipientId` for `tenantId`, or undefined when the tenant has none configured. */
export function endpointFor(directory: RecipientDirectory, tenantId: string, recipientId: RecipientId | string): RecipientEndpoint | undefined {
  const own = directory.tenants[tenantId]?.find((entry) => entry.recipientId === recipientId);
  return own ?? directory.defaults.find((entry) => entry.recipientId === recipientId);
}

export function retryPolicy(endpoint: RecipientEndpoint | undefined): { baseSeconds: number; maxSeconds: number; maxAttempts: number } {
  return endpoint?.retry ?? DEFAULT_RETRY;
}
