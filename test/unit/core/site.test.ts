import { describe, expect, it } from 'vitest';
import { sitePages } from '../../../functions/core/site.ts';
import { isPagePath } from '../../../web/src/pages/paths.ts';

describe('links the platform sends out (e-mails, payment return addresses)', () => {
  it.each(Object.entries(sitePages))('%s leads to a page of the web app on the portal\'s origin', (_name, link) => {
    const url = new URL(link('a1b2c3-d4 e5/f6'));
    expect(url.origin).toBe(process.env.PUBLIC_SITE_URL);
    expect(isPagePath(url.pathname), url.pathname).toBe(true);
    // The id of a link that takes one is one path segment, whatever it contains.
    if (link.length > 0) expect(url.pathname.split('/')).toHaveLength(3);
  });
});
