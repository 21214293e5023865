/**
 * zod (its `zod/mini` build) with German messages for every built-in check; our own messages stay where a schema sets
 * them. Every module that defines or parses schemas imports it as a namespace: `import * as z from '#core/zod'`.
 *
 * Why `export *` and a namespace import: esbuild tree-shakes `z.object(...)`, `z.string()`, … only on a namespace
 * *import*. Re-exporting the namespace as a value (`import * as z from 'zod/mini'; export { z }`) makes it materialise
 * the whole of zod — with all its 40+ locales, ~420 KB minified — in every bundle that imports it: that was most of
 * every function's size and a third of its cold start (bench/RESULTS.md).
 */
import { config } from 'zod/mini';
import { de } from 'zod/locales';

config(de());

export * from 'zod/mini';
