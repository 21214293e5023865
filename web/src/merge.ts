/**
 * Reapplying someone's edits onto a version that changed meanwhile (three-way merge of plain JSON values): what the
 * user changed against the version they started from (`base`) wins; everything they did not touch comes from the
 * fresh version (`theirs`). Objects merge key by key; lists merge item by item when both kept their length, otherwise
 * the user's list wins as a whole. `overwritten` names the paths where both sides changed the same thing differently
 * — there the user's value wins, and the page says so.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Merged<T> {
  value: T;
  overwritten: string[];
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

/** Key order does not matter (DynamoDB does not keep it). */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
  return value;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function mergeAt(base: unknown, mine: unknown, theirs: unknown, path: string, overwritten: string[]): unknown {
  if (equal(mine, base)) return theirs;
  if (equal(theirs, base) || equal(mine, theirs)) return mine;
  if (isObject(base) && isObject(mine) && isObject(theirs)) {
    const keys = new Set([...Object.keys(base), ...Object.keys(mine), ...Object.keys(theirs)]);
    const result: Record<string, unknown> = {};
    for (const key of keys) {
      const value = mergeAt(base[key], mine[key], theirs[key], path ? `${path}/${key}` : key, overwritten);
      if (value !== undefined) result[key] = value;
    }
    return result;
  }
  if (Array.isArray(base) && Array.isArray(mine) && Array.isArray(theirs) && base.length === mine.length && mine.length === theirs.length) {
    return mine.map((item, index) => mergeAt(base[index], item, theirs[index], `${path}/${index}`, overwritten));
  }
  overwritten.push(path);
  return mine;
}

export function reapply<T>(base: T, mine: T, theirs: T): Merged<T> {
  const overwritten: string[] = [];
  const value = mergeAt(base, mine, theirs, '', overwritten) as T;
  return { value, overwritten };
}

export { equal as sameValue };
