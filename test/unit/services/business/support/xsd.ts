/**
 * XML Schema validation for the tests: libxml2's xmllint compiled to WebAssembly (npm `xmllint-wasm`, MIT) — the
 * same validator as Debian's `xmllint --schema`, without a native build or an apt package in CI. One call validates
 * many documents (each call starts the WebAssembly module, which costs a few hundred milliseconds).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

export const XGO_SCHEMA_PATH = fileURLToPath(new URL('../../../../../functions/services/business/forwarding/xsd/xgewerbeordnung-xga-1.6.derived.xsd', import.meta.url));
const schema = { fileName: 'xgewerbeordnung-xga-1.6.derived.xsd', contents: readFileSync(XGO_SCHEMA_PATH, 'utf8') };

/** The schema errors of each document, by the key it was given under (an empty list when it is valid). */
export async function schemaErrorsOf(documents: Record<string, string>): Promise<Record<string, string[]>> {
  const keys = Object.keys(documents);
  const result = await validateXML({ xml: keys.map((key, index) => ({ fileName: `doc${index}.xml`, contents: documents[key]! })), schema, maxMemoryPages: 4096 });
  const errors: Record<string, string[]> = Object.fromEntries(keys.map((key) => [key, []]));
  for (const error of result.errors) {
    const index = Number(/^doc(\d+)\.xml/.exec(error.loc?.fileName ?? error.rawMessage)?.[1] ?? -1);
    errors[keys[index] ?? '?'] = [...(errors[keys[index] ?? '?'] ?? []), error.rawMessage];
  }
  return errors;
}

export async function schemaErrors(xml: string): Promise<string[]> {
  return (await schemaErrorsOf({ document: xml })).document!;
}
