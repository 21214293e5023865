import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureLocalSigningKey } from '../../../functions/documents/local-key.ts';
import { prefersHtml } from '../../../functions/core/html-page.ts';
import { httpEvent, testContext } from '../../support/events.ts';

const permitVerification = vi.hoisted(() => vi.fn());
const publicAuthority = vi.hoisted(() => vi.fn());
vi.mock('#functions/tenants/config', () => ({ publicAuthority }));
vi.mock('#functions/training/certificates/verification', () => ({ certificateVerification: vi.fn().mockResolvedValue(undefined) }));
vi.mock('#functions/services/resident-parking/verification', () => ({ permitVerification }));

type Handler = (event: unknown, context: typeof testContext) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;
let handler: Handler;
let sign: typeof import('../../../functions/documents/signing.ts').signDocumentToken;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'openkreis-verify-'));
  const keyFile = path.join(scratch, 'signing-key.json');
  await ensureLocalSigningKey(keyFile);
  // The signing port reads its configuration when it is loaded, as in Lambda.
  vi.stubEnv('SIGNING_KEY_FILE', keyFile);
  ({ handler } = (await import('../../../functions/documents/verify.handler.ts')) as unknown as { handler: Handler });
  ({ signDocumentToken: sign } = await import('../../../functions/documents/signing.ts'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(scratch, { recursive: true, force: true });
});

const ROMMERSKIRCHEN = {
  name: 'Gemeinde Rommerskirchen',
  urls: { imprint: 'https://www.rommerskirchen.de/impressum', privacy: 'https://www.rommerskirchen.de/datenschutz', accessibility: 'https://www.rommerskirchen.de/barrierefreiheit' },
};

beforeEach(() => {
  permitVerification.mockReset();
  publicAuthority.mockReset().mockResolvedValue(ROMMERSKIRCHEN);
});

const claims = { typ: 'permit', tid: 'rommerskirchen', sub: 'doc-1', pid: 'permit-1', v: 1 } as const;

function verify(token: string, accept?: string) {
  return handler(
    httpEvent({ routeKey: 'GET /verify/{token}', pathParameters: { token }, ...(accept ? { headers: { accept } } : {}) }),
    testContext,
  );
}

