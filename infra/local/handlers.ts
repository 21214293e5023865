import type { Context } from 'aws-lambda';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const FUNCTIONS_DIR = new URL('../../functions/', import.meta.url);
const loaded = new Map<string, Promise<LambdaHandler>>();

/**
 * Loads a handler module the way Lambda would load the bundle: once, on first use. Modules read their configuration
 * at load time, so the local runtime sets the environment before the first request.
 */
export function loadHandler(module: string): Promise<LambdaHandler> {
  let handler = loaded.get(module);
  if (!handler) {
    handler = import(new URL(`${module}.ts`, FUNCTIONS_DIR).href).then((exports: { handler?: LambdaHandler }) => {
      if (typeof exports.handler !== 'function') throw new Error(`functions/${module}.ts does not export a handler`);
      return exports.handler;
    });
    loaded.set(module, handler);
  }
  return handler;
}
