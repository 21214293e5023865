/**
 * Runtime configuration, fetched once from `/config.json`: written by the CDK app next to the static files in AWS,
 * served by the local runtime locally. The same build runs against cognito-local and the real user pool.
 */
export interface RuntimeConfig {
  /** Base path of the API on this origin (`/api`). */
  apiBase: string;
  /** The Cognito endpoint the browser signs in at: `https://cognito-idp.<region>.amazonaws.com/`, locally a proxy. */
  cognitoEndpoint: string;
  userPoolClientId: string;
  /** `local` offers the demo users on the sign-in page. */
  stage: 'local' | 'dev' | 'prod';
}

let loaded: Promise<RuntimeConfig> | undefined;

export function runtimeConfig(): Promise<RuntimeConfig> {
  loaded ??= fetch('/config.json', { headers: { accept: 'application/json' } }).then((response) => {
    if (!response.ok) throw new Error(`config.json: ${response.status}`);
    return response.json() as Promise<RuntimeConfig>;
  });
  return loaded;
}