describe('GET /verify/{token}', () => {
  it('answers a valid permit with its status and printed facts only — never a name or address', async () => {
    permitVerification.mockResolvedValue({
      status: 'valid',
      plate: 'NE-AB 1234',
      zone: 'A',
      zoneName: 'Innenstadt',
      validFrom: '2026-12-01',
      validTo: '2027-11-30',
      // Whatever else the service might return must not reach the public answer.
      holderName: 'Erika Mustermann',
      address: 'Hauptstraße 1',
    });
    const result = await verify(await sign(claims));
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toMatch(/application\/json/);
    const body = JSON.parse(result.body);
    expect(body).toEqual({
      documentType: 'permit',
      title: 'Bewohnerparkausweis',
      status: 'valid',
      statusText: 'Gültig',
      plate: 'NE-AB 1234',
      zone: 'A',
      zoneName: 'Innenstadt',
      validFrom: '2026-12-01',
      validTo: '2027-11-30',
      checkedAt: expect.any(String),
    });
    expect(result.body).not.toMatch(/Mustermann|Hauptstraße/);
    expect(permitVerification).toHaveBeenCalledWith('rommerskirchen', 'permit-1', expect.any(Date));
  });

  it('shows a phone browser an accessible German page: status word and icon, not only colour', async () => {
    permitVerification.mockResolvedValue({ status: 'revoked', plate: 'NE-AB 1234', zone: 'A', validFrom: '2026-12-01', validTo: '2027-11-30' });
    const result = await verify(await sign(claims), 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(result.headers['referrer-policy']).toBe('no-referrer');
    expect(result.headers['content-security-policy']).toContain("default-src 'none'");
    expect(result.body).toContain('<html lang="de">');
    expect(result.body).toContain('role="status"');
    expect(result.body).toContain('Widerrufen');
    expect(result.body).toContain('widerrufen und ist nicht mehr gültig');
    expect(result.body).toContain('30.11.2027');
    expect(result.body).toContain('NE-AB 1234');
  });

  it.each([
    ['valid', 'Gültig', 'success'],
    ['expired', 'Abgelaufen', 'warning'],
    ['revoked', 'Widerrufen', 'danger'],
  ] as const)('shows a %s permit in the portal\'s design for the issuing authority, without inline styles or scripts', async (status, word, kind) => {
    permitVerification.mockResolvedValue({ status, plate: 'NE-AB 1234', zone: 'A', validFrom: '2026-12-01', validTo: '2027-11-30' });
    const result = await verify(await sign(claims), 'text/html');
    // The status as a word with its icon in a KERN alert: never colour alone.
    expect(result.body).toContain(`<div class="kern-alert kern-alert--${kind} ok-verify" role="status">`);
    expect(result.body).toContain(`<span class="kern-icon kern-icon--${kind} kern-icon--large" aria-hidden="true"></span><span class="kern-title ok-verify__word">${word}</span>`);
    // The issuing authority (the token's tenant): its name and its legal pages.
    expect(publicAuthority).toHaveBeenCalledWith(expect.anything(), 'rommerskirchen');
    expect(result.body).toContain('<span class="ok-brand__name">Gemeinde Rommerskirchen</span>');
    for (const url of Object.values(ROMMERSKIRCHEN.urls)) expect(result.body).toContain(`href="${url}"`);
    // The app's stylesheet under its stable name; nothing inline, so the CSP needs no 'unsafe-inline'.
    expect(result.body).toContain('<link rel="stylesheet" href="/static/site.css">');
    expect(result.body).not.toMatch(/<style|<script|style=/);
    expect(result.headers['content-security-policy']).toContain("style-src 'self'");
    expect(result.headers['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('shows the page without the authority when its profile cannot be read, and asks nobody for JSON clients', async () => {
    permitVerification.mockResolvedValue({ status: 'valid', plate: 'NE-AB 1234', zone: 'A', validFrom: '2026-12-01', validTo: '2027-11-30' });
    publicAuthority.mockRejectedValue(new Error('gone'));
    const page = await verify(await sign(claims), 'text/html');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Gültig');
    publicAuthority.mockClear();
    await verify(await sign(claims), 'application/json');
    expect(publicAuthority).not.toHaveBeenCalled();
  });

  it('escapes what it prints on the page', async () => {
    permitVerification.mockResolvedValue({ status: 'valid', plate: '<script>x</script>', zone: 'A&B', validFrom: '2026-12-01', validTo: '2027-11-30' });
    const result = await verify(await sign(claims), 'text/html');
    expect(result.body).not.toContain('<script>');
    expect(result.body).toContain('&lt;script&gt;');
    expect(result.body).toContain('A&amp;B');
  });

  it('answers a forged, altered or malformed token with a German 404 problem, without asking for a status', async () => {
    const token = await sign(claims);
    const [h, p, s] = token.split('.') as [string, string, string];
    const altered = `${h}.${Buffer.from(JSON.stringify({ ...claims, pid: 'permit-2' })).toString('base64url')}.${s}`;
    for (const bad of [altered, `${h}.${p}.${s.slice(0, -2)}`, 'hallo', 'a.b.c']) {
      const result = await verify(bad);
      expect(result.statusCode).toBe(404);
      expect(result.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.parse(result.body)).toMatchObject({ status: 404, title: 'Nicht gefunden', detail: expect.stringMatching(/^Dieser QR-Code gehört zu keinem gültigen Dokument/) });
    }
    expect(permitVerification).not.toHaveBeenCalled();
  });

  it('answers a browser with a German "Nicht gültig" page and status 404 for a forged token', async () => {
    const result = await verify('eyJhbGciOiJub25lIn0.e30.', 'text/html');
    expect(result.statusCode).toBe(404);
    expect(result.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(result.body).toContain('Nicht gültig');
    expect(result.body).toContain('Dieser QR-Code gehört zu keinem gültigen Dokument');
  });

  it('answers 404 for a genuine token whose permit or certificate does not exist', async () => {
    permitVerification.mockResolvedValue(undefined);
    expect((await verify(await sign(claims))).statusCode).toBe(404);
    expect((await verify(await sign({ typ: 'certificate', tid: 'rhein-kreis-neuss', sub: 'c-1', v: 1 }))).statusCode).toBe(404);
  });

  it('reports an expired permit as expired', async () => {
    permitVerification.mockResolvedValue({ status: 'expired', plate: 'NE-AB 1234', zone: 'A', validFrom: '2025-01-01', validTo: '2025-12-31' });
    const body = JSON.parse((await verify(await sign(claims), 'application/json')).body);
    expect(body).toMatchObject({ status: 'expired', statusText: 'Abgelaufen' });
  });
});

describe('content negotiation', () => {
  it('prefers HTML only when the client ranks it above JSON', () => {
    expect(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
    expect(prefersHtml('text/html')).toBe(true);
    expect(prefersHtml('application/json')).toBe(false);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml('application/json, text/html;q=0.5')).toBe(false);
    expect(prefersHtml('text/*;q=0.9, application/json;q=0.5')).toBe(true);
    expect(prefersHtml('text/html;q=0, */*')).toBe(false);
  });
});
