import { certificateVerification } from '#functions/training/certificates/verification';
import type { CertificateTokenClaims } from '../signing.ts';
import type { DocumentVerifier } from '../verifiers.ts';

/**
 * Training certificates (Fortbildungsnachweise): the status comes from the training capability. Only course,
 * version, dates and status are passed on — picked one by one, never the holder's name (the page is public).
 */
export const certificateVerifier: DocumentVerifier<CertificateTokenClaims> = {
  title: 'Fortbildungsnachweis',
  checkHint: 'Bitte vergleichen Sie Kurs, Version und Datum mit dem vorgelegten Nachweis.',
  async status(claims, now) {
    const certificate = await certificateVerification(claims.tid, claims.sub, now);
    if (!certificate) return undefined;
    return {
      status: certificate.status,
      facts: [
        { name: 'course', label: 'Fortbildung', value: certificate.courseTitle },
        { name: 'courseVersion', label: 'Version', value: String(certificate.courseVersion) },
        { name: 'completedOn', label: 'Abgeschlossen am', value: certificate.completedOn, format: 'date' },
        certificate.validUntil !== undefined
          ? { name: 'validUntil', label: 'Gültig bis', value: certificate.validUntil, format: 'date' }
          : { name: 'validUntil', label: 'Gültig bis', value: 'unbefristet' },
      ],
    };
  },
};
