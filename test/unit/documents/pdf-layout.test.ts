import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARGIN } from '../../../functions/documents/pdf-kit.ts';
import { SEED_TENANTS } from '../../../infra/local/seed/county.ts';
import { drawnLines, type DrawnLine } from '../../support/pdf.ts';
import { PDFS } from './issued-pdfs.ts';

/**
 * Every PDF the platform issues: every line of text must lie within the page margins — none may run past the right
 * edge — and no tenant id may be printed (authorities appear by their display names).
 */
const TENANT_IDS = SEED_TENANTS.map((tenant) => tenant.input.id);

function outside(line: DrawnLine): string | undefined {
  const slack = 0.01;
  if (line.x < MARGIN - slack) return `starts at ${line.x.toFixed(2)} pt, left of the margin`;
  if (line.x + line.width > line.pageWidth - MARGIN + slack) return `ends at ${(line.x + line.width).toFixed(2)} pt, past the right margin (${(line.pageWidth - MARGIN).toFixed(2)} pt)`;
  if (line.y < MARGIN - slack || line.y + line.size > line.pageHeight - MARGIN + slack) return `at y ${line.y.toFixed(2)} pt, outside the top or bottom margin`;
  // The footer sits on the bottom margin, under a rule 13 pt above it: other text stays clear of the rule.
  if (Math.abs(line.y - MARGIN) > slack && line.y < MARGIN + 16) return `at y ${line.y.toFixed(2)} pt, on the footer`;
  return undefined;
}

describe('every PDF the platform issues', { timeout: 30_000 }, () => {
  for (const [name, render] of Object.entries(PDFS)) {
    it(`keeps every line of the ${name} within the page margins, with long German input`, async () => {
      const lines = await drawnLines(await render());
      expect(lines.length).toBeGreaterThan(10);
      const problems = lines.map((line) => [line, outside(line)] as const).filter(([, problem]) => problem).map(([line, problem]) => `page ${line.page + 1} "${line.text}": ${problem}`);
      expect(problems).toEqual([]);
    });

    it(`prints no tenant id on the ${name} (authorities by their display names)`, async () => {
      const text = (await drawnLines(await render())).map((line) => line.text).join('\n');
      // Ids may be part of an e-mail address or URL of the authority; anywhere else they are a leak.
      const withoutAddresses = text.replace(/\S+@\S+|https?:\/\/\S+/g, '');
      for (const id of TENANT_IDS) expect(withoutAddresses, id).not.toMatch(new RegExp(`(^|[^\\p{L}-])${id}([^\\p{L}-]|$)`, 'u'));
    });
  }

  it('flags a line that runs past the right margin (the Meldebestätigung before the shared layout)', () => {
    // The reported line: drawn at x = 56 pt with the old hand-made layout, it ended at 595.65 pt on a 595.28 pt page.
    const line = { page: 0, text: 'x', size: 11, x: 60, y: 400, width: 535.65, pageWidth: 595.28, pageHeight: 841.89 };
    expect(outside(line)).toMatch(/past the right margin/);
    expect(outside({ ...line, width: 400 })).toBeUndefined();
  });

  it('renders the Meldebestätigung as an image for a visual check (pdftoppm, when installed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openkreis-pdf-'));
    writeFileSync(join(dir, 'meldebestaetigung.pdf'), await PDFS.meldebestaetigung!());
    try {
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', join(dir, 'meldebestaetigung.pdf'), join(dir, 'page')]);
    } catch {
      return; // poppler-utils is not installed here: the geometric checks above still hold.
    }
    expect(execFileSync('ls', [dir]).toString()).toMatch(/page-1\.png/);
  });
});
