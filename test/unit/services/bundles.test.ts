/**
 * Lambda bundles are single files: whatever a handler reaches through static or dynamic imports is in its bundle.
 * These tests keep the document libraries (PDF, QR code, signing), S3 and the e-mail client out of the functions that
 * only need a service's descriptor or its form and rules. They read esbuild's import graph (packages left external).
 */
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The project files and the packages an entry reaches. */
async function importGraph(entry: string): Promise<{ files: string[]; packages: string[] }> {
  const result = await esbuild.build({
    entryPoints: [`functions/${entry}.ts`],
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const inputs = Object.values(result.metafile.inputs);
  return {
    files: Object.keys(result.metafile.inputs),
    packages: [...new Set(inputs.flatMap((input) => input.imports.filter((found) => found.external).map((found) => found.path)))].sort(),
  };
}

const DOCUMENT_PACKAGES = ['pdf-lib', 'qrcode', 'jose', '@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner', '@aws-sdk/client-kms'];
const EMAIL = '@aws-sdk/client-sesv2';
const isIssuer = (file: string) => /^functions\/services\/(issuers|[^/]+\/issuer)\.ts$/.test(file);

describe('bundles of the service registries and the functions that use them', () => {
  it('descriptors.ts reaches only the descriptors and a few constant modules', async () => {
    const { files, packages } = await importGraph('services/descriptors');
    expect(files.filter((file) => file.startsWith('functions/services/') && !file.endsWith('/descriptor.ts')).sort()).toEqual([
      'functions/services/address-change/ids.ts',
      'functions/services/building-encumbrances/extract-fees.ts',
      'functions/services/business/fees.ts',
      'functions/services/business/register.ts',
      'functions/services/descriptors.ts',
      'functions/services/resident-parking/fees.ts',
    ]);
    // No package at all, not even a Node built-in: the web app bundles the descriptors as they are.
    expect(packages).toEqual([]);
  });

  it('catalog.ts reaches no issuer, no document library, no S3 and no e-mail', async () => {
    const { files, packages } = await importGraph('services/catalog');
    expect(files.filter(isIssuer)).toEqual([]);
    expect(packages.filter((pkg) => [...DOCUMENT_PACKAGES, EMAIL].includes(pkg))).toEqual([]);
  });

  it.each(['applications/workflow/transition.handler', 'applications/workflow/await-decision.handler'])(
    '%s needs only the descriptors (it sends e-mail itself)',
    async (handler) => {
      const { files, packages } = await importGraph(handler);
      expect(files).toContain('functions/services/descriptors.ts');
      expect(files).not.toContain('functions/services/catalog.ts');
      expect(files.filter(isIssuer)).toEqual([]);
      expect(packages.filter((pkg) => DOCUMENT_PACKAGES.includes(pkg))).toEqual([]);
    },
  );

  it.each(['applications/workflow/run-checks.handler', 'services/list-services.handler'])(
    '%s uses the catalog without issuers, document libraries, S3 or e-mail',
    async (handler) => {
      const { files, packages } = await importGraph(handler);
      expect(files).toContain('functions/services/catalog.ts');
      expect(files.filter(isIssuer)).toEqual([]);
      expect(packages.filter((pkg) => [...DOCUMENT_PACKAGES, EMAIL].includes(pkg))).toEqual([]);
    },
  );

  it('the issuing step uses the issuers (with the document libraries, also where imported dynamically), not the catalog', async () => {
    const { files, packages } = await importGraph('applications/workflow/issue-documents.handler');
    expect(files).toContain('functions/services/issuers.ts');
    expect(files).not.toContain('functions/services/catalog.ts');
    expect(packages).toEqual(expect.arrayContaining(['pdf-lib', 'qrcode', '@aws-sdk/client-s3']));
  });
});
