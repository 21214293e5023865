import type * as z from '#core/zod';

/**
 * The issues of a failed client-side parse (the server's own zod schema) as field → message, the shape the forms show
 * at their fields — the same paths as the server's `errors[].field` without `body/` (see `errorsByField`).
 */
export function fieldErrors(error: z.core.$ZodError): Record<string, string> {
  const result: Record<string, string> = {};
  for (const issue of error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
    for (const path of keys) result[path.map(String).join('/') || 'form'] ??= issue.message;
  }
  return result;
}
