import { permitVerification } from '#functions/services/resident-parking/verification';
import type { PermitTokenClaims } from '../signing.ts';
import type { DocumentVerifier } from '../verifiers.ts';

/**
 * Resident parking permits: the status comes from the resident-parking service. Only the facts printed on the
 * permit are passed on — picked one by one, so that whatever else that function may return never reaches the
 * public answer.
 */
export const permitVerifier: DocumentVerifier<PermitTokenClaims> = {
  title: 'Bewohnerparkausweis',
  checkHint: 'Bitte vergleichen Sie das Kennzeichen und die Zone mit dem Fahrzeug und dem Parkort.',
  async status(claims, now) {
    const permit = await permitVerification(claims.tid, claims.pid, now);
    if (!permit) return undefined;
    return {
      status: permit.status,
      facts: [
        { name: 'plate', label: 'Kennzeichen', value: permit.plate },
        { name: 'zone', label: 'Bewohnerparkzone', value: permit.zone },
        ...(permit.zoneName ? [{ name: 'zoneName', label: 'Zonenname', value: permit.zoneName }] : []),
        { name: 'validFrom', label: 'Gültig von', value: permit.validFrom, format: 'date' },
        { name: 'validTo', label: 'Gültig bis', value: permit.validTo, format: 'date' },
      ],
    };
  },
};
