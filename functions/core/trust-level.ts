/**
 * Trust levels (Vertrauensniveaus) of an identification, as the federal citizen account BundID reports them and the
 * OZG/eIDAS scheme orders them: `substantiell` (e.g. ELSTER certificate) below `hoch` (eID: the Online-Ausweisfunktion
 * of the identity card, the eID card, the electronic residence permit). A username/password account has none.
 * Sources: eIDAS Regulation (EU) 910/2014 Art. 8; BSI TR-03107-1; § 3 OZG (Nutzerkonto); § 23a BMG (registration
 * online requires "hoch").
 *
 * The level arrives as the ID token claim `custom:trustLevel`: in AWS, Cognito maps BundID's assurance attribute onto
 * it at every federated sign-in (docs/identity-provider.md); the web client cannot write it. Locally the seeded
 * citizens carry it (a simulated eID sign-in) and `POST /local/token` can issue a token with another level.
 */
export const TRUST_LEVELS = ['substantiell', 'hoch'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

export const TRUST_LEVEL_CLAIM = 'custom:trustLevel';

export function isTrustLevel(value: unknown): value is TrustLevel {
  return typeof value === 'string' && (TRUST_LEVELS as readonly string[]).includes(value);
}

/** Whether an identification at `actual` (none: undefined) satisfies a requirement of `required`. */
export function meetsTrustLevel(actual: TrustLevel | undefined, required: TrustLevel): boolean {
  return actual !== undefined && TRUST_LEVELS.indexOf(actual) >= TRUST_LEVELS.indexOf(required);
}
