import { fileURLToPath } from 'node:url';

/**
 * Builds the web app into `web/dist/` (what `npm test` serves), and with `watch` keeps rebuilding it on every change
 * for `npm start`: a rebuild takes well under a second, and the next page load gets it.
 */
const CONFIG = fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url));

export async function buildWeb(options: { watch?: boolean; log?: (message: string) => void } = {}): Promise<{ close(): Promise<void> }> {
  const { build } = await import('vite');
  const result = await build({ configFile: CONFIG, logLevel: 'warn', ...(options.watch ? { build: { watch: {} } } : {}) });
  if (!options.watch || !('on' in result)) return { close: async () => undefined };
  const watcher = result;
  await new Promise<void>((resolve, reject) => {
    watcher.on('event', (event) => {
      if (event.code === 'END') {
        options.log?.('Web app built (web/dist/)');
        resolve();
      }
      if (event.code === 'ERROR') {
        options.log?.(`Web app build failed: ${event.error.message}`);
        resolve();
      }
      if ('result' in event && event.result) void event.result.close();
    });
    watcher.on('close', () => reject(new Error('The web build watcher closed')));
  });
  return { close: () => watcher.close() };
}

// `npm run web:build`
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildWeb().then(
    () => console.log('Web app built into web/dist/'),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
