import { MissingConfiguration, optionalEnv } from '#core/config';

const publicApiUrl = optionalEnv('PUBLIC_API_URL');

/**
 * The URL printed as QR code on an issued document: the public verification page of the API. Read at load time;
 * only the functions that issue documents need `PUBLIC_API_URL`, so its absence fails the first call, not the load.
 */
export function verifyUrl(token: string, baseUrl: string | undefined = publicApiUrl): string {
  if (!baseUrl) throw new MissingConfiguration('Environment variable PUBLIC_API_URL is not set');
  return `${baseUrl.replace(/\/+$/, '')}/verify/${encodeURIComponent(token)}`;
}
