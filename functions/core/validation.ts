import * as z from 'zod/mini';
import { de } from 'zod/locales';
import type { FieldError } from './problem.ts';

// German messages for every built-in check; our own messages stay where a schema sets them.
z.config(de());

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

export { z };
