import { afterEach, describe, expect, it, vi } from 'vitest';
import { noContent } from '../../../functions/core/contract.ts';
import { httpHandler, json } from '../../../functions/core/http.ts';
import { replyViolations } from '../../../functions/core/response-check.ts';
import * as z from '../../../functions/core/zod.ts';
import { call, httpEvent } from '../../support/events.ts';

const item = z.object({ id: z.string(), count: z.int(), note: z.optional(z.string()) });

describe('the local contract check of an answer', () => {
  it('accepts an answer that matches its declared status and schema', () => {
    expect(replyViolations({ 200: item }, { status: 200, body: { id: 'a', count: 1 } })).toEqual([]);
    expect(replyViolations({ 204: noContent }, { status: 204 })).toEqual([]);
    expect(replyViolations({ 200: { 'text/html': z.string() } }, { status: 200, body: '<p>Hallo</p>', headers: { 'content-type': 'text/html; charset=utf-8' } })).toEqual([]);
  });

  it('refuses a handler without declared responses and a status it does not declare', () => {
    expect(replyViolations(undefined, { status: 200, body: {} })).toEqual([expect.stringContaining('declares no responses')]);
    expect(replyViolations({ 200: item }, { status: 201, body: { id: 'a', count: 1 } })).toEqual([expect.stringContaining('status 201 is not declared')]);
  });

  it('names every field the schema refuses and every field it does not declare, by path and never by value', () => {
    const wrong = replyViolations({ 200: item }, { status: 200, body: { id: 'Erika Mustermann', count: 'drei' } });
    expect(wrong).toEqual([expect.stringMatching(/^200 application\/json: body\/count: /)]);
    const leaked = replyViolations({ 200: z.object({ items: z.array(item) }) }, { status: 200, body: { items: [{ id: 'a', count: 1, secret: 'Erika Mustermann' }] } });
    expect(leaked).toEqual(['200: body/items/0/secret is not declared']);
    expect([...wrong, ...leaked].join(' ')).not.toContain('Erika');
  });

  it('checks what goes over the wire: undefined fields vanish, dates become strings', () => {
    expect(replyViolations({ 200: item }, { status: 200, body: { id: 'a', count: 1, note: undefined } })).toEqual([]);
    expect(replyViolations({ 200: z.object({ at: z.string() }) }, { status: 200, body: { at: new Date(0) } })).toEqual([]);
  });

  it('refuses a media type the status does not declare, and a body where none is declared', () => {
    const html = { status: 200, body: '<p>x</p>', headers: { 'content-type': 'text/html' } };
    expect(replyViolations({ 200: item }, html)).toEqual([expect.stringContaining('answers text/html, which it does not declare')]);
    expect(replyViolations({ 204: noContent }, { status: 204, body: { id: 'a' } })).toEqual([expect.stringContaining('204 application/json')]);
  });

  it('reads JSON sent as text by its media type, e.g. problem details a handler answers itself', () => {
    const refused = z.object({ status: z.literal(422), rows: z.array(z.int()) });
    expect(replyViolations({ 422: { 'application/problem+json': refused } }, { status: 422, body: { status: 422, rows: [1] }, headers: { 'content-type': 'application/problem+json' } })).toEqual([]);
    expect(replyViolations({ 200: item }, { status: 200, body: '{"id":"a","count":1}', headers: { 'content-type': 'application/json' } })).toEqual([]);
  });
});

describe('httpHandler with the contract check', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const drifting = httpHandler({ responses: { 200: item } }, async () => json(200, { id: 'a', count: 1, internal: 'x' }));

  it('exposes its spec for the OpenAPI generator', () => {
    expect(drifting.spec.responses?.[200]).toBe(item);
  });

  it('fails an answer outside the declared responses loudly when the check is on (the local runtime and the tests)', async () => {
    vi.stubEnv('OPENKREIS_CONTRACT_CHECKS', 'on');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const result = await call(drifting, httpEvent({ routeKey: 'GET /health' }));
    expect(result.statusCode).toBe(500);
    expect(result.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(result.body.detail).toContain('body/internal is not declared');
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('GET /health answered outside its declared responses'));
    stderr.mockRestore();
  });

  it('answers as the handler says when the check is off, as in AWS', async () => {
    vi.stubEnv('OPENKREIS_CONTRACT_CHECKS', 'off');
    const result = await call(drifting, httpEvent({ routeKey: 'GET /health' }));
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({ id: 'a', count: 1, internal: 'x' });
  });
});
