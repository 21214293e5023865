/** Ad-hoc: `tsx bench/analyse.ts <handler> ...` prints bundle bytes by package and the largest project files. */
import path from 'node:path';
import os from 'node:os';
import { bundleEntry, PROJECT_ROOT } from './lib/bundle.ts';

for (const handler of process.argv.slice(2)) {
  const entry = path.join(PROJECT_ROOT, 'functions', `${handler}.ts`);
  const result = await bundleEntry(entry, path.join(os.tmpdir(), 'analyse', handler));
  const output = Object.values(result.metafile.outputs)[0]!;
  console.log(`\n== ${handler}: ${(result.bytes / 1024).toFixed(0)} KB; clients ${result.sdkClients.join(', ')}`);
  const nonSdk = Object.entries(result.byPackage).filter(([p]) => !p.startsWith('@aws-sdk') && !p.startsWith('@smithy') && !p.startsWith('@aws-crypto')).sort((a, b) => b[1] - a[1]);
  console.log(nonSdk.slice(0, 15).map(([p, b]) => `  ${p} ${(b / 1024).toFixed(1)} KB`).join('\n'));
  const files = Object.entries(output.inputs).filter(([f]) => !f.includes('node_modules')).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
  console.log(files.slice(0, 15).map(([f, i]) => `    ${f} ${(i.bytesInOutput / 1024).toFixed(1)} KB`).join('\n'));
}
