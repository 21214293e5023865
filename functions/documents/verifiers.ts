/**
 * Which module tells the current status of a document type. A static map rather than `registerVerifier(...)`: the
 * bundler then sees every verifier the verify function needs, and nothing depends on import side effects. Each entry
 * is a small module that imports only its own service's read function.
 */
import type { CertificateTokenClaims, DocumentTokenClaims, DocumentType, PermitTokenClaims } from './signing.ts';
import { certificateVerifier } from './verifiers/certificate.ts';
import { permitVerifier } from './verifiers/permit.ts';

export type DocumentStatus = 'valid' | 'expired' | 'revoked';

/** One public fact of a document, as printed on it. Never a name, an address or anything else personal. */
export interface PublicFact {
  /** Field name in the JSON answer. */
  name: string;
  /** German label on the HTML page. */
  label: string;
  value: string;
  /** Dates are ISO strings in JSON and `24.11.2026` on the page. */
  format?: 'date';
}

export interface DocumentVerification {
  status: DocumentStatus;
  facts: readonly PublicFact[];
}

export interface DocumentVerifier<C extends DocumentTokenClaims> {
  /** German name of the document type, e.g. „Bewohnerparkausweis“. */
  readonly title: string;
  /** What the person checking should compare, shown with a valid status. */
  readonly checkHint?: string;
  /** The current status, or undefined when the document does not exist (any more). */
  status(claims: C, now: Date): Promise<DocumentVerification | undefined>;
}

export const verifiers: {
  readonly permit: DocumentVerifier<PermitTokenClaims>;
  readonly certificate: DocumentVerifier<CertificateTokenClaims>;
} = {
  permit: permitVerifier,
  certificate: certificateVerifier,
};

export function verifierFor(type: DocumentType): DocumentVerifier<DocumentTokenClaims> {
  return verifiers[type] as DocumentVerifier<DocumentTokenClaims>;
}
