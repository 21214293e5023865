import { watch, type FSWatcher } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Context } from 'aws-lambda';
import { register, type ScopedImport } from 'tsx/esm/api';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const FUNCTIONS_DIR = new URL('../../functions/', import.meta.url);
const loaded = new Map<string, Promise<LambdaHandler>>();
/** After the first change: the import of the current generation (a fresh module graph of its own). */
let scopedImport: ScopedImport | undefined;
let generation = 0;

/**
 * Loads a handler module the way Lambda would load the bundle: once, on first use. Modules read their configuration
 * at load time, so the local runtime sets the environment before the first request.
 */
export function loadHandler(module: string): Promise<LambdaHandler> {
  let handler = loaded.get(module);
  if (!handler) {
    const imported = scopedImport ? scopedImport(`./${module}.ts`, FUNCTIONS_DIR.href) : import(new URL(`${module}.ts`, FUNCTIONS_DIR).href);
    handler = imported.then((exports: { handler?: LambdaHandler }) => {
      if (typeof exports.handler !== 'function') throw new Error(`functions/${module}.ts does not export a handler`);
      return exports.handler;
    });
    // A module that fails to load (a syntax error while editing) is tried again on the next request.
    handler.catch(() => loaded.delete(module));
    loaded.set(module, handler);
  }
  return handler;
}

/**
 * Hot reload: the next invocation of every handler loads it afresh, with every module below `functions/` it imports
 * (a new tsx namespace is a new module graph; ESM cannot evict a module). Like a new Lambda version, requests in
 * flight finish on the code they started with. What the local runtime itself imports from `functions/` (the route
 * table, the crash points of the crash tests) stays as loaded: a change to the route table needs a restart.
 */
export function reloadHandlers(): number {
  generation += 1;
  scopedImport = register({ namespace: `openkreis-reload-${generation}` }).import;
  loaded.clear();
  return generation;
}

/** Watches `functions/` and reloads the handlers after a change (changes within 150 ms count as one). */
export function watchFunctions(onReload: (generation: number, files: string[]) => void): FSWatcher {
  let timer: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  const watcher = watch(fileURLToPath(FUNCTIONS_DIR), { recursive: true }, (_event, file) => {
    if (!file || !/\.(ts|json)$/.test(file)) return;
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...changed].sort();
      changed.clear();
      onReload(reloadHandlers(), files);
    }, 150);
  });
  return watcher;
}
