import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { API_PREFIX, PAGE_PATHS, pagePattern } from '../../web/src/pages/paths.ts';

/**
 * The code of the site's CloudFront Functions, generated at synth from the same tables the local runtime reads
 * (`web/src/pages/paths.ts`, the built app's files), so that CloudFront and `npm start` answer every path alike:
 *
 * - a page path → `/index.html` (the app renders the page),
 * - a file of the build (`/assets/…`, `/static/site.css`, `/favicon.svg`, `/config.json`, a directory's `index.html`)
 *   → itself,
 * - anything else → `/404.html`, the app's German "not found" page, answered with status 404.
 *
 * One function serves both events of the default behaviour: on viewer request it rewrites the URI, on viewer response
 * it sets the status. The response event classifies the URI again instead of passing a marker along, so it works
 * whether CloudFront hands it the URI the viewer asked for or the rewritten one. Only a 200 becomes a 404: a 304
 * (the browser revalidating its stored 404 page) must stay a 304. S3 answers a missing file with 403 (the origin
 * access control may not list the bucket); that, too, is a 404 for the viewer.
 *
 * CloudFront Functions run `cloudfront-js-2.0` (ES 5.1 plus a few newer features) with at most 10 KB of code: the
 * generated code is plain ES5, and a test evaluates it against sample requests.
 */

/** CloudFront's limit for a function's code. */
export const FUNCTION_CODE_LIMIT_BYTES = 10 * 1024;

/** The first path segments of the built app: its top-level files and directories, plus the deployed `config.json`. */
export function siteRootEntries(distDir: string): string[] {
  for (const required of ['index.html', '404.html']) {
    if (!existsSync(path.join(distDir, required))) {
      throw new Error(`${distDir} has no ${required}: build the web app (npm run web:build) before synthesizing the CDK app`);
    }
  }
  return [...new Set([...readdirSync(distDir), 'config.json'])].sort();
}

export function siteRoutingCode(rootEntries: readonly string[]): string {
  const pages = PAGE_PATHS.map((page) => pagePattern(page).toString());
  const entries = Object.fromEntries(rootEntries.map((entry) => [entry, true]));
  return `var PAGES = [${pages.join(', ')}];
var ROOT_ENTRIES = ${JSON.stringify(entries)};

function target(uri) {
  for (var i = 0; i < PAGES.length; i++) {
    if (PAGES[i].test(uri)) return { uri: '/index.html', found: true };
  }
  var first = uri.split('/')[1];
  if (uri !== '/404.html' && Object.prototype.hasOwnProperty.call(ROOT_ENTRIES, first)) {
    return { uri: uri.charAt(uri.length - 1) === '/' ? uri + 'index.html' : uri, found: true };
  }
  return { uri: '/404.html', found: false };
}

function handler(event) {
  var request = event.request;
  var routed = target(request.uri);
  if (event.context.eventType === 'viewer-response') {
    var response = event.response;
    if ((response.statusCode === 200 && !routed.found) || response.statusCode === 403) {
      response.statusCode = 404;
      response.statusDescription = 'Not Found';
    }
    return response;
  }
  request.uri = routed.uri;
  return request;
}
`;
}

/** `/api/applications` → `/applications` before the request reaches API Gateway (the API knows no prefix). */
export function apiPrefixCode(): string {
  return `function handler(event) {
  var request = event.request;
  request.uri = request.uri.slice(${API_PREFIX.length}) || '/';
  return request;
}
`;
}
