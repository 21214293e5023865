import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { formatGroupsClaim } from '#functions/core/auth';

export interface JwtAuthorizerOptions {
  issuer: string;
  audience: string;
  /** The pool's public keys (cognito-local signs with one fixed key pair, so they never rotate while running). */
  jwks: JSONWebKeySet;
}

/**
 * Reproduces API Gateway's JWT authorizer: verifies signature (JWKS), `iss`, `aud` (or `client_id` of access
 * tokens) and `exp`, then hands the claims over the way API Gateway does — every value a string, arrays as
 * `"[a b]"`.
 */
export class LocalJwtAuthorizer {
  private readonly jwks: ReturnType<typeof createLocalJWKSet>;

  constructor(private readonly options: JwtAuthorizerOptions) {
    this.jwks = createLocalJWKSet(options.jwks);
  }

  /**
   * Reads the key set once, at start. Fetching it lazily on the first request (as a remote key set does) let a burst
   * of requests wait for an answer from cognito-local, which runs on the same busy event loop: past jose's 5 s
   * timeout every one of them was refused with a 401.
   */
  static async fromJwksUrl(options: Omit<JwtAuthorizerOptions, 'jwks'> & { jwksUrl: string }): Promise<LocalJwtAuthorizer> {
    const response = await fetch(options.jwksUrl);
    if (!response.ok) throw new Error(`The user pool's keys could not be read from ${options.jwksUrl}: ${response.status}`);
    return new LocalJwtAuthorizer({ issuer: options.issuer, audience: options.audience, jwks: (await response.json()) as JSONWebKeySet });
  }

  /** Returns the claims, or undefined when the token is missing, malformed, expired or not ours. */
  async authorize(authorization: string | undefined): Promise<Record<string, string> | undefined> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.jwks, { issuer: this.options.issuer });
      if (!audienceMatches(payload, this.options.audience)) return undefined;
      return stringifyClaims(payload);
    } catch {
      return undefined;
    }
  }
}

function audienceMatches(payload: JWTPayload, audience: string): boolean {
  const aud = payload.aud;
  if (aud !== undefined) return Array.isArray(aud) ? aud.includes(audience) : aud === audience;
  return payload.client_id === audience;
}

export function stringifyClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    claims[name] = Array.isArray(value) ? formatGroupsClaim(value.map(String)) : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return claims;
}
