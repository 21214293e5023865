import { describe, expect, it } from 'vitest';
import { callerFromClaims } from '../../../functions/core/auth.ts';
import { meetsTrustLevel, TRUST_LEVELS } from '../../../functions/core/trust-level.ts';

describe('trust levels of a sign-in', () => {
  it('orders substantiell below hoch, and no level below both', () => {
    expect(TRUST_LEVELS.flatMap((actual) => TRUST_LEVELS.map((required) => [actual, required, meetsTrustLevel(actual, required)]))).toEqual([
      ['substantiell', 'substantiell', true],
      ['substantiell', 'hoch', false],
      ['hoch', 'substantiell', true],
      ['hoch', 'hoch', true],
    ]);
    for (const required of TRUST_LEVELS) expect(meetsTrustLevel(undefined, required)).toBe(false);
  });

  it('reads the level from the token claim custom:trustLevel and ignores any other value', () => {
    const claims = { sub: 'u-1', 'custom:tenantId': 'juechen', 'cognito:groups': '[citizen]' };
    expect(callerFromClaims({ ...claims, 'custom:trustLevel': 'hoch' })?.trustLevel).toBe('hoch');
    expect(callerFromClaims({ ...claims, 'custom:trustLevel': 'none' })).not.toHaveProperty('trustLevel');
    expect(callerFromClaims({ ...claims, 'custom:trustLevel': 'HOCH' })).not.toHaveProperty('trustLevel');
    expect(callerFromClaims(claims)).not.toHaveProperty('trustLevel');
  });
});
