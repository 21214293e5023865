import { createRequire } from 'node:module';
import { closeServer, endpointFor, LOOPBACK, type RunningEmulator } from './lifecycle.ts';

export interface SesLocalOptions {
  port: number;
}

/** What `GET /store` of aws-ses-v2-local returns per sent email (the fields we rely on). */
export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: unknown[];
  /** Epoch seconds. */
  at: number;
}

export interface RunningSesLocal extends RunningEmulator {
  /** The emails sent so far (`GET /store`), oldest first. */
  sentEmails(): Promise<StoredEmail[]>;
}

/**
 * Starts aws-ses-v2-local in this process (its package exports the express server). Clients reach it through
 * `AWS_ENDPOINT_URL_SESV2`. Its email store is module-level state: two instances in one process share it.
 */
export async function startSesLocal(options: SesLocalOptions): Promise<RunningSesLocal> {
  const sesLocal = createRequire(import.meta.url)('aws-ses-v2-local') as typeof import('aws-ses-v2-local');
  const server = await sesLocal.default({ host: LOOPBACK, port: options.port });
  // Its promise also resolves when listening failed (express 5 passes the error to the listen callback it ignores).
  if (!server.listening) throw new Error(`aws-ses-v2-local could not listen on ${LOOPBACK}:${options.port}`);
  const endpoint = endpointFor(options.port);
  return {
    endpoint,
    port: options.port,
    stop: () => closeServer(server),
    sentEmails: async () => {
      const response = await fetch(`${endpoint}/store`);
      if (!response.ok) throw new Error(`aws-ses-v2-local GET /store answered ${response.status}`);
      const store = (await response.json()) as { emails: StoredEmail[] };
      return store.emails;
    },
  };
}
