import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { closeServer, endpointFor, listen, type RunningEmulator } from './lifecycle.ts';

export interface S3Options {
  port: number;
  /** Where s3rver keeps buckets and objects as plain files. */
  directory: string;
}

/** The part of s3rver 3.7's API we use (it ships no types). */
type S3rverConstructor = new (options: { directory: string; silent: boolean }) => {
  /** The request handler for `http.createServer` (documented public API). */
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
};

/**
 * Starts s3rver in this process. Clients must use `localS3ClientConfig` (or the matching environment): key
 * S3RVER/S3RVER, checksums only when required, path-style. s3rver does not verify SigV4 signatures.
 *
 * The HTTP server is ours, not `s3rver.run()`'s: that one has no error listener, so a busy port crashes the whole
 * process with an unhandled 'error' event instead of rejecting.
 */
export async function startS3(options: S3Options): Promise<RunningEmulator> {
  const directory = path.resolve(options.directory);
  await mkdir(directory, { recursive: true });
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const server = createServer(new S3rver({ directory, silent: true }).callback());
  await listen(server, options.port);
  return { endpoint: endpointFor(options.port), port: options.port, stop: () => closeServer(server) };
}
