import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The web app validates with the server's own zod schemas, imported from `functions/**`. Such a module must run in a
 * browser: no Node built-in (Vite would replace it by an empty stub that fails at run time), no AWS SDK, no store, no
 * handler. This bundles the whole app — every page, through the lazy imports — for the browser, so an import that
 * pulls in any of them, however indirectly, fails here with the chain that led to it.
 */
const ENTRY = fileURLToPath(new URL('../../../web/src/main.tsx', import.meta.url));

describe('the web app runs in a browser', () => {
  it('bundles every page for the browser: nothing it imports from functions/ needs Node, the AWS SDK, a store or a handler', async () => {
    const result = await build({
      entryPoints: [ENTRY],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      outdir: 'out',
      write: false,
      metafile: true,
      logLevel: 'silent',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      loader: { '.css': 'empty', '.scss': 'empty', '.woff2': 'empty', '.svg': 'empty' },
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes('functions/'))).toBe(true);
    const forbidden = inputs.filter((input) => /@aws-sdk|@middy|node_modules\/(jose|pdfkit|fontkit|qrcode)\/|functions\/.*(store|\.handler)\.ts$|functions\/core\/(ddb|s3|ses|sfn|logger|http)\.ts$/.test(input));
    expect(forbidden).toEqual([]);
  });
});
