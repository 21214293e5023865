import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import jsQR from 'jsqr';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, decodePDFRawStream, type PDFObject } from 'pdf-lib';
import type { PDFDocumentProxy, TextItem } from 'pdfjs-dist/types/src/display/api.js';

/**
 * Reading the PDFs the platform issues, as a viewer and an assistive technology would:
 * - text, positions and sizes with pdf.js (`pdfjs-dist`, a test dependency): the fonts are embedded subsets, so text
 *   is only recoverable through their ToUnicode maps, which pdf.js applies like any viewer;
 * - the QR code from a raster of the page (poppler's `pdftoppm` at a given resolution, decoded by jsQR), as a phone
 *   camera would see a print;
 * - the PDF/UA checks in `pdfUaProblems` read the objects with pdf-lib (see there for what they cover).
 */

const require = createRequire(import.meta.url);
let pdfjs: typeof import('pdfjs-dist/legacy/build/pdf.mjs') | undefined;

async function load(bytes: Uint8Array): Promise<PDFDocumentProxy & { close(): Promise<void> }> {
  if (!pdfjs) {
    pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    pdfjs.GlobalWorkerOptions.workerSrc = require.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');
  }
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 });
  return Object.assign(await task.promise, { close: () => task.destroy() });
}

export interface DrawnLine {
  page: number;
  text: string;
  /** Font size in points (the text matrix is never scaled or rotated in our PDFs). */
  size: number;
  /** Baseline start, points from the bottom left of the page. */
  x: number;
  y: number;
  /** Advance width in points, as pdf.js measures it from the embedded font. */
  width: number;
  pageWidth: number;
  pageHeight: number;
}

/** Every run of text drawn on every page, in content order (the order the structure tree reads them). */
export async function drawnLines(bytes: Uint8Array): Promise<DrawnLine[]> {
  const doc = await load(bytes);
  const lines: DrawnLine[] = [];
  for (let number = 1; number <= doc.numPages; number++) {
    const page = await doc.getPage(number);
    const [, , pageWidth, pageHeight] = page.view as [number, number, number, number];
    const { items } = await page.getTextContent();
    for (const item of items as TextItem[]) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const [a, b, , , x, y] = item.transform as number[];
      lines.push({ page: number - 1, text: item.str, size: Math.hypot(a!, b!), x: x!, y: y!, width: item.width, pageWidth, pageHeight });
    }
  }
  await doc.close();
  return lines;
}

/** The texts drawn, one entry per run of text. */
export async function textsOf(bytes: Uint8Array): Promise<string[]> {
  return (await drawnLines(bytes)).map((line) => line.text);
}

/** The document as pdf-lib objects (Info, catalog, pages), for metadata and structure checks. */
export async function pdfObjects(bytes: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false });
}

