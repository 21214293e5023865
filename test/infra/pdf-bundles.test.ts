import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleGenerated, PROJECT_ROOT } from '../../bench/lib/bundle.ts';
import { pdffonts, pdfUaProblems, popplerAvailable } from '../support/pdf.ts';

/**
 * The PDF-issuing code bundled as the Lambda functions bundle it (the bench's bundler reads `ProjectFunction`'s options
 * and applies the same `BUNDLING_ALIASES`): fontkit's WOFF2 Brotli decoder is replaced, and every document the platform
 * issues still renders from the bundle as a tagged PDF with its fonts embedded.
 */
const buildDir = mkdtempSync(path.join(tmpdir(), 'openkreis-pdf-bundle-'));
afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

const ISSUED_PDFS = path.join(PROJECT_ROOT, 'test/unit/documents/issued-pdfs.ts');
const ENTRY = `import { writeFileSync } from 'node:fs';
import { PDFS } from ${JSON.stringify(ISSUED_PDFS)};
for (const [name, render] of Object.entries(PDFS)) writeFileSync(process.argv[2] + '/' + name + '.pdf', await render());
`;

describe('the PDF documents bundled as a Lambda function bundles them', () => {
  it('carry fontkit without its Brotli decoder and still issue every document, tagged, with embedded fonts', async () => {
    const bundle = await bundleGenerated('issued-pdfs', ENTRY, buildDir);
    expect(bundle.byPackage['fontkit']).toBeGreaterThan(0);
    expect(bundle.byPackage['brotli']).toBeUndefined();

    const out = mkdtempSync(path.join(buildDir, 'out-'));
    execFileSync(process.execPath, [bundle.file, out], { stdio: 'pipe' });
    const files = readdirSync(out).filter((name) => name.endsWith('.pdf'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(path.join(out, file)));
      expect(await pdfUaProblems(bytes), file).toEqual([]);
      if (popplerAvailable()) expect(pdffonts(bytes)?.every((font) => font.embedded), file).toBe(true);
    }
  }, 120_000);
});
