import { generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { keyIdOf } from './key-id.ts';
import { assertEcPrivateJwk } from './signing-file.ts';

/**
 * For the local runtime: makes sure `file` holds a private EC P-256 JWK (the document signing key behind
 * `SIGNING_KEY_FILE`), creating it with mode 0600 if it is missing. An existing key is kept — tokens in QR codes
 * printed earlier must stay verifiable — but it is checked, so a broken file fails the start, not the first request.
 * Returns the key id (`kid`) and whether the key was created now.
 */
export async function ensureLocalSigningKey(file: string): Promise<{ kid: string; created: boolean }> {
  try {
    const existing: unknown = JSON.parse(await readFile(file, 'utf8'));
    assertEcPrivateJwk(existing, `The signing key file ${file}`);
    return { kid: keyIdOf(existing), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y, d } = privateKey.export({ format: 'jwk' });
  const publicJwk = { kty: kty as 'EC', crv: crv as 'P-256', x: x!, y: y! };
  const kid = keyIdOf(publicJwk);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // `wx`: two processes starting at once must not overwrite each other's key.
    await writeFile(file, `${JSON.stringify({ ...publicJwk, d, alg: 'ES256', use: 'sig', kid }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return ensureLocalSigningKey(file);
    throw error;
  }
  return { kid, created: true };
}