/** Runs a poppler tool on the PDF; undefined when poppler-utils is not installed. */
function poppler(tool: string, args: string[], bytes: Uint8Array, read?: (dir: string) => Buffer): Buffer | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'openkreis-pdf-'));
  try {
    writeFileSync(join(dir, 'document.pdf'), bytes);
    const stdout = execFileSync(tool, [...args, join(dir, 'document.pdf'), ...(read ? [join(dir, 'page')] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    return read ? read(dir) : stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function popplerAvailable(): boolean {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `pdfinfo` (poppler): Title, Tagged, Pages, … as key/value pairs. */
export function pdfinfo(bytes: Uint8Array): Record<string, string> | undefined {
  const out = poppler('pdfinfo', [], bytes)?.toString('utf8');
  if (out === undefined) return undefined;
  return Object.fromEntries(out.split('\n').filter((line) => line.includes(':')).map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]));
}

/** `pdffonts` (poppler): every font of the document with its `emb` (embedded) and `sub` (subset) flags. */
export function pdffonts(bytes: Uint8Array): Array<{ name: string; embedded: boolean; subset: boolean }> | undefined {
  const out = poppler('pdffonts', [], bytes)?.toString('utf8');
  if (out === undefined) return undefined;
  return out
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => {
      // name, type (may contain spaces), encoding, emb, sub, uni, object id — read the flags from the right.
      const parts = line.trim().split(/\s+/);
      const [emb, sub] = parts.slice(-5, -3);
      return { name: parts[0]!, embedded: emb === 'yes', subset: sub === 'yes' };
    });
}

/** Rasterises page 1 at `dpi` (grey levels, poppler's `pdftoppm`): what a scanner or a phone camera sees. */
export function rasterPage(bytes: Uint8Array, dpi: number): { data: Uint8ClampedArray; width: number; height: number } | undefined {
  const pgm = poppler('pdftoppm', ['-gray', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile'], bytes, (dir) => readFileSync(join(dir, 'page.pgm')));
  if (!pgm) return undefined;
  // Binary PGM: "P5 <width> <height> <max>" then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const grey = pgm.subarray(header[0].length);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = data[i * 4 + 1] = data[i * 4 + 2] = grey[i]!;
    data[i * 4 + 3] = 255;
  }
  return { data, width, height };
}

/**
 * Reads the QR code from page 1 rendered at `dpi` (default 100: a plain office scan) with an independent decoder.
 * Throws when poppler is missing: the QR check must not pass silently.
 */
export function qrPayloadOf(bytes: Uint8Array, dpi = 100): string | undefined {
  const page = rasterPage(bytes, dpi);
  if (!page) throw new Error('pdftoppm (poppler-utils) is needed to read the QR code');
  return jsQR(page.data, page.width, page.height)?.data;
}

// PDF/UA checks -----------------------------------------------------------------------------------------------------

/** ISO 32000-1, 14.8.4: the standard structure types (PDF/UA requires them or a role map to them). */
const STANDARD_TYPES = new Set([
  'Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'Caption', 'TOC', 'TOCI', 'Index', 'NonStruct', 'Private',
  'P', 'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'THead', 'TBody',
  'TFoot', 'Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Link', 'Annot', 'Ruby', 'Warichu', 'Figure',
  'Formula', 'Form',
]);

const name = (value: PDFObject | undefined) => (value instanceof PDFName ? value.decodeText() : undefined);
const text = (value: PDFObject | undefined) => (value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined);

export interface StructNode {
  type: string;
  alt?: string;
  children: StructNode[];
  /** Marked-content ids of this element, with the page index. */
  mcids: Array<{ page: number; mcid: number }>;
  /** Annotations referenced from this element (OBJR). */
  annotations: PDFDict[];
  attributes?: PDFDict;
}

/** The structure tree as pdf-lib reads it, in document (reading) order. */
export function structTree(doc: PDFDocument): StructNode | undefined {
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return undefined;
  const pageIndex = new Map(doc.getPages().map((page, index) => [page.ref.toString(), index]));
  const visit = (dict: PDFDict, inheritedPage: number | undefined): StructNode => {
    const pageRef = dict.get(PDFName.of('Pg'));
    const page = pageRef instanceof PDFRef ? pageIndex.get(pageRef.toString()) : inheritedPage;
    const node: StructNode = { type: name(dict.get(PDFName.of('S'))) ?? '(none)', children: [], mcids: [], annotations: [] };
    const alt = text(dict.lookup(PDFName.of('Alt')));
    if (alt !== undefined) node.alt = alt;
    const attributes = dict.lookup(PDFName.of('A'));
    if (attributes instanceof PDFDict) node.attributes = attributes;
    const kids = dict.lookup(PDFName.of('K'));
    const list = kids instanceof PDFArray ? kids.asArray() : kids === undefined ? [] : [kids];
    for (const kid of list) {
      const value = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
      if (value instanceof PDFNumber) node.mcids.push({ page: page ?? -1, mcid: value.asNumber() });
      else if (value instanceof PDFDict) {
        const type = name(value.get(PDFName.of('Type')));
        if (type === 'MCR') {
          const mcrPage = value.get(PDFName.of('Pg'));
          node.mcids.push({ page: mcrPage instanceof PDFRef ? pageIndex.get(mcrPage.toString())! : page ?? -1, mcid: (value.lookup(PDFName.of('MCID')) as PDFNumber).asNumber() });
        } else if (type === 'OBJR') {
          node.annotations.push(value.lookup(PDFName.of('Obj'), PDFDict));
        } else {
          node.children.push(visit(value, page));
        }
      }
    }
    return node;
  };
  const rootNode: StructNode = { type: 'StructTreeRoot', children: [], mcids: [], annotations: [] };
  const kids = root.lookup(PDFName.of('K'));
  for (const kid of kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : []) {
    const dict = kid instanceof PDFRef ? doc.context.lookup(kid, PDFDict) : (kid as PDFDict);
    rootNode.children.push(visit(dict, undefined));
  }
  return rootNode;
}

export function flatten(node: StructNode): StructNode[] {
  return [node, ...node.children.flatMap(flatten)];
}

/** The decoded content streams of page `index`, one operator per line (as pdfkit writes them, except property lists). */
export function pageContent(doc: PDFDocument, index: number): string {
  const contents = doc.getPage(index).node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
  return streams.map((stream) => Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1')).join('\n');
}

/** Painting operators: text showing and path filling/stroking (ISO 32000-1, 8.5.3 and 9.4.3). */
const PAINTING = /^(?:.*\s)?(Tj|TJ|'|"|f|F|f\*|S|s|B|B\*|b|b\*|Do|sh)$/;

/**
 * The PDF/UA-1 (ISO 14289-1) requirements this project's documents can be checked for without veraPDF — each problem
 * found as a sentence. Checked:
 * - catalog: `/Lang` de-DE (7.2), `/MarkInfo /Marked true` (7.1), `/ViewerPreferences /DisplayDocTitle true` (7.1),
 *   a `/StructTreeRoot`; Info `/Title`; an XMP stream with `pdfuaid:part` 1 and `dc:title` (5, 7.1);
 * - content: every painting operator (text, paths) lies inside marked content — an MCID that the structure tree
 *   references (so it is read, in tree order) or an `/Artifact` (7.1: "content shall be marked as artifact or tagged");
 *   every MCID on a page is referenced by exactly one structure element (no orphaned or doubly read content);
 * - fonts: every font a page uses is embedded (FontFile, FontFile2 or FontFile3, for Type0 fonts in the descendant) and
 *   has a ToUnicode map (7.21.4.1, 7.21.7);
 * - structure: only standard structure types (7.1), every `Figure` has an `/Alt` (7.3), every `TH` has a `Scope`
 *   (7.5), headings start with H1 (7.4.2: no skipped level at the start);
 * - annotations: every link annotation has a non-empty `/Contents` (7.18.5) and a `/StructParent`, and is referenced by
 *   a `Link` element (7.18.1); a page with annotations has `/Tabs /S` (7.18.3).
 * Not checked (a human or veraPDF must): whether the text alternative and the reading order make sense, colour
 * contrast, the role of artifacts, the XMP schema's full validity, font programme internals (glyph widths matching
 * the font dictionary), and the many ISO 32000 syntax rules veraPDF's PDF/A-style checks cover.
 */
export async function pdfUaProblems(bytes: Uint8Array): Promise<string[]> {
  const problems: string[] = [];
  const doc = await pdfObjects(bytes);
  const catalog = doc.catalog;
  if (text(catalog.lookup(PDFName.of('Lang'))) !== 'de-DE') problems.push('the catalog has no /Lang de-DE');
  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  if (markInfo?.get(PDFName.of('Marked'))?.toString() !== 'true') problems.push('the document is not marked as tagged (/MarkInfo /Marked true)');
  const viewer = catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  if (viewer?.get(PDFName.of('DisplayDocTitle'))?.toString() !== 'true') problems.push('the viewer does not show the title (/DisplayDocTitle)');
  if (!doc.getTitle()) problems.push('the document has no title');
  const metadata = catalog.lookup(PDFName.of('Metadata'));
  const xmp = metadata instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(metadata).decode()).toString('utf8') : '';
  if (!/<pdfuaid:part>1<\/pdfuaid:part>/.test(xmp)) problems.push('the XMP metadata has no PDF/UA identification (pdfuaid:part 1)');
  if (!/<dc:title>/.test(xmp)) problems.push('the XMP metadata has no dc:title');

  const tree = structTree(doc);
  if (!tree) return [...problems, 'the document has no structure tree'];
  const nodes = flatten(tree).slice(1);
  for (const node of nodes) {
    if (!STANDARD_TYPES.has(node.type)) problems.push(`non-standard structure type ${node.type}`);
    if (node.type === 'Figure' && !node.alt?.trim()) problems.push('a Figure without a text alternative (/Alt)');
    if (node.type === 'TH' && !node.attributes?.get(PDFName.of('Scope'))) problems.push('a table header cell (TH) without Scope');
  }
  const firstHeading = nodes.find((node) => /^H\d$/.test(node.type));
  if (firstHeading && firstHeading.type !== 'H1') problems.push(`the first heading is ${firstHeading.type}, not H1`);

  const referenced = new Map<string, number>();
  for (const node of nodes) for (const { page, mcid } of node.mcids) referenced.set(`${page}:${mcid}`, (referenced.get(`${page}:${mcid}`) ?? 0) + 1);
  const linkedAnnotations = new Set(nodes.filter((node) => node.type === 'Link').flatMap((node) => node.annotations));

  doc.getPages().forEach((page, index) => {
    const content = pageContent(doc, index);
    const stack: Array<'tagged' | 'artifact' | 'other'> = [];
    const onPage = new Set<number>();
    // pdfkit writes a property list over several lines: put each `<< … >>` (never nested there) on one line first.
    const lines = content.replace(/<<[\s\S]*?>>/g, (dict) => dict.replace(/\s+/g, ' ')).split('\n');
    for (const line of lines.map((l) => l.trim())) {
      const bdc = /^\/(\w+)\s*(<<.*>>)?\s*BDC$/.exec(line) ?? /^\/(\w+)\s+BMC$/.exec(line);
      if (bdc) {
        const mcid = /\/MCID (\d+)/.exec(bdc[2] ?? '');
        if (bdc[1] === 'Artifact') stack.push('artifact');
        else if (mcid) {
          stack.push('tagged');
          onPage.add(Number(mcid[1]));
        } else stack.push('other');
        continue;
      }
      if (line === 'EMC') {
        stack.pop();
        continue;
      }
      if (PAINTING.test(line) && !stack.some((kind) => kind !== 'other')) problems.push(`page ${index + 1}: content outside any tag or artifact ("${line.slice(0, 40)}")`);
    }
    for (const mcid of onPage) {
      const count = referenced.get(`${index}:${mcid}`) ?? 0;
      if (count !== 1) problems.push(`page ${index + 1}: marked content ${mcid} is referenced by ${count} structure elements`);
    }

    const resources = page.node.Resources();
    const fonts = resources?.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const key of fonts?.keys() ?? []) {
      const font = fonts!.lookup(key, PDFDict);
      const descendants = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray);
      const described = descendants ? (descendants.lookup(0, PDFDict)) : font;
      const descriptor = described.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
      const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((file) => descriptor?.get(PDFName.of(file)));
      const fontName = name(font.get(PDFName.of('BaseFont')));
      if (!embedded) problems.push(`page ${index + 1}: font ${fontName} is not embedded`);
      if (!font.get(PDFName.of('ToUnicode'))) problems.push(`page ${index + 1}: font ${fontName} has no ToUnicode map`);
    }

    const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (annotations && annotations.size() > 0 && name(page.node.get(PDFName.of('Tabs'))) !== 'S') problems.push(`page ${index + 1}: annotations without /Tabs /S`);
    for (const annotation of annotations?.asArray() ?? []) {
      const dict = doc.context.lookup(annotation, PDFDict);
      if (name(dict.get(PDFName.of('Subtype'))) !== 'Link') continue;
      if (!text(dict.lookup(PDFName.of('Contents')))?.trim()) problems.push(`page ${index + 1}: a link without an alternate description (/Contents)`);
      if (!dict.get(PDFName.of('StructParent'))) problems.push(`page ${index + 1}: a link without /StructParent`);
      if (![...linkedAnnotations].some((linked) => linked === dict)) problems.push(`page ${index + 1}: a link annotation that no Link element references`);
    }
  });
  return problems;
}

/** The sizes of all text drawn (from the `Tf` operators of every page). */
export async function textSizes(bytes: Uint8Array): Promise<number[]> {
  const doc = await pdfObjects(bytes);
  return doc.getPages().flatMap((_, index) => [...pageContent(doc, index).matchAll(/ ([\d.]+) Tf$/gm)].map((match) => Number(match[1])));
}
