import { createHash } from 'node:crypto';

/** The public part of an EC P-256 key as JWK. */
export interface EcPublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/**
 * The `kid` of a signing key: the first 12 characters of its RFC 7638 JWK thumbprint (SHA-256, base64url). Short on
 * purpose — it is repeated in every QR code — and derived from the key itself, so the file and the KMS adapter name
 * the same key the same way and a token of a replaced key is recognised as such.
 */
export function keyIdOf(jwk: EcPublicJwk): string {
  // RFC 7638: the required members in lexicographic order, no whitespace.
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}
