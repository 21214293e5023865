import { runtimeConfig } from '../config.ts';

/**
 * Sign-in through Cognito's own JSON API from the browser (no SDK: three calls, a few hundred bytes). The same code
 * talks to the real user pool and to cognito-local. Flow: USER_PASSWORD_AUTH over TLS (cognito-local has no SRP);
 * the app client allows it explicitly (infra/stacks/data-stack.ts).
 */
export interface Tokens {
  idToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the ID token expires. */
  expiresAt: number;
}

export type SignInResult = { kind: 'signed-in'; tokens: Tokens } | { kind: 'new-password-required'; session: string; username: string };

export class CognitoError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CognitoError';
  }
}

/** German texts for what Cognito answers; nothing from Cognito's English messages reaches the page. */
const MESSAGES: Record<string, string> = {
  NotAuthorizedException: 'E-Mail-Adresse oder Passwort stimmen nicht, oder das Konto ist gesperrt.',
  UserNotFoundException: 'E-Mail-Adresse oder Passwort stimmen nicht, oder das Konto ist gesperrt.',
  PasswordResetRequiredException: 'Ihr Passwort muss zurückgesetzt werden. Bitte wenden Sie sich an Ihre Verwaltung.',
  UserNotConfirmedException: 'Ihr Konto ist noch nicht bestätigt.',
  InvalidPasswordException: 'Das neue Passwort erfüllt die Anforderungen nicht: mindestens 12 Zeichen mit Groß- und Kleinbuchstaben, Ziffern und Sonderzeichen.',
  TooManyRequestsException: 'Zu viele Versuche. Bitte warten Sie einen Moment.',
  LimitExceededException: 'Zu viele Versuche. Bitte warten Sie einen Moment.',
};

interface AuthenticationResult {
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
}

/**
 * Signing in, a wrong password is "not authorized" in Cognito and "invalid password" in cognito-local: both are the
 * same neutral answer (never whether the account exists).
 */
const SIGN_IN_MESSAGES: Record<string, string> = { InvalidPasswordException: MESSAGES.NotAuthorizedException! };

async function call<T>(target: string, body: Record<string, unknown>, messages: Record<string, string> = {}): Promise<T> {
  const config = await runtimeConfig();
  let response: Response;
  try {
    response = await fetch(config.cognitoEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
      body: JSON.stringify({ ClientId: config.userPoolClientId, ...body }),
    });
  } catch {
    throw new CognitoError('NetworkError', 'Die Anmeldung ist gerade nicht erreichbar. Bitte prüfen Sie Ihre Verbindung.');
  }
  const data = (await response.json().catch(() => ({}))) as T & { __type?: string };
  if (!response.ok) {
    const code = (data.__type ?? 'Unknown').split('#').pop()!;
    throw new CognitoError(code, messages[code] ?? MESSAGES[code] ?? 'Die Anmeldung ist fehlgeschlagen. Bitte versuchen Sie es erneut.');
  }
  return data;
}

/** When the ID token expires: its own `exp` claim (some answers, e.g. cognito-local's refresh, carry no ExpiresIn). */
function expiryOf(result: AuthenticationResult): number {
  try {
    const claims = JSON.parse(atob((result.IdToken.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    if (typeof claims.exp === 'number') return claims.exp * 1000;
  } catch {
    // fall through to ExpiresIn
  }
  return Date.now() + (Number.isFinite(result.ExpiresIn) ? result.ExpiresIn : 300) * 1000;
}

function tokensOf(result: AuthenticationResult, refreshToken?: string): Tokens {
  return { idToken: result.IdToken, refreshToken: result.RefreshToken ?? refreshToken ?? '', expiresAt: expiryOf(result) };
}

export async function signIn(username: string, password: string): Promise<SignInResult> {
  const data = await call<{ AuthenticationResult?: AuthenticationResult; ChallengeName?: string; Session?: string }>('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username, PASSWORD: password },
  }, SIGN_IN_MESSAGES);
  if (data.AuthenticationResult) return { kind: 'signed-in', tokens: tokensOf(data.AuthenticationResult) };
  if (data.ChallengeName === 'NEW_PASSWORD_REQUIRED' && data.Session) return { kind: 'new-password-required', session: data.Session, username };
  throw new CognitoError(data.ChallengeName ?? 'Unknown', 'Diese Art der Anmeldung wird hier nicht unterstützt. Bitte wenden Sie sich an Ihre Verwaltung.');
}

/** The first sign-in of an account created by an administrator: a new, own password replaces the temporary one. */
export async function setNewPassword(username: string, session: string, newPassword: string): Promise<Tokens> {
  const data = await call<{ AuthenticationResult?: AuthenticationResult }>('RespondToAuthChallenge', {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: session,
    ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
  });
  if (!data.AuthenticationResult) throw new CognitoError('Unknown', 'Das neue Passwort wurde nicht angenommen.');
  return tokensOf(data.AuthenticationResult);
}

export async function refresh(refreshToken: string): Promise<Tokens> {
  const data = await call<{ AuthenticationResult: AuthenticationResult }>('InitiateAuth', {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    AuthParameters: { REFRESH_TOKEN: refreshToken },
  });
  return tokensOf(data.AuthenticationResult, refreshToken);
}
