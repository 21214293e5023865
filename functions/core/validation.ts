import * as z from './zod.ts';
import type { FieldError } from './problem.ts';

/** Turns zod issues into the `errors` of a problem document: one entry per failing field. */
export function fieldErrors(error: z.core.$ZodError, prefix: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('/');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: path ? `${path}/${key}` : key, message: 'Unbekanntes Feld.' }));
    }
    return [{ field: path || prefix, message: issue.message }];
  });
}

/**
 * @deprecated Import zod as `import * as z from '#core/zod'`. Importing this re-exported namespace makes esbuild bundle
 * all of zod with every locale (~420 KB) into the function; see `functions/core/zod.ts`.
 */
export { z };
