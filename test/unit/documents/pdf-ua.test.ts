import { describe, expect, it } from 'vitest';
import { MIN_TEXT_SIZE } from '../../../functions/documents/pdf-kit.ts';
import { drawnLines, flatten, pdffonts, pdfinfo, pdfObjects, pdfUaProblems, structTree, textSizes } from '../../support/pdf.ts';
import { PDFS } from './issued-pdfs.ts';

/**
 * Every PDF the platform issues is a tagged, accessible PDF (PDF/UA-1, ISO 14289-1), checked three ways:
 * - `pdfUaProblems` (test/support/pdf.ts): the machine-checkable PDF/UA requirements read from the objects — what it
 *   checks and what it cannot is listed there (veraPDF, the reference validator, is not on npm or in Debian);
 * - poppler's `pdfinfo` and `pdffonts` as independent readers: the tagged flag, the title, every font embedded;
 * - pdf.js (the engine of Firefox's viewer) for the text a reader gets and its order.
 */
describe('every issued PDF is tagged and accessible (PDF/UA)', { timeout: 30_000 }, () => {
  for (const [name, render] of Object.entries(PDFS)) {
    it(`the ${name} meets the machine-checkable PDF/UA requirements`, async () => {
      expect(await pdfUaProblems(await render())).toEqual([]);
    });

    it(`the ${name} is tagged, titled and embeds every font, as poppler reads it`, async () => {
      const bytes = await render();
      const info = pdfinfo(bytes);
      if (!info) throw new Error('poppler-utils (pdfinfo, pdffonts) is needed for this check');
      expect(info.Tagged).toBe('yes');
      expect(info.Title).toBe((await pdfObjects(bytes)).getTitle());
      const fonts = pdffonts(bytes)!;
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.filter((font) => !font.embedded || !font.subset)).toEqual([]);
    });

    it(`the ${name} has no text below ${MIN_TEXT_SIZE} pt`, async () => {
      const bytes = await render();
      const sizes = await textSizes(bytes);
      expect(sizes.length).toBeGreaterThan(10);
      expect(sizes.filter((size) => size < MIN_TEXT_SIZE)).toEqual([]);
      expect((await drawnLines(bytes)).filter((line) => line.size < MIN_TEXT_SIZE - 0.01)).toEqual([]);
    });

    it(`the ${name} reads its title first: one H1, after the letterhead`, async () => {
      const tree = structTree(await pdfObjects(await render()))!;
      const types = flatten(tree).map((node) => node.type);
      expect(types.filter((type) => type === 'H1')).toHaveLength(1);
      expect(types.indexOf('H1')).toBeLessThan(types.findIndex((type, index) => index > types.indexOf('H1') && type !== 'H1'));
    });
  }

  it.each(['permit', 'certificate'])('the %s carries a QR code with a text alternative and the verify URL as a link', async (name) => {
    const bytes = await PDFS[name]!();
    const tree = flatten(structTree(await pdfObjects(bytes))!);
    const figure = tree.find((node) => node.type === 'Figure');
    expect(figure?.alt).toMatch(/QR-Code/);
    const link = tree.find((node) => node.type === 'Link');
    expect(link?.annotations.length).toBeGreaterThan(0);
    const uri = link!.annotations[0]!.lookup((await import('pdf-lib')).PDFName.of('A'));
    expect(String(uri)).toContain('https://api.openkreis.example/verify/');
  });

  it('the check finds what an untagged PDF lacks (a pdf-lib document as the platform issued it before)', async () => {
    const { PDFDocument, StandardFonts } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    page.drawText('Bewohnerparkausweis', { font: await doc.embedFont(StandardFonts.Helvetica), size: 7.5 });
    doc.setTitle('Bewohnerparkausweis');
    const problems = await pdfUaProblems(await doc.save());
    expect(problems).toEqual(expect.arrayContaining([
      'the catalog has no /Lang de-DE',
      'the document is not marked as tagged (/MarkInfo /Marked true)',
      'the XMP metadata has no PDF/UA identification (pdfuaid:part 1)',
      'the document has no structure tree',
    ]));
  });
});
