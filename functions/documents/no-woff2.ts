/**
 * Stand-in for `brotli/decompress.js` in Lambda bundles (esbuild alias, `infra/constructs/bundling.ts`).
 *
 * pdfkit's font engine (fontkit) imports a Brotli decoder with its 120 KB dictionary only to read WOFF2 web fonts; the
 * documents embed TrueType fonts (`functions/documents/fonts/`) and never a WOFF2 file, so the decoder is dead weight in
 * every PDF-issuing function. Should a WOFF2 font ever be passed, this fails loudly instead of drawing wrong glyphs.
 */
export default function decompress(): never {
  throw new Error('WOFF2 fonts are not supported in OpenKreis bundles: embed the TrueType file instead');
}
