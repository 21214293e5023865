import type { IncomingMessage } from 'node:http';
import type { LocalResponse } from './server.ts';

/**
 * The browser's way to cognito-local: the web app posts Cognito's JSON API calls (`X-Amz-Target`) to this same-origin
 * path, which forwards them unchanged. In AWS the app calls Cognito's regional endpoint directly (CORS), so the
 * sign-in code is the same in both; the Content-Security-Policy stays `connect-src 'self'` locally.
 *
 * Only the calls the sign-in needs pass; cognito-local's admin API is not exposed to the browser.
 */
const ALLOWED_TARGETS = new Set([
  'AWSCognitoIdentityProviderService.InitiateAuth',
  'AWSCognitoIdentityProviderService.RespondToAuthChallenge',
]);

export function cognitoProxy(endpoint: string) {
  return async (request: IncomingMessage, body: Buffer): Promise<LocalResponse> => {
    const target = String(request.headers['x-amz-target'] ?? '');
    if (request.method !== 'POST' || !ALLOWED_TARGETS.has(target)) {
      return { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ __type: 'InvalidParameterException', message: 'Not supported locally' }) };
    }
    const answer = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
      body,
    });
    return {
      status: answer.status,
      headers: { 'content-type': answer.headers.get('content-type') ?? 'application/x-amz-json-1.1', 'cache-control': 'no-store' },
      body: Buffer.from(await answer.arrayBuffer()),
    };
  };
}
