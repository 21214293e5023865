import { describe, expect, it } from 'vitest';
import { httpHandler } from '../../../functions/core/http.ts';
import { HttpProblem, PROBLEM_KINDS, type ProblemKind } from '../../../functions/core/problem.ts';
import { call, httpEvent } from '../../support/events.ts';

/**
 * Content negotiation of errors, in the one place errors become HTTP (the last middleware): a browser that opens an
 * API address gets a German page in the portal's design with the problem's status; programs keep problem+json.
 * Every problem kind, and an unexpected error (500), is tried both ways.
 */
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const KINDS = Object.keys(PROBLEM_KINDS) as ProblemKind[];

/** A handler on a real route of the table (the middleware looks the route up) that fails as told. */
const failing = (error: Error) =>
  httpHandler({}, async () => {
    throw error;
  });

const request = (accept?: string) => httpEvent({ routeKey: 'GET /health', ...(accept ? { headers: { accept } } : {}) });

describe('errors for browsers and for programs', () => {
  it.each(KINDS)('%s: a browser gets a German HTML page with the same status, title, detail and field messages', async (kind) => {
    const handler = failing(new HttpProblem(kind, 'Die Zahlung <b>„x“</b> gibt es nicht.', [{ field: 'body/action', message: 'Bitte eine Aktion wählen.' }]));
    const result = await handler(request(BROWSER), { awsRequestId: 'req-42' } as never);
    const { status, title } = PROBLEM_KINDS[kind];
    expect(result.statusCode).toBe(status);
    expect(result.headers!['content-type']).toBe('text/html; charset=utf-8');
    expect(result.headers!.vary).toBe('accept');
    expect(result.headers!['cache-control']).toBe('no-store');
    const page = String(result.body);
    expect(page).toMatch(/^<!doctype html>\n<html lang="de">/);
    expect(page).toContain(`<h1 class="kern-heading-large">${title}</h1>`);
    expect(page).toContain('Die Zahlung &lt;b&gt;„x“&lt;/b&gt; gibt es nicht.');
    expect(page).toContain('<li>Bitte eine Aktion wählen.</li>');
    expect(page).toContain(`Fehlercode ${status}`);
    expect(page).toContain('<code>req-42</code>');
    expect(page).toContain('<a class="kern-link" href="/">Zum Serviceportal</a>');
    // The portal's look without inline code: the CSP of the page allows nothing inline.
    expect(page).toContain('<link rel="stylesheet" href="/static/site.css">');
    expect(page).not.toMatch(/<script|<style|style=/);
    expect(result.headers!['content-security-policy']).toContain("default-src 'none'");
    expect(result.headers!['content-security-policy']).not.toContain('unsafe-inline');
  });

  it.each(KINDS)('%s: programs keep problem+json (JSON asked for, */*, or no Accept at all)', async (kind) => {
    const handler = failing(new HttpProblem(kind, 'Nicht da.'));
    for (const accept of ['application/json', '*/*', undefined, 'application/json, text/html;q=0.5']) {
      const result = await call(handler, request(accept));
      expect(result.statusCode, String(accept)).toBe(PROBLEM_KINDS[kind].status);
      expect(result.headers['content-type'], String(accept)).toBe('application/problem+json; charset=utf-8');
      expect(result.body).toMatchObject({ status: PROBLEM_KINDS[kind].status, title: PROBLEM_KINDS[kind].title, detail: 'Nicht da.' });
    }
  });

  it('shows a browser an unexpected error as the German 500 page, and nothing of the error itself', async () => {
    const result = await failing(new Error('secret table name openkreis-prod-data'))(request(BROWSER), {} as never);
    expect(result.statusCode).toBe(500);
    expect(result.headers!['content-type']).toBe('text/html; charset=utf-8');
    expect(String(result.body)).toContain('Ein interner Fehler ist aufgetreten.');
    expect(String(result.body)).not.toContain('openkreis-prod-data');
  });
});
