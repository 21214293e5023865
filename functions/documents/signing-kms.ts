import { createPublicKey, type KeyObject } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { keyIdOf, type EcPublicJwk } from './key-id.ts';
import type { SigningKey } from './signing.ts';

/** Created once, and only in functions whose configuration selects KMS (this module is loaded on demand). */
const kms = new KMSClient({});

/** An ES256 signature's r and s are 32 bytes each in the JOSE form. */
const P256_SCALAR_BYTES = 32;

/**
 * KMS returns ECDSA signatures DER-encoded (`SEQUENCE { INTEGER r, INTEGER s }`, RFC 3279); JWS wants the two
 * integers as fixed-size big-endian octets, concatenated (RFC 7518 §3.4). DER integers are minimal and signed: a
 * leading 0x00 is added when the high bit is set and leading zeros are dropped, so each is normalised to 32 bytes.
 */
export function derToJoseSignature(der: Uint8Array, size = P256_SCALAR_BYTES): Uint8Array {
  let offset = 0;
  const fail = (): never => {
    throw new Error('Not a DER-encoded ECDSA signature');
  };
  const readLength = (): number => {
    const first = der[offset++] ?? fail();
    if (first < 0x80) return first;
    const count = first & 0x7f;
    if (count === 0 || count > 2) fail();
    let length = 0;
    for (let i = 0; i < count; i++) length = (length << 8) | (der[offset++] ?? fail());
    return length;
  };
  const readInteger = (): Uint8Array => {
    if (der[offset++] !== 0x02) fail();
    const length = readLength();
    if (length === 0 || offset + length > der.length) fail();
    let value = der.subarray(offset, offset + length);
    offset += length;
    while (value.length > 1 && value[0] === 0x00) value = value.subarray(1);
    if (value.length > size) fail();
    return value;
  };
  if (der[offset++] !== 0x30) fail();
  const sequenceLength = readLength();
  if (offset + sequenceLength !== der.length) fail();
  const r = readInteger();
  const s = readInteger();
  if (offset !== der.length) fail();
  const jose = new Uint8Array(size * 2);
  jose.set(r, size - r.length);
  jose.set(s, size * 2 - s.length);
  return jose;
}

/**
 * The KMS adapter: an asymmetric KMS key with key spec ECC_NIST_P256 and usage SIGN_VERIFY. Signing calls
 * `kms:Sign` (ECDSA_SHA_256, message type RAW: KMS hashes the signing input, which is far below the 4 KB limit);
 * verification uses the public key, fetched once with `kms:GetPublicKey` and verified locally (no KMS call per scan).
 */
export function kmsSigningKey(keyId: string): SigningKey {
  let publicKey: Promise<{ key: KeyObject; kid: string }> | undefined;
  const loadPublicKey = () => {
    publicKey ??= (async () => {
      const result = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
      if (result.KeySpec !== 'ECC_NIST_P256' || !result.SigningAlgorithms?.includes('ECDSA_SHA_256') || !result.PublicKey) {
        throw new Error(`KMS key ${keyId} is not an ECC_NIST_P256 signing key`);
      }
      const key = createPublicKey({ key: Buffer.from(result.PublicKey), format: 'der', type: 'spki' });
      return { key, kid: keyIdOf(key.export({ format: 'jwk' }) as unknown as EcPublicJwk) };
    })().catch((error: unknown) => {
      publicKey = undefined; // retried by the next request instead of failing until the next cold start
      throw error;
    });
    return publicKey;
  };
  return {
    keyId: async () => (await loadPublicKey()).kid,
    publicKey: async () => (await loadPublicKey()).key,
    async sign(input) {
      const result = await kms.send(
        new SignCommand({ KeyId: keyId, Message: input, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
      );
      if (!result.Signature) throw new Error('KMS returned no signature');
      return derToJoseSignature(result.Signature);
    },
  };
}
