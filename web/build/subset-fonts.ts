import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * KERN's Fira Sans files carry every script Fira covers (Greek, Cyrillic, Vietnamese, …): 130–140 KB per weight, more
 * than all of a page's JavaScript. The app is German: this plugin subsets each font to Latin (Basic, Latin-1, Extended-A
 * for names like "Łukasz" or "Gökhan") and the typographic marks and symbols German text uses („“ – … €), with
 * HarfBuzz (npm `subset-font`), before Vite hashes it. A character outside the subset falls back to the next font of
 * KERN's font stack, it is never lost.
 */
export const SUBSET_RANGES: Array<[number, number]> = [
  [0x0020, 0x007e], // Basic Latin
  [0x00a0, 0x00ff], // Latin-1 Supplement: ä ö ü ß § € is below
  [0x0100, 0x017f], // Latin Extended-A
  [0x2010, 0x2027], // dashes, quotes „“‚‘, bullet, ellipsis
  [0x2030, 0x203a], // per mille, single guillemets
  [0x20ac, 0x20ac], // €
  [0x2122, 0x2122], // ™
  [0x2190, 0x2193], // arrows
];

/** The KERN font files the app uses (`src/styles/fonts.css`), by the specifier the stylesheet names. */
const FONTS = ['FiraSans-Regular.woff2', 'FiraSans-SemiBold.woff2'].map((file) => `@kern-ux/native/dist/fonts/fira-sans/${file}`);

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/openkreis-fonts/', import.meta.url));

type SubsetFont = (font: Buffer, text: string, options: { targetFormat: 'woff2' }) => Promise<Buffer>;

export function subsetFonts(): Plugin {
  const require = createRequire(import.meta.url);
  const text = SUBSET_RANGES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, index) => String.fromCodePoint(from + index))).join('');
  // The subset's name changes with its source and its ranges: never a stale subset under the same name.
  const key = createHash('sha256').update(text).digest('hex').slice(0, 12);
  const subsets = FONTS.map((specifier) => {
    const source = require.resolve(specifier);
    const digest = createHash('sha256').update(readFileSync(source)).update(key).digest('hex').slice(0, 12);
    return { specifier, source, target: path.join(CACHE_DIR, digest, path.basename(source)) };
  });
  return {
    name: 'openkreis-subset-fonts',
    config: () => ({ resolve: { alias: subsets.map(({ specifier, target }) => ({ find: specifier, replacement: target })) } }),
    async buildStart() {
      const missing = subsets.filter(({ target }) => !existsSync(target));
      if (missing.length === 0) return;
      // A runtime specifier: the package has no types of its own.
      const { default: subsetFont } = (await import('subset-font' as string)) as { default: SubsetFont };
      for (const { source, target } of missing) {
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, await subsetFont(readFileSync(source), text, { targetFormat: 'woff2' }));
      }
    },
  };
}

/**
 * The fonts are named in the stylesheet, so a browser asks for them only once the stylesheet is parsed and a text
 * needs them, and then swaps them in: late, and the text shifts. Preloading both weights from the HTML fetches them
 * alongside the stylesheet (about 30 KB each once subset).
 */
export function preloadFonts(): Plugin {
  return {
    name: 'openkreis-preload-fonts',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, context) =>
        Object.keys(context.bundle ?? {})
          .filter((file) => file.endsWith('.woff2'))
          .map((file) => ({ tag: 'link', attrs: { rel: 'preload', href: `/${file}`, as: 'font', type: 'font/woff2', crossorigin: '' }, injectTo: 'head' as const })),
    },
  };
}
