import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { contractTypes } from '../contract/typescript.ts';

/**
 * The API contract as files, generated from the route table and the handlers' zod schemas:
 *
 *   npm run contract [-- --out <openapi.json>] [--types <file.ts>]
 *
 * Without options it writes the web app's types, `web/src/api/contract.gen.ts` (`npm run typecheck` runs it first, so
 * `npm test` always checks the app against the current contract). `--out` writes the OpenAPI document: `ProjectFunction` runs that
 * while bundling the function of `GET /openapi.json`, which serves the file (`functions/openapi/document.handler.ts`).
 */
export const TYPES_FILE = fileURLToPath(new URL('../../web/src/api/contract.gen.ts', import.meta.url));

/**
 * Handler modules read their configuration when they are loaded; the generator loads them only to read their specs
 * and never calls them, so any value will do for what the environment does not set.
 */
const STAND_INS: Record<string, string> = {
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'contract-generator',
  AWS_SECRET_ACCESS_KEY: 'contract-generator',
  TABLE_NAME: 'contract-generator',
  BUCKET_NAME: 'contract-generator',
  COUNTY_TENANT_ID: 'rhein-kreis-neuss',
  USER_POOL_ID: 'eu-central-1_contract',
  ONBOARDING_STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:000000000000:stateMachine:contract-onboarding',
  ACCOUNTS_STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:000000000000:stateMachine:contract-accounts',
  APPLICATIONS_STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:000000000000:stateMachine:contract-applications',
  PUBLIC_API_URL: 'https://api.openkreis.invalid',
  NOTIFICATION_FROM_ADDRESS: 'noreply@openkreis.invalid',
  PAYMENT_PROVIDER: 'sandbox',
  PAYMENT_WEBHOOK_SECRET: 'contract-generator-stand-in-secret',
  TRAINING_CONTENT_DIR: fileURLToPath(new URL('../../training-content/', import.meta.url)),
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

export async function writeContract(options: { out?: string; types?: string }): Promise<void> {
  for (const [name, value] of Object.entries(STAND_INS)) process.env[name] ??= value;
  const { generateDocument } = await import('../../functions/openapi/specs.ts');
  const document = await generateDocument();
  const files: Array<[string | undefined, string]> = [
    [options.out, JSON.stringify(document)],
    [options.types, contractTypes(document)],
  ];
  for (const [file, text] of files) {
    if (file === undefined) continue;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text, 'utf8');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, types: { type: 'string' } } });
  const options = values.out === undefined && values.types === undefined ? { types: TYPES_FILE } : values;
  writeContract(options).then(
    () => undefined,
    (error: Error) => {
      console.error(`The API contract could not be generated: ${error.message}`);
      process.exit(1);
    },
  );
}
