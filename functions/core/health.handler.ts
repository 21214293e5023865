import { httpHandler, json } from './http.ts';
import * as z from './zod.ts';

/** Liveness of the deployed API. The local runtime serves its own /health that also checks the emulators. */
export const handler = httpHandler({ responses: { 200: z.object({ status: z.literal('ok') }) } }, async () => json(200, { status: 'ok' }));
