import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { formatGroupsClaim } from '#functions/core/auth';

export interface JwtAuthorizerOptions {
  issuer: string;
  audience: string;
  jwksUrl: string;
}

/**
 * Reproduces API Gateway's JWT authorizer: verifies signature (JWKS), `iss`, `aud` (or `client_id` of access
 * tokens) and `exp`, then hands the claims over the way API Gateway does — every value a string, arrays as
 * `"[a b]"`.
 */
export class LocalJwtAuthorizer {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly options: JwtAuthorizerOptions) {
    this.jwks = createRemoteJWKSet(new URL(options.jwksUrl));
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
