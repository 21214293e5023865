import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bundlingDefine, OPENAPI_DOCUMENT_HANDLER } from '../../infra/constructs/bundling.ts';
import { ProjectFunction } from '../../infra/constructs/project-function.ts';
import { findRoute, routeKey, routes } from '../../functions/routes.ts';

/**
 * The contract costs the deployed functions nothing: `GET /openapi.json` serves a file generated while bundling (its
 * bundle carries neither the generator nor any other handler), and the local contract check is dead code in every
 * bundle, so no deployed function can run it.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), 'openkreis-openapi-bundle-'));

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

async function bundle(handler: string, define = bundlingDefine(handler)): Promise<{ inputs: string[]; code: string }> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'functions', `${handler}.ts`)],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    define,
    metafile: true,
    write: false,
    outfile: path.join(scratch, 'out.mjs'),
    logLevel: 'silent',
  });
  return { inputs: Object.keys(result.metafile.inputs), code: result.outputFiles.find((file) => file.path.endsWith('.mjs'))!.text };
}

describe('the contract in deployed bundles', () => {
  it('serves GET /openapi.json from the function the bundling ships the document with', () => {
    expect(findRoute('GET /openapi.json')?.handler).toBe(OPENAPI_DOCUMENT_HANDLER);
  });

  it('bundles the document function without the generator and without any other handler', async () => {
    const { inputs } = await bundle(OPENAPI_DOCUMENT_HANDLER);
    const project = inputs.filter((input) => input.startsWith('functions/'));
    expect(project.filter((input) => input.endsWith('.handler.ts'))).toEqual([`functions/${OPENAPI_DOCUMENT_HANDLER}.ts`]);
    expect(project).not.toContain('functions/openapi/specs.ts');
    expect(project).not.toContain('functions/openapi/document.ts');
    // The shared HTTP stack and a few lines: about the size of the health check.
    const [own, health] = await Promise.all([bundle(OPENAPI_DOCUMENT_HANDLER), bundle('core/health.handler')]);
    expect(own.code.length - health.code.length).toBeLessThan(4096);
  });

  // The check lives in the one HTTP middleware: handlers of each kind of answer (JSON, HTML, problem+json of its own).
  it.each(['core/health.handler', 'applications/submit.handler', 'documents/verify.handler', 'training/import-employees.handler'])(
    '%s carries no contract check: the check is dead code in a bundle',
    async (handler) => {
      const { inputs, code } = await bundle(handler);
      expect(inputs).not.toContain('functions/core/response-check.ts');
      expect(code).not.toContain('OPENKREIS_CONTRACT_CHECKS');
      // The control: without the bundler's define the same handler does carry it.
      const { OPENKREIS_BUNDLED: _bundled, ...withoutFlag } = bundlingDefine(handler);
      expect((await bundle(handler, withoutFlag)).inputs).toContain('functions/core/response-check.ts');
    },
    60_000,
  );

  it('ships the OpenAPI document of the whole route table next to the bundle of GET /openapi.json', async () => {
    const outdir = path.join(scratch, 'cdk.out');
    const app = new App({ outdir });
    const stack = new Stack(app, 'OpenApiBundle', { env: { account: '123456789012', region: 'eu-central-1' } });
    new ProjectFunction(stack, 'OpenApi', { handler: OPENAPI_DOCUMENT_HANDLER, environment: {}, logRetention: RetentionDays.ONE_WEEK });
    app.synth();
    const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.') && existsSync(path.join(outdir, name, 'index.mjs')));
    expect(assets).toHaveLength(1);
    const document = JSON.parse(readFileSync(path.join(outdir, assets[0]!, 'openapi.json'), 'utf8')) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths).flatMap(([p, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(routes.map(routeKey).sort());
  }, 120_000);
});
