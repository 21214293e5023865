import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bundlingDefine } from '../../infra/constructs/bundling.ts';
import { ProjectFunction } from '../../infra/constructs/project-function.ts';
import { COMPILED_CATALOGUE_FILE, parseCompiledCatalogue } from '../../functions/training/content/compiled.ts';
import { loadCatalogue } from '../../functions/training/content/load.ts';

/**
 * What the training functions' bundles carry: the learning functions neither the YAML parser (they read the
 * catalogue compiled at build time) nor PDF, QR code or S3 code (certificate PDFs are rendered on download).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), 'openkreis-training-bundles-'));

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** The packages (and project files) in a handler's bundle, bundled with the define of `ProjectFunction`. */
async function bundledInputs(handler: string): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'functions', `${handler}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    define: bundlingDefine(handler),
    metafile: true,
    write: false,
    outfile: path.join(scratch, 'out.mjs'),
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

const PDF_AND_QR = ['node_modules/pdfkit/', 'node_modules/fontkit/', 'functions/documents/fonts/', 'node_modules/qrcode/', 'node_modules/pngjs/'];

describe('training bundles', () => {
  it.each(['training/enrol.handler', 'training/start-attempt.handler', 'training/get-course.handler', 'training/list-courses.handler', 'training/create-rule.handler'])(
    '%s reads the compiled catalogue: no YAML parser, no content loader',
    async (handler) => {
      const inputs = await bundledInputs(handler);
      expect(inputs.filter((input) => input.includes('node_modules/yaml/') || input.endsWith('training/content/load.ts'))).toEqual([]);
      expect(inputs).toContain('functions/training/content/compiled.ts');
    },
  );

  it.each(['training/submit-attempt.handler', 'training/mark-lesson-read.handler', 'training/daily.handler'])(
    '%s completes courses or runs the training day without PDF, QR code, S3 or YAML code',
    async (handler) => {
      const inputs = await bundledInputs(handler);
      const unwanted = [...PDF_AND_QR, 'node_modules/yaml/', 'node_modules/@aws-sdk/client-s3/', 'node_modules/@aws-sdk/client-kms/', 'functions/training/certificates/pdf.ts', 'functions/training/certificates/files.ts'];
      expect(inputs.filter((input) => unwanted.some((part) => input.includes(part)))).toEqual([]);
    },
  );

  it('training/download-certificate.handler renders the PDF (the only training function that does)', async () => {
    const inputs = await bundledInputs('training/download-certificate.handler');
    expect(inputs.some((input) => input.includes('node_modules/pdfkit/'))).toBe(true);
  });
});

describe('ProjectFunction with training content', () => {
  it('ships the compiled, checked catalogue next to the bundle instead of the course files', async () => {
    const outdir = path.join(scratch, 'cdk.out');
    const app = new App({ outdir });
    const stack = new Stack(app, 'TrainingBundle', { env: { account: '123456789012', region: 'eu-central-1' } });
    new ProjectFunction(stack, 'Enrol', {
      handler: 'training/enrol.handler',
      environment: {},
      logRetention: RetentionDays.ONE_WEEK,
      includeTrainingContent: true,
    });
    app.synth();
    const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.') && existsSync(path.join(outdir, name, 'index.mjs')));
    expect(assets).toHaveLength(1);
    const asset = path.join(outdir, assets[0]!);
    expect(readdirSync(path.join(asset, 'training-content'))).toEqual([COMPILED_CATALOGUE_FILE]);
    const file = path.join(asset, 'training-content', COMPILED_CATALOGUE_FILE);
    expect(parseCompiledCatalogue(readFileSync(file, 'utf8'), file)).toEqual((await loadCatalogue(path.join(ROOT, 'training-content'))).courses);
    // The YAML parser's own error class is not in the bundle.
    const bundle = readFileSync(path.join(asset, 'index.mjs'), 'utf8');
    expect(bundle).not.toContain('YAMLParseError');
    // The CDK passed the defines through its esbuild command line intact: the function's own route, not the table.
    expect(bundle).toContain('"path":"/training/courses/{id}/enrol"');
    expect(bundle).not.toContain('/tenants/{id}/config');
    // Source maps without the sources: file and line for stack traces only.
    expect(JSON.parse(readFileSync(path.join(asset, 'index.mjs.map'), 'utf8'))).not.toHaveProperty('sourcesContent');
  }, 120_000);
});
