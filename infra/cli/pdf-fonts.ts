/**
 * Writes `functions/documents/fonts/fira-sans.ts`: the two weights of Fira Sans the PDFs use (Regular and SemiBold, the
 * weights of the web app, from KERN UX's package), subset with HarfBuzz (npm `subset-font`) to the Latin ranges of the
 * web app (`web/build/subset-fonts.ts`) and stored as base64 TrueType in a TypeScript module.
 *
 * Why a module and not font files next to the code: a Lambda bundle is one file, and a module is bundled like any other
 * import — no copy step per function, no path that differs between the bundle, the tests and the local platform. The
 * two subsets are ~60 KB of base64 each; pdfkit subsets them again to the glyphs a document uses when it embeds them
 * (PDF/UA requires embedded fonts: ISO 14289-1, 7.21.4.1).
 *
 * Fira Sans: © Mozilla Foundation, Telefónica S.A., bBox Type GmbH — SIL Open Font License 1.1 (`fonts/OFL-1.1.txt`).
 *
 * Run `npx tsx infra/cli/pdf-fonts.ts` after updating @kern-ux/native; a unit test fails while the module is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pdfFontsModule } from './pdf-fonts-build.ts';

const target = fileURLToPath(new URL('../../functions/documents/fonts/fira-sans.ts', import.meta.url));
writeFileSync(target, await pdfFontsModule());
console.log(`wrote ${target}`);
