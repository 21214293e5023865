/**
 * Bundles functions exactly as the CDK app does (`infra/constructs/project-function.ts`: esbuild, ESM, minified,
 * node22, AWS SDK bundled, `mainFields: ['module','main']`, the `createRequire` banner) and derives each function's
 * SDK floor: a generated handler that imports and constructs the same `@aws-sdk/*` clients and commands.
 *
 * The bundling options are read from `project-function.ts` itself (banner, target, mainFields, format), so the
 * benchmark cannot silently drift from what is deployed; if that file changes shape, bundling fails loudly here.
 */
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLING_ALIASES, bundlingDefine } from '../../infra/constructs/bundling.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FUNCTIONS_DIR = path.join(PROJECT_ROOT, 'functions');
const PROJECT_FUNCTION_FILE = path.join(PROJECT_ROOT, 'infra/constructs/project-function.ts');

export interface ProjectBundlingOptions {
  format: 'esm';
  target: string;
  mainFields: string[];
  banner: string;
  minify: true;
  platform: 'node';
  sourcesContent: boolean;
}

/** The bundling options of `ProjectFunction`, read from its source. */
export function projectBundlingOptions(): ProjectBundlingOptions {
  const source = readFileSync(PROJECT_FUNCTION_FILE, 'utf8');
  const banner = /banner:\s*"([^"]+)"/.exec(source)?.[1];
  const target = /target:\s*'([^']+)'/.exec(source)?.[1];
  const mainFields = /mainFields:\s*\[([^\]]*)\]/.exec(source)?.[1];
  const esm = /format:\s*OutputFormat\.ESM/.test(source);
  const minify = /minify:\s*true/.test(source);
  const sdkBundled = /bundleAwsSDK:\s*true/.test(source);
  if (!banner || !target || !mainFields || !esm || !minify || !sdkBundled) {
    throw new Error(`bench: cannot read the bundling options from ${PROJECT_FUNCTION_FILE} — update bench/lib/bundle.ts`);
  }
  return {
    format: 'esm',
    target,
    mainFields: mainFields.split(',').map((field) => field.trim().replace(/^'|'$/g, '')).filter(Boolean),
    banner,
    minify: true,
    platform: 'node',
    sourcesContent: !/sourcesContent:\s*false/.test(source),
  };
}

/** Every Lambda handler module of the app (`functions/**\/*.handler.ts`), as `applications/submit.handler`. */
export function handlerModules(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.handler.ts')) found.push(path.relative(FUNCTIONS_DIR, full).replace(/\.ts$/, '').split(path.sep).join('/'));
    }
  };
  walk(FUNCTIONS_DIR);
  return found.sort();
}

export interface BundleResult {
  /** `index.mjs` of the function, as deployed. */
  file: string;
  bytes: number;
  /** Bytes in the output per package (`project` for our own code). */
  byPackage: Record<string, number>;
  /** Named value imports from `@aws-sdk/*` packages in the project files that made it into the bundle. */
  sdkImports: Record<string, string[]>;
  /** `@aws-sdk/client-*` packages with code in the bundle (from the metafile). */
  sdkClients: string[];
  /** SDK command classes with code in the bundle, e.g. `client-dynamodb:ScanCommand`. */
  sdkCommands: string[];
  /** Project source files in the bundle. */
  projectFiles: string[];
  /** Project files that import zod's namespace through a re-export (`import { z } from '#core/validation'`). */
  zodReexportImporters: string[];
  metafile: esbuild.Metafile;
}

function packageOf(file: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return match ? match[1]! : 'project';
}

const ZOD_REEXPORT_IMPORT = /import\s+(?!type\s)\{[^}]*\bz\b[^}]*\}\s*from\s*['"][^'"]*validation(?:\.ts)?['"]/;

const SDK_IMPORT = /import\s+(?!type\s)\{([^}]*)\}\s*from\s*['"](@aws-sdk\/[^'"]+)['"]/g;

function sdkValueImports(files: string[]): Record<string, string[]> {
  const imports: Record<string, Set<string>> = {};
  for (const file of files) {
    const source = readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
    for (const match of source.matchAll(SDK_IMPORT)) {
      const names = match[1]!
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name && !name.startsWith('type '))
        .map((name) => name.split(/\s+as\s+/)[0]!.trim());
      if (names.length === 0) continue;
      const set = (imports[match[2]!] ??= new Set());
      for (const name of names) set.add(name);
    }
  }
  return Object.fromEntries(Object.entries(imports).map(([pkg, names]) => [pkg, [...names].sort()]));
}

