import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { preloadFonts, subsetFonts } from './build/subset-fonts.ts';

/**
 * The app's stylesheet also under a stable name, `/static/site.css`: pages rendered outside the app (the public
 * verification page, the sandbox checkout, HTML error pages of the API) link it and look the same. The few styles
 * only those pages use (`src/styles/server-pages.css`) are added there and nowhere else.
 */
function stableStylesheet(): Plugin {
  const serverPages = fileURLToPath(new URL('./src/styles/server-pages.css', import.meta.url));
  return {
    name: 'openkreis-stable-stylesheet',
    generateBundle(_options, bundle) {
      const css = Object.values(bundle).filter((file) => file.type === 'asset' && file.fileName.endsWith('.css'));
      if (css.length === 0) return;
      const source = [...css.map((file) => (file.type === 'asset' ? String(file.source) : '')), readFileSync(serverPages, 'utf8')].join('\n');
      this.emitFile({ type: 'asset', fileName: 'static/site.css', source });
    },
  };
}

/**
 * `404.html`: the app's page under the name both servers answer an unknown path with (status 404); the app itself
 * renders its "Seite nicht gefunden" page for it, in the full layout.
 */
function notFoundPage(): Plugin {
  return {
    name: 'openkreis-not-found-page',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const index = bundle['index.html'];
      if (index?.type === 'asset') this.emitFile({ type: 'asset', fileName: '404.html', source: index.source });
    },
  };
}

/**
 * The API reference (`/api-referenz/`): Swagger UI's prebuilt bundle and stylesheet from `swagger-ui-dist`, copied as
 * they are next to the page (`public/api-referenz/`) — same origin, no CDN, and not run through the app's bundler.
 */
function apiReference(): Plugin {
  const files = ['swagger-ui-bundle.js', 'swagger-ui.css'];
  return {
    name: 'openkreis-api-reference',
    generateBundle() {
      const dist = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
      for (const file of files) this.emitFile({ type: 'asset', fileName: `api-referenz/${file}`, source: readFileSync(path.join(dist, file)) });
    },
  };
}

/**
 * The web app: Preact + TypeScript, bundled by Vite (Rolldown). One `index.html`; every page is a route of the app
 * (`src/pages/routes.ts`), loaded on demand so that a page carries only its own code. Output: `web/dist/`, served by
 * `npm start` (infra/local) and, in AWS, from S3 behind CloudFront (infra/stacks/web-stack.ts).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Fonts and images are files with hashed names (cacheable for a year), never inlined into JS or CSS.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  css: {
    preprocessorOptions: {
      // KERN's Sass sources use the old `if()` function; the warning is theirs, not ours.
      scss: { quietDeps: true, silenceDeprecations: ['if-function'] },
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [subsetFonts(), preloadFonts(), stableStylesheet(), notFoundPage(), apiReference()],
});
