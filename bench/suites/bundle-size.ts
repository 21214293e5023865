/**
 * 1. Bundle size per function, bundled as the CDK app bundles it, beside its SDK floor (a handler that constructs
 * the same `@aws-sdk/*` clients and commands, bundled the same way). The ratio is the figure; target ≤ 1.25×.
 */
import path from 'node:path';
import {
  bundleEntry,
  bundleGenerated,
  floorKey,
  floorSource,
  handlerModules,
  HELLO_WORLD_SOURCE,
  packageGroup,
  PROJECT_ROOT,
  whyIncluded,
  type BundleResult,
} from '../lib/bundle.ts';
import type { BenchSize } from '../lib/size.ts';

export const BUNDLE_TARGET_RATIO = 1.25;

export interface FunctionBundle {
  module: string;
  file: string;
  bytes: number;
  floorKey: string;
  floorBytes: number;
  ratio: number;
  sdkClients: string[];
  sdkImports: Record<string, string[]>;
  /** Bytes by group: AWS SDK, zod, project code, other packages by name. */
  groups: Record<string, number>;
  /** zod's locale files (all 40+ languages) are in the bundle. */
  zodLocales: boolean;
  /** Project files importing zod's namespace through a re-export: why the locales are there. */
  zodReexportImporters: string[];
  /** The SDK's Scan command class is in the bundle (it may be there without being called: see the report). */
  scanCommandPresent: boolean;
  /** Project code references a Scan command. */
  projectScan: boolean;
  /** For each bundled SDK client package: the import chain that brought it in. */
  clientChains: Record<string, string[]>;
  /** For each non-SDK package over 20 KB: the import chain from the handler that brought it in. */
  packageChains: Record<string, string[]>;
  /** The service catalogue (every service definition) is in the bundle. */
  viaCatalogue: boolean;
}

export interface FloorBundle {
  key: string;
  file: string;
  bytes: number;
  imports: Record<string, string[]>;
  source: string;
}

export interface BundleFigures {
  buildDir: string;
  functions: FunctionBundle[];
  floors: Record<string, FloorBundle>;
  hello: { file: string; bytes: number };
  /** The SDK-only floor of the DynamoDB document client (the reference figure of the issue). */
  documentClientFloor: { file: string; bytes: number };
  elapsedMs: number;
}

function groupsOf(result: BundleResult): Record<string, number> {
  const groups: Record<string, number> = {};
  for (const [pkg, bytes] of Object.entries(result.byPackage)) {
    const group = packageGroup(pkg);
    groups[group] = (groups[group] ?? 0) + bytes;
  }
  return groups;
}

function chain(result: BundleResult, target: string): string[] | undefined {
  return whyIncluded(result.metafile, target)?.map((file) => file.replace(/^.*node_modules\//, ''));
}

/** Runs `tasks` with at most `limit` at a time. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!, index);
      }
    }),
  );
  return results;
}

export async function runBundleSize(size: BenchSize, buildDir: string, log: (message: string) => void): Promise<BundleFigures> {
  const started = performance.now();
  const modules = size.bundleModules ?? handlerModules();
  log(`bundling ${modules.length} functions as the CDK app does …`);
  // With the linked source map, as deployed: the cold-start benchmark loads these files with --enable-source-maps.
  const bundles = await pool(modules, 2, (module) =>
    bundleEntry(path.join(PROJECT_ROOT, 'functions', `${module}.ts`), path.join(buildDir, 'functions', module.replace(/\//g, '__')), { sourcemap: true }),
  );

  const floors: Record<string, FloorBundle> = {};
  for (const result of bundles) {
    const key = floorKey(result.sdkImports);
    if (floors[key]) continue;
    const source = floorSource(result.sdkImports);
    const floor = await bundleGenerated(`floor-${key}`, source, buildDir, { sourcemap: true });
    floors[key] = { key, file: floor.file, bytes: floor.bytes, imports: result.sdkImports, source };
  }
  const hello = await bundleGenerated('hello-world', HELLO_WORLD_SOURCE, buildDir, { sourcemap: true });
  const documentClientFloor = await bundleGenerated(
    'floor-document-client',
    floorSource({ '@aws-sdk/client-dynamodb': ['DynamoDBClient'], '@aws-sdk/lib-dynamodb': ['DynamoDBDocumentClient', 'GetCommand', 'PutCommand', 'QueryCommand', 'UpdateCommand', 'TransactWriteCommand'] }),
    buildDir,
    { sourcemap: true },
  );

  const functions: FunctionBundle[] = bundles.map((result, index) => {
    const key = floorKey(result.sdkImports);
    const floorBytes = floors[key]!.bytes;
    const output = Object.values(result.metafile.outputs).find((candidate) => candidate.entryPoint);
    // German is configured on purpose; any other language in the bundle means the whole locale set came along.
    const zodLocales = Object.entries(output?.inputs ?? {}).some(([file, input]) => /zod\/v4\/locales\/(?!de\.js|index\.js)[a-z-]+\.js$/.test(file) && input.bytesInOutput > 0);
    const scanCommandPresent = Object.entries(output?.inputs ?? {}).some(([file, input]) => /\/ScanCommand\.js$/.test(file) && input.bytesInOutput > 0);
    const projectScan = Object.values(result.sdkImports).some((names) => names.some((name) => /^Scan(Command)?$|paginateScan/.test(name)));
    const clientChains: Record<string, string[]> = {};
    for (const client of [...result.sdkClients, ...(result.byPackage['@aws-sdk/s3-request-presigner'] ? ['@aws-sdk/s3-request-presigner'] : [])]) {
      const found = chain(result, `node_modules/${client}/dist-es/index.js`);
      if (found) clientChains[client] = found;
    }
    const packageChains: Record<string, string[]> = {};
    for (const [pkg, bytes] of Object.entries(result.byPackage)) {
      if (pkg === 'project' || packageGroup(pkg) === 'AWS SDK' || bytes < 20 * 1024) continue;
      const first = Object.entries(output?.inputs ?? {}).find(([file, input]) => input.bytesInOutput > 0 && file.includes(`node_modules/${pkg}/`));
      const found = first ? chain(result, first[0]) : undefined;
      if (found) packageChains[pkg] = found;
    }
    return {
      module: modules[index]!,
      file: result.file,
      bytes: result.bytes,
      floorKey: key,
      floorBytes,
      ratio: result.bytes / floorBytes,
      sdkClients: result.sdkClients,
      sdkImports: result.sdkImports,
      groups: groupsOf(result),
      zodLocales,
      zodReexportImporters: result.zodReexportImporters,
      scanCommandPresent,
      projectScan,
      clientChains,
      packageChains,
      viaCatalogue: result.projectFiles.includes('functions/services/catalog.ts'),
    };
  });
  const elapsedMs = performance.now() - started;
  log(`bundled ${functions.length} functions and ${Object.keys(floors).length} floors in ${(elapsedMs / 1000).toFixed(1)} s`);
  return {
    buildDir,
    functions,
    floors,
    hello: { file: hello.file, bytes: hello.bytes },
    documentClientFloor: { file: documentClientFloor.file, bytes: documentClientFloor.bytes },
    elapsedMs,
  };
}
