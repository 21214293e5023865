import { describe, expect, it } from 'vitest';
import { routes } from '../../../functions/routes.ts';
import { RouteMatcher } from '../../../infra/local/http/route-matcher.ts';
import { isPagePath, PAGE_SCOPE, PAGE_PATHS, pagePattern } from '../../../web/src/pages/paths.ts';

/** A concrete path for a pattern: every parameter replaced by a plausible value. */
const sample = (path: string) => path.replace(/:\w+|\{\w+\+?\}/g, 'x1');

describe('pages and API routes share one origin and never collide', () => {
  it('no page path is an API path, whatever its parameters', () => {
    const matcher = new RouteMatcher(routes);
    for (const path of PAGE_PATHS) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        expect(matcher.match(method, sample(path)), `${method} ${path}`).toBeUndefined();
      }
    }
  });

  it('no API path is a page path, so the servers never answer an API call with the app', () => {
    for (const route of routes) expect(isPagePath(sample(route.path)), route.path).toBe(false);
    expect(isPagePath('/api/applications')).toBe(false);
  });

  it('matches parameters as one path segment, with an optional trailing slash', () => {
    const pattern = pagePattern('/antraege/:id');
    expect(pattern.test('/antraege/abc')).toBe(true);
    expect(pattern.test('/antraege/abc/')).toBe(true);
    expect(pattern.test('/antraege/abc/def')).toBe(false);
    expect(pattern.test('/antraege')).toBe(false);
  });

  it('lets the router follow links to pages only; API routes and other origins are loaded by the browser', () => {
    for (const path of PAGE_PATHS) {
      expect(PAGE_SCOPE.test(sample(path)), path).toBe(true);
      expect(PAGE_SCOPE.test(`${sample(path)}?weiter=%2F#inhalt`), path).toBe(true);
    }
    for (const route of routes) expect(PAGE_SCOPE.test(sample(route.path)), route.path).toBe(false);
    for (const href of ['/api/applications', '/sandbox-pay/neuss.x', '/api-referenz/', '/static/site.css', 'https://www.neuss.de/impressum', '//evil.example/antraege']) {
      expect(PAGE_SCOPE.test(href), href).toBe(false);
    }
  });
});

describe('the router handles only page links in place', () => {
  it('scopes in-app navigation to page paths (with query and fragment) and leaves every other link to the browser', async () => {
    const { PAGE_SCOPE } = await import('../../../web/src/pages/paths.ts');
    for (const path of PAGE_PATHS) {
      const concrete = sample(path);
      expect(PAGE_SCOPE.test(concrete), concrete).toBe(true);
      expect(PAGE_SCOPE.test(`${concrete}?a=1#x`), concrete).toBe(true);
    }
    for (const other of ['/verify/abc', '/api-referenz/', '/api/applications', '/sandbox-pay/x', 'https://example.org/dienste', '/dienstex']) {
      expect(PAGE_SCOPE.test(other), other).toBe(false);
    }
  });
});
