import { api, type RequestOptions } from './client.ts';

/**
 * Downloads a file the API hands out as a short-lived presigned link (`{ url }`): the link is fetched with the bearer
 * token, then opened by the browser, which saves it (the object answers as an attachment). Errors are the API's.
 */
export async function download(path: string, query?: RequestOptions['query']): Promise<void> {
  const response = await api<{ url: string }>('GET', path, query ? { query } : {});
  window.location.assign(response.body.url);
}
