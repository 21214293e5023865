import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundlingDefine } from '../../infra/constructs/bundling.ts';

/**
 * The crash points of the local crash tests (`functions/core/crash.ts`, `OPENKREIS_CRASH_AT`) must never reach AWS:
 * every function that has one is bundled as `ProjectFunction` bundles it, and the bundle must neither read the
 * variable nor be able to exit the process. The same source, unbundled, does honour it (test/unit/core/crash.test.ts).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function bundled(handler: string, define: Record<string, string>): Promise<string> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'functions', `${handler}.ts`)],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    define,
    write: false,
    outfile: 'out.mjs',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('fault injection in deployed bundles', () => {
  it.each(['applications/submit.handler', 'applications/decide.handler', 'payments/sandbox/checkout-action.handler'])(
    '%s has its crash point removed: it neither reads OPENKREIS_CRASH_AT nor can exit',
    async (handler) => {
      const code = await bundled(handler, bundlingDefine(handler));
      expect(code).not.toContain('OPENKREIS_CRASH_AT');
      expect(code).not.toContain('exit(137)');
      // The control: without the bundler's define the same handler does carry the seam.
      const { OPENKREIS_BUNDLED: _bundled, ...withoutFlag } = bundlingDefine(handler);
      expect(await bundled(handler, withoutFlag)).toContain('OPENKREIS_CRASH_AT');
    },
    60_000,
  );
});
