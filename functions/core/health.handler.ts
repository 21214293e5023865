import { httpHandler, json } from './http.ts';

/** Liveness of the deployed API. The local runtime serves its own /health that also checks the emulators. */
export const handler = httpHandler({}, async () => json(200, { status: 'ok' }));