export interface BundleOptions {
  /** Write a linked source map next to the bundle, as the CDK does (`--sourcemap`); off for size. */
  sourcemap?: boolean;
  /** Resolve packages from the project's node_modules (generated entries may live outside the project). */
  projectNodeModules?: boolean;
}

/** `applications/submit.handler` for a handler entry below `functions/`, else undefined (generated entries). */
function handlerOf(entry: string): string | undefined {
  const relative = path.relative(FUNCTIONS_DIR, path.resolve(PROJECT_ROOT, entry));
  return !relative.startsWith('..') && relative.endsWith('.handler.ts') ? relative.replace(/\.ts$/, '').split(path.sep).join('/') : undefined;
}

/** Bundles one entry (a `functions/…` handler or a generated file) the way `ProjectFunction` does. */
export async function bundleEntry(entry: string, outDir: string, options: BundleOptions = {}): Promise<BundleResult> {
  const projectOptions = projectBundlingOptions();
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, 'index.mjs');
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    format: projectOptions.format,
    platform: projectOptions.platform,
    target: projectOptions.target,
    minify: projectOptions.minify,
    mainFields: projectOptions.mainFields,
    banner: { js: projectOptions.banner },
    define: handlerOf(entry) ? bundlingDefine(handlerOf(entry)!) : {},
    alias: BUNDLING_ALIASES,
    sourcemap: options.sourcemap ? true : false,
    sourcesContent: projectOptions.sourcesContent,
    ...(options.projectNodeModules ? { nodePaths: [path.join(PROJECT_ROOT, 'node_modules')] } : {}),
    outfile,
    metafile: true,
    logLevel: 'error',
  });
  const metafile = result.metafile!;
  const output = metafile.outputs[path.relative(PROJECT_ROOT, outfile).split(path.sep).join('/')] ?? Object.values(metafile.outputs).find((o) => o.entryPoint);
  if (!output) throw new Error(`bench: no output for ${entry}`);
  const byPackage: Record<string, number> = {};
  const projectFiles: string[] = [];
  const clients = new Set<string>();
  const commands = new Set<string>();
  for (const [file, input] of Object.entries(output.inputs)) {
    if (input.bytesInOutput === 0) continue;
    const pkg = packageOf(file);
    byPackage[pkg] = (byPackage[pkg] ?? 0) + input.bytesInOutput;
    if (pkg === 'project' && !file.startsWith('..') && /\.ts$/.test(file)) projectFiles.push(file);
    if (pkg.startsWith('@aws-sdk/client-')) clients.add(pkg);
    const command = /node_modules\/@aws-sdk\/([^/]+)\/dist-es\/commands\/(\w+Command)\.js$/.exec(file);
    if (command) commands.add(`${command[1]}:${command[2]}`);
  }
  return {
    file: outfile,
    bytes: statSync(outfile).size,
    byPackage,
    sdkImports: sdkValueImports(projectFiles),
    sdkClients: [...clients].sort(),
    sdkCommands: [...commands].sort(),
    projectFiles,
    zodReexportImporters: projectFiles.filter((file) => ZOD_REEXPORT_IMPORT.test(readFileSync(path.join(PROJECT_ROOT, file), 'utf8'))),
    metafile,
  };
}

/** The import chain by which a file entered the bundle (entry first), for "why is this here". */
export function whyIncluded(metafile: esbuild.Metafile, target: string): string[] | undefined {
  const importers = new Map<string, string[]>();
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const imported of input.imports) {
      const list = importers.get(imported.path) ?? [];
      list.push(file);
      importers.set(imported.path, list);
    }
  }
  // Breadth-first from the target up to a project entry: the shortest chain.
  const start = Object.keys(metafile.inputs).find((file) => file.includes(target));
  if (!start) return undefined;
  const previous = new Map<string, string | undefined>([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift()!;
    const parents = importers.get(current) ?? [];
    if (parents.length === 0) {
      const chain: string[] = [];
      for (let node: string | undefined = current; node; node = previous.get(node)) chain.push(node);
      return chain;
    }
    for (const parent of parents) {
      if (previous.has(parent)) continue;
      previous.set(parent, current);
      queue.push(parent);
    }
  }
  return undefined;
}

