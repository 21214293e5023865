import * as z from 'zod/mini';

/**
 * A tenant id is a lower-case slug (`neuss`, `rhein-kreis-neuss`). It can never contain `#`, the separator of our
 * keys, so `gemeinde#…` can never be a prefix of `gemeinde-nord#…`'s keys and vice versa.
 */
export const TENANT_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export const tenantIdSchema = z.string().check(
  z.minLength(2, 'Die Mandanten-ID muss mindestens 2 Zeichen lang sein.'),
  z.maxLength(40, 'Die Mandanten-ID darf höchstens 40 Zeichen lang sein.'),
  z.regex(TENANT_ID_PATTERN, 'Die Mandanten-ID besteht nur aus Kleinbuchstaben, Ziffern und einzelnen Bindestrichen (z. B. "rommerskirchen").'),
);

export function isTenantId(value: string): boolean {
  return value.length >= 2 && value.length <= 40 && TENANT_ID_PATTERN.test(value);
}
