import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.ts';
import { STEP_TABLE_ACCESS } from '../../infra/stacks/table-access.ts';

/**
 * In AWS a tenant-scoped function has no table rights of its own: the whole-table client (`systemTable`) fails there
 * with AccessDenied — but locally, where every function uses the same credentials, it works. So the code of these
 * functions must not reach it at all. This walks each function's bundle (esbuild's import graph, dynamic imports
 * included) and looks for `systemTable` in the code (comments aside) of every project file it contains.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const tenantScoped = [
  ...new Set([
    ...routes.filter((route) => route.access === 'tenant').map((route) => route.handler),
    ...Object.entries(STEP_TABLE_ACCESS).filter(([, access]) => access.scope === 'tenant').map(([handler]) => handler),
  ]),
].sort();

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const usesWholeTableClient = new Map<string, boolean>();
function reachesWholeTable(file: string): boolean {
  let found = usesWholeTableClient.get(file);
  if (found === undefined) {
    found = file !== 'functions/core/ddb.ts' && /\bsystemTable\b/.test(withoutComments(readFileSync(path.join(ROOT, file), 'utf8')));
    usesWholeTableClient.set(file, found);
  }
  return found;
}

async function projectFiles(handler: string): Promise<string[]> {
  const result = await esbuild.build({
    entryPoints: [`functions/${handler}.ts`],
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs).filter((file) => file.startsWith('functions/'));
}

describe('code of tenant-scoped functions', () => {
  it('covers the route functions and the steps and schedules that act for a tenant', () => {
    expect(tenantScoped).toContain('applications/workflow/issue-documents.handler');
    expect(tenantScoped).toContain('tenants/update-config.handler');
    expect(tenantScoped.length).toBeGreaterThan(60);
  });

  it('never reaches the whole-table client, which such a function cannot use in AWS', async () => {
    const offenders: string[] = [];
    for (const handler of tenantScoped) {
      for (const file of await projectFiles(handler)) if (reachesWholeTable(file)) offenders.push(`${handler} → ${file}`);
    }
    expect(offenders).toEqual([]);
  }, 120_000);

  it('would notice one (the check is not blind)', async () => {
    const files = await projectFiles('payments/workflow/create-payment.handler');
    expect(files.some(reachesWholeTable)).toBe(true);
  });
});
