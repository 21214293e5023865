import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHandler, reloadHandlers } from '../../../infra/local/handlers.ts';

/**
 * Hot reload of `npm start`: after a change, the next invocation runs the new code of the handler AND of the modules it
 * imports; until then the loaded code serves. The handler here lives outside the project (a module path relative to
 * `functions/`, as the route table names handlers), so no other test sees it.
 */
const FUNCTIONS_DIR = fileURLToPath(new URL('../../../functions/', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'openkreis-reload-'));
// ES modules, as in the project (package.json "type": "module").
writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const module = path.relative(FUNCTIONS_DIR, path.join(dir, 'probe.handler')).split(path.sep).join('/');
const write = (file: string, source: string) => writeFileSync(path.join(dir, file), source);
const run = async () => (await loadHandler(module))({}, {} as never);

describe('hot reload of the local handlers', () => {
  it('serves the loaded code until a reload, then the new code of the handler and of the modules it imports', async () => {
    write('rules.ts', 'export const fee = 3000;\n');
    write('probe.handler.ts', "import { fee } from './rules.ts';\nexport const handler = async () => ({ fee, handler: 1 });\n");
    // Under Vitest only the reloaded generations compile TypeScript outside the project (npm start runs under tsx).
    reloadHandlers();
    expect(await run()).toEqual({ fee: 3000, handler: 1 });

    write('rules.ts', 'export const fee = 3500;\n');
    expect(await run()).toEqual({ fee: 3000, handler: 1 });

    reloadHandlers();
    expect(await run()).toEqual({ fee: 3500, handler: 1 });
    write('probe.handler.ts', "import { fee } from './rules.ts';\nexport const handler = async () => ({ fee, handler: 2 });\n");
    reloadHandlers();
    expect(await run()).toEqual({ fee: 3500, handler: 2 });
  });

  it('answers a module that does not load (a half-typed edit) with its error, and loads it after the fix', async () => {
    write('probe.handler.ts', 'export const handler = async () => ({ broken: \n');
    reloadHandlers();
    await expect(run()).rejects.toThrow();
    write('probe.handler.ts', 'export const handler = async () => ({ fixed: true });\n');
    reloadHandlers();
    expect(await run()).toEqual({ fixed: true });
  });
});
