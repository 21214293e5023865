import type { CertificateTokenClaims } from '../signing.ts';
import type { DocumentVerifier } from '../verifiers.ts';

/**
 * Training certificates (Fortbildungsnachweise) are verified once the training capability issues them; until then
 * no certificate token can exist, and one that claims to be a certificate is answered like an unknown document.
 */
export const certificateVerifier: DocumentVerifier<CertificateTokenClaims> = {
  title: 'Fortbildungsnachweis',
  status: async () => undefined,
};
