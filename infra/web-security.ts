/**
 * The security headers of every page and static file, in one place: CloudFront sets them in AWS (a response headers
 * policy, `infra/stacks/web-stack.ts`), the local runtime sets the same ones (`infra/local/http/web.ts`).
 *
 * CSP: scripts only from this origin — no `unsafe-inline`, no `unsafe-eval`, no third party. Styles from this
 * origin; KERN's icons are `data:` SVGs (img-src). The browser talks to this origin (the API under `/api/`), to
 * Cognito's endpoint for sign-in and to the documents bucket for uploads (presigned PUTs); nothing else. No framing
 * (`frame-ancestors 'none'`).
 */
export interface WebSecurityOptions {
  /** The Cognito endpoint the browser signs in at (connect-src); same origin locally (a proxy). */
  cognitoOrigin?: string;
  /** The documents bucket's origin (connect-src): the browser PUTs uploads there with presigned URLs. */
  uploadOrigin?: string;
  /** HSTS only where the site is served over https. */
  https: boolean;
}

export function contentSecurityPolicy(options: Pick<WebSecurityOptions, 'cognitoOrigin' | 'uploadOrigin'>): string {
  const connect = ["'self'", options.cognitoOrigin, options.uploadOrigin].filter(Boolean).join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

export const REFERRER_POLICY = 'strict-origin-when-cross-origin';
/** Two years, with subdomains, eligible for the browsers' preload list. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;
export const HSTS = `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains; preload`;
export const FRAME_OPTIONS = 'DENY';
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=()';

export function securityHeaders(options: WebSecurityOptions): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(options),
    'x-content-type-options': 'nosniff',
    'x-frame-options': FRAME_OPTIONS,
    'referrer-policy': REFERRER_POLICY,
    'permissions-policy': PERMISSIONS_POLICY,
    ...(options.https ? { 'strict-transport-security': HSTS } : {}),
  };
}