/** Client classes get constructed as the project constructs them (`new X({})`; the document client wraps DynamoDB). */
export function floorSource(sdkImports: Record<string, string[]>): string {
  const imports = structuredClone(sdkImports);
  const lines: string[] = [];
  const hasDocumentClient = (imports['@aws-sdk/lib-dynamodb'] ?? []).includes('DynamoDBDocumentClient');
  if (hasDocumentClient) {
    // The floor serves its event with one GetItem through the document client, like a read route.
    imports['@aws-sdk/lib-dynamodb'] = [...new Set([...(imports['@aws-sdk/lib-dynamodb'] ?? []), 'GetCommand'])].sort();
    imports['@aws-sdk/client-dynamodb'] = [...new Set([...(imports['@aws-sdk/client-dynamodb'] ?? []), 'DynamoDBClient'])].sort();
  }
  const names: string[] = [];
  let alias = 0;
  const local = new Map<string, string>();
  for (const [pkg, list] of Object.entries(imports).sort(([a], [b]) => a.localeCompare(b))) {
    const specifiers = list.map((name) => {
      alias += 1;
      const as = `${name}_${alias}`;
      local.set(`${pkg}:${name}`, as);
      names.push(as);
      return `${name} as ${as}`;
    });
    lines.push(`import { ${specifiers.join(', ')} } from '${pkg}';`);
  }
  lines.push(`// Keeps every imported SDK export in the bundle, as the function's code does.`);
  lines.push(`export const sdkExports = [${names.join(', ')}];`);
  const constructed: string[] = [];
  for (const [key, as] of local) {
    const [pkg, name] = key.split(':') as [string, string];
    if (!/Client$/.test(name) || name === 'DynamoDBDocumentClient') continue;
    if (pkg === '@aws-sdk/client-dynamodb' && name === 'DynamoDBClient') continue;
    constructed.push(`new ${as}({})`);
  }
  if (local.has('@aws-sdk/client-dynamodb:DynamoDBClient')) {
    const client = `new ${local.get('@aws-sdk/client-dynamodb:DynamoDBClient')}({})`;
    lines.push(
      hasDocumentClient
        ? `const table = ${local.get('@aws-sdk/lib-dynamodb:DynamoDBDocumentClient')}.from(${client}, { marshallOptions: { removeUndefinedValues: true } });`
        : `const table = undefined; export const dynamodb = ${client};`,
    );
  } else {
    lines.push('const table = undefined;');
  }
  lines.push(`export const clients = [${constructed.join(', ')}];`);
  lines.push(
    'export const handler = async () => {',
    '  if (table) {',
    `    const result = await table.send(new ${local.get('@aws-sdk/lib-dynamodb:GetCommand') ?? 'Object'}({ TableName: process.env.TABLE_NAME, Key: { PK: 'bench#floor', SK: 'floor' } }));`,
    '    return { statusCode: 200, body: JSON.stringify({ found: Boolean(result.Item) }) };',
    '  }',
    "  return { statusCode: 200, body: '{}' };",
    '};',
  );
  return `${lines.join('\n')}\n`;
}

export const HELLO_WORLD_SOURCE = "export const handler = async () => ({ statusCode: 200, body: 'hello' });\n";

/** A stable name for a floor: functions with the same SDK imports share one floor bundle. */
export function floorKey(sdkImports: Record<string, string[]>): string {
  return createHash('sha256').update(JSON.stringify(sdkImports)).digest('hex').slice(0, 10);
}

/** Writes a generated entry into the build directory and bundles it (packages resolve from the project). */
export async function bundleGenerated(name: string, source: string, buildDir: string, options: BundleOptions = {}): Promise<BundleResult> {
  const entryDir = path.join(buildDir, 'entries');
  mkdirSync(entryDir, { recursive: true });
  const entry = path.join(entryDir, `${name}.mjs`);
  writeFileSync(entry, source);
  return bundleEntry(entry, path.join(buildDir, name), { ...options, projectNodeModules: true });
}

/** Human label for a package group in size breakdowns. */
export function packageGroup(pkg: string): string {
  if (pkg === 'project') return 'project code';
  if (pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/') || pkg.startsWith('@aws-crypto/') || ['tslib', 'fast-xml-parser', 'strnum', 'bowser', '@aws/lambda-invoke-store'].includes(pkg)) return 'AWS SDK';
  if (pkg === 'zod') return 'zod';
  return pkg;
}
