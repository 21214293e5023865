/**
 * The signing port of issued documents: the QR code on a permit or certificate carries a compact JWS (ES256) whose
 * claims name the document; `GET /verify/{token}` checks the signature and then asks for the current status.
 *
 * Two adapters, chosen by configuration only (a handler never asks where it runs):
 * - `SIGNING_KMS_KEY_ID`: an AWS KMS asymmetric key (ECC_NIST_P256, SIGN_VERIFY); the private key never leaves KMS.
 * - `SIGNING_KEY_FILE`: a private EC P-256 JWK in a file (the local runtime creates it, see `local-key.ts`).
 *
 * Tokens end up in QR codes, so they are kept small: the header is `{"alg":"ES256","kid":"<12 chars>"}` and the
 * claims hold ids only — no names, no plates, no dates (the current status comes from the database anyway).
 */
import { compactVerify, type CryptoKey, type KeyObject } from 'jose';
import { optionalEnv, MissingConfiguration } from '#core/config';
import { tenantIdSchema } from '#core/tenant-id';
import * as z from '#core/zod';

export const DOCUMENT_TYPES = ['permit', 'certificate'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const idSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

const permitClaimsSchema = z.object({
  typ: z.literal('permit'),
  /** The issuing tenant. */
  tid: tenantIdSchema,
  /** The issued document (PDF) the QR code is printed on. */
  sub: idSchema,
  /** The permit whose current status is shown (a reissued PDF of the same permit verifies the same way). */
  pid: idSchema,
  v: z.literal(1),
});

const certificateClaimsSchema = z.object({
  typ: z.literal('certificate'),
  tid: tenantIdSchema,
  sub: idSchema,
  v: z.literal(1),
});

export const documentClaimsSchema = z.discriminatedUnion('typ', [permitClaimsSchema, certificateClaimsSchema]);

export type PermitTokenClaims = z.infer<typeof permitClaimsSchema>;
export type CertificateTokenClaims = z.infer<typeof certificateClaimsSchema>;
export type DocumentTokenClaims = z.infer<typeof documentClaimsSchema>;

/** The token is not one of ours: malformed, forged, altered, signed by another key, or with unknown claims. */
export class InvalidDocumentToken extends Error {
  override readonly name = 'InvalidDocumentToken';
}

/** Longer tokens are refused before any cryptography (ours are ~250 characters). */
export const MAX_TOKEN_LENGTH = 1024;

/** What an adapter provides: a key id, a raw ES256 signature (r‖s, 64 bytes) and the public key. */
export interface SigningKey {
  /** The `kid` written into, and expected in, every token header. */
  keyId(): Promise<string>;
  /** Signs the JWS signing input; returns the JOSE form of an ES256 signature (r‖s, 64 bytes). */
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
  publicKey(): Promise<CryptoKey | KeyObject>;
}

export interface DocumentSigner {
  sign(claims: DocumentTokenClaims): Promise<string>;
  verify(token: string): Promise<DocumentTokenClaims>;
}

const encoder = new TextEncoder();
const b64url = (bytes: Uint8Array | string) => Buffer.from(typeof bytes === 'string' ? encoder.encode(bytes) : bytes).toString('base64url');

/** Builds the signer around a key; the JWS is assembled here, verified with jose (an independent implementation). */
export function documentSigner(key: SigningKey): DocumentSigner {
  return {
    async sign(claims) {
      const parsed = z.safeParse(documentClaimsSchema, claims);
      if (!parsed.success) throw new TypeError(`Invalid document token claims: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
      const header = b64url(JSON.stringify({ alg: 'ES256', kid: await key.keyId() }));
      const payload = b64url(JSON.stringify(parsed.data));
      const signingInput = `${header}.${payload}`;
      const signature = await key.sign(encoder.encode(signingInput));
      if (signature.length !== 64) throw new Error('An ES256 signature must be 64 bytes (r‖s)');
      return `${signingInput}.${b64url(signature)}`;
    },

    async verify(token) {
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
        throw new InvalidDocumentToken('The token is empty or too long');
      }
      // Failures to obtain the key (KMS down, file missing) are not the token's fault: they propagate as they are.
      const [publicKey, keyId] = await Promise.all([key.publicKey(), key.keyId()]);
      let payload: Uint8Array;
      try {
        const result = await compactVerify(token, publicKey, { algorithms: ['ES256'] });
        if (result.protectedHeader.kid !== keyId) throw new InvalidDocumentToken('The token names another key');
        payload = result.payload;
      } catch (error) {
        if (error instanceof InvalidDocumentToken) throw error;
        throw new InvalidDocumentToken(`The token's signature is invalid (${(error as Error).name})`);
      }
      let claims: unknown;
      try {
        claims = JSON.parse(new TextDecoder().decode(payload));
      } catch {
        throw new InvalidDocumentToken('The token payload is not JSON');
      }
      const parsed = z.safeParse(documentClaimsSchema, claims);
      if (!parsed.success) throw new InvalidDocumentToken('The token claims are not those of a document');
      return parsed.data;
    },
  };
}

export interface SigningConfiguration {
  kmsKeyId?: string | undefined;
  keyFile?: string | undefined;
}

/** The adapter for a configuration. Adapters are loaded on demand, so the file adapter never loads the KMS SDK. */
export function signerFor(config: SigningConfiguration): DocumentSigner {
  let key: Promise<SigningKey> | undefined;
  const load = (): Promise<SigningKey> => {
    key ??= (async () => {
      if (config.kmsKeyId) return (await import('./signing-kms.ts')).kmsSigningKey(config.kmsKeyId);
      if (config.keyFile) return (await import('./signing-file.ts')).fileSigningKey(config.keyFile);
      throw new MissingConfiguration('Environment variable SIGNING_KMS_KEY_ID or SIGNING_KEY_FILE is not set');
    })();
    return key;
  };
  const lazyKey: SigningKey = {
    keyId: async () => (await load()).keyId(),
    sign: async (input) => (await load()).sign(input),
    publicKey: async () => (await load()).publicKey(),
  };
  return documentSigner(lazyKey);
}

// Read once at load time. A missing configuration fails the first sign/verify with a message naming the variables,
// instead of failing the load of every module that merely imports this port (e.g. a service's issuing step).
const configured = signerFor({ kmsKeyId: optionalEnv('SIGNING_KMS_KEY_ID'), keyFile: optionalEnv('SIGNING_KEY_FILE') });

/** Signs document claims into a compact JWS (ES256, with `kid`). */
export function signDocumentToken(claims: DocumentTokenClaims): Promise<string> {
  return configured.sign(claims);
}

/** Verifies a token and returns its claims; throws `InvalidDocumentToken` for anything that is not ours. */
export function verifyDocumentToken(token: string): Promise<DocumentTokenClaims> {
  return configured.verify(token);
}
