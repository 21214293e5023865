import { fieldErrors } from '#core/validation';
import * as z from '#core/zod';

/**
 * Client-side validation with the server's own zod schema (imported from `functions/**`): the same rules and the same
 * German messages, keyed like `errorsByField` keys the server's problem details (`body/reason` → `reason`), so one
 * form shows both the same way.
 */
export type Checked<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

export function check<S extends z.ZodMiniType>(schema: S, value: unknown, prefix: 'body' | 'query' = 'body'): Checked<z.infer<S>> {
  const result = z.safeParse(schema, value);
  if (result.success) return { ok: true, data: result.data };
  const errors: Record<string, string> = {};
  for (const error of fieldErrors(result.error, prefix)) {
    const field = error.field === prefix ? prefix : error.field.slice(prefix.length + 1);
    errors[field] ??= error.message;
  }
  return { ok: false, errors };
}
