import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pdfFontsModule } from '../../../infra/cli/pdf-fonts-build.ts';

describe('the fonts embedded in the PDFs', () => {
  it('are the KERN Fira Sans subsets the generator makes today (run `npx tsx infra/cli/pdf-fonts.ts` when this fails)', async () => {
    const committed = readFileSync(new URL('../../../functions/documents/fonts/fira-sans.ts', import.meta.url), 'utf8');
    expect(committed === (await pdfFontsModule())).toBe(true);
  }, 30_000);
});
