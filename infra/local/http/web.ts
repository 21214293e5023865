import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { isPagePath } from '../../../web/src/pages/paths.ts';
import { securityHeaders } from '../../web-security.ts';
import type { LocalResponse } from './server.ts';

/**
 * The web app as CloudFront serves it, locally: files of `web/dist/` (hashed assets cached for a year, the rest
 * revalidated), `index.html` for every page path of the app, the runtime configuration, and a German "not found" page
 * with status 404 for any other path a browser opens. The same security headers as CloudFront, and compressed like
 * CloudFront compresses (brotli or gzip, as the browser accepts), so that page weights measured locally are the ones
 * browsers receive.
 */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Text files CloudFront compresses; fonts (WOFF2) and images are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.map']);

/**
 * Compressed bodies by file, path + modification time: a rebuild (`npm start` watches) compresses again. Brotli at
 * quality 5, as CDNs compress on the fly: quality 11 takes seconds for KERN's stylesheet, which a first page load
 * (and Lighthouse) would count as server time, and saves only a few per cent.
 */
const compressed = new Map<string, Buffer>();

function encode(file: string, body: Buffer, encoding: 'br' | 'gzip'): Buffer {
  const key = `${encoding}:${file}:${statSync(file).mtimeMs}`;
  let result = compressed.get(key);
  if (!result) {
    result = encoding === 'br' ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : gzipSync(body);
    compressed.set(key, result);
  }
  return result;
}

/** `br` where the browser accepts it, else `gzip`, else none (`identity`). */
export function negotiateEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Set((acceptEncoding ?? '').split(',').map((part) => part.trim().split(';')[0]!.toLowerCase()));
  return accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : undefined;
}

export interface LocalWebOptions {
  /** `/config.json` for the app: the API base, the Cognito endpoint and client. */
  config: Record<string, unknown>;
  distDir?: string;
  /** The documents bucket's origin (s3rver locally): browsers upload there with presigned URLs. */
  uploadOrigin?: string;
}

export function localWeb(options: LocalWebOptions) {
  const dist = options.distDir ?? WEB_DIST;
  const headers = securityHeaders({ https: false, ...(options.uploadOrigin ? { uploadOrigin: options.uploadOrigin } : {}) });

  function file(relative: string, acceptEncoding?: string): LocalResponse | undefined {
    const resolved = path.resolve(dist, `.${relative}`);
    // Only files inside dist/: `..` never leaves it.
    if (!resolved.startsWith(path.resolve(dist) + path.sep)) return undefined;
    if (!existsSync(resolved) || !statSync(resolved).isFile()) return undefined;
    const immutable = relative.startsWith('/assets/');
    const extension = path.extname(resolved);
    const encoding = COMPRESSIBLE.has(extension) ? negotiateEncoding(acceptEncoding) : undefined;
    const body = readFileSync(resolved);
    return {
      status: 200,
      headers: {
        ...headers,
        'content-type': TYPES[extension] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...(COMPRESSIBLE.has(extension) ? { vary: 'accept-encoding' } : {}),
        ...(encoding ? { 'content-encoding': encoding } : {}),
      },
      body: encoding ? encode(resolved, body, encoding) : body,
    };
  }

  function page(status: number, name: string, acceptEncoding?: string): LocalResponse {
    const found = file(`/${name}`, acceptEncoding);
    if (found) return { ...found, status, headers: { ...found.headers, 'cache-control': 'no-cache' } };
    return {
      status: status === 200 ? 503 : status,
      headers: { ...headers, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      body: '<!doctype html><html lang="de"><meta charset="utf-8"><title>Web-App nicht gebaut</title><h1>Die Web-App ist noch nicht gebaut</h1><p>Bitte <code>npm run web:build</code> ausführen.</p></html>',
    };
  }

  return {
    /** The answer for a GET/HEAD that is not an API route: a file, the app for a page path, or the 404 page. */
    serve(pathname: string, acceptEncoding?: string): LocalResponse {
      if (pathname === '/config.json') {
        return { status: 200, headers: { ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }, body: JSON.stringify(options.config) };
      }
      if (isPagePath(pathname)) return page(200, 'index.html', acceptEncoding);
      const decoded = safeDecode(pathname);
      const found = decoded === undefined ? undefined : (file(decoded, acceptEncoding) ?? (decoded.endsWith('/') ? file(`${decoded}index.html`, acceptEncoding) : undefined));
      return found ?? page(404, '404.html', acceptEncoding);
    },
  };
}

function safeDecode(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}
