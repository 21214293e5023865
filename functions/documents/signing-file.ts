import { createPrivateKey, createPublicKey, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { keyIdOf, type EcPublicJwk } from './key-id.ts';
import type { SigningKey } from './signing.ts';

/** A private EC P-256 JWK as `ensureLocalSigningKey` writes it (extra members such as `kid` are ignored). */
export interface EcPrivateJwk extends EcPublicJwk {
  d: string;
}

export function assertEcPrivateJwk(value: unknown, source: string): asserts value is EcPrivateJwk {
  const jwk = value as Partial<EcPrivateJwk> | null;
  if (!jwk || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y || !jwk.d) {
    throw new Error(`${source} does not hold a private EC P-256 JWK`);
  }
}

/**
 * The file adapter: the private key is read once, on first use. For the local runtime and tests; in AWS the key
 * lives in KMS (`SIGNING_KMS_KEY_ID`).
 */
export function fileSigningKey(path: string): SigningKey {
  let loaded: Promise<{ privateKey: KeyObject; publicKey: KeyObject; kid: string }> | undefined;
  const load = () => {
    loaded ??= (async () => {
      const jwk: unknown = JSON.parse(await readFile(path, 'utf8'));
      assertEcPrivateJwk(jwk, `The signing key file ${path}`);
      const { kty, crv, x, y, d } = jwk;
      const privateKey = createPrivateKey({ key: { kty, crv, x, y, d } as JsonWebKey, format: 'jwk' });
      return { privateKey, publicKey: createPublicKey(privateKey), kid: keyIdOf({ kty, crv, x, y }) };
    })().catch((error: unknown) => {
      loaded = undefined; // a later call may find the file
      throw error;
    });
    return loaded;
  };
  return {
    keyId: async () => (await load()).kid,
    publicKey: async () => (await load()).publicKey,
    // `ieee-p1363` is the JOSE form (r‖s) directly.
    sign: async (input) => new Uint8Array(sign('sha256', input, { key: (await load()).privateKey, dsaEncoding: 'ieee-p1363' })),
  };
}
