import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../infra/web-security.ts';

const directive = (policy: string, name: string) => policy.split('; ').find((part) => part.startsWith(`${name} `));

describe('the content security policy of the web app', () => {
  it('lets the browser connect to this origin, the sign-in endpoint and the documents bucket for uploads — nothing else', () => {
    const policy = contentSecurityPolicy({ cognitoOrigin: 'https://cognito-idp.eu-central-1.amazonaws.com', uploadOrigin: 'https://docs.s3.eu-central-1.amazonaws.com' });
    expect(directive(policy, 'connect-src')).toBe("connect-src 'self' https://cognito-idp.eu-central-1.amazonaws.com https://docs.s3.eu-central-1.amazonaws.com");
    expect(directive(contentSecurityPolicy({}), 'connect-src')).toBe("connect-src 'self'");
  });

  it('never allows inline scripts, eval or framing, whatever origins it names', () => {
    const policy = contentSecurityPolicy({ uploadOrigin: 'http://127.0.0.1:4567' });
    expect(directive(policy, 'script-src')).toBe("script-src 'self'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(directive(policy, 'frame-ancestors')).toBe("frame-ancestors 'none'");
  });
});
