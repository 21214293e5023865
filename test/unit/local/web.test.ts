import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { localWeb, negotiateEncoding } from '../../../infra/local/http/web.ts';

/** The local runtime serves the built app as CloudFront does, compressed included (page weights are measured locally). */
const dist = mkdtempSync(path.join(tmpdir(), 'openkreis-web-dist-'));
mkdirSync(path.join(dist, 'assets'));
const script = `export const text = ${JSON.stringify('Verwaltung online '.repeat(200))};`;
writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html lang="de"><title>App</title></html>');
writeFileSync(path.join(dist, '404.html'), '<!doctype html><html lang="de"><title>Nicht gefunden</title></html>');
writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), script);
writeFileSync(path.join(dist, 'assets', 'font-abc123.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32, 1, 2, 3]));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const web = localWeb({ config: { apiBase: '/api' }, distDir: dist });

describe('the local web server', () => {
  it('prefers brotli, then gzip, as the browser accepts, like CloudFront', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip;q=1.0, identity')).toBe('gzip');
    expect(negotiateEncoding('identity')).toBeUndefined();
    expect(negotiateEncoding(undefined)).toBeUndefined();
  });

  it('sends text files compressed with the encoding named, and the same bytes once decompressed', () => {
    const brotli = web.serve('/assets/app-abc123.js', 'gzip, br');
    expect(brotli.headers).toMatchObject({ 'content-encoding': 'br', vary: 'accept-encoding', 'cache-control': 'public, max-age=31536000, immutable' });
    expect(brotliDecompressSync(brotli.body as Buffer).toString()).toBe(script);
    expect((brotli.body as Buffer).length).toBeLessThan(script.length / 5);
    const gzip = web.serve('/assets/app-abc123.js', 'gzip');
    expect(gzip.headers?.['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body as Buffer).toString()).toBe(script);
    const plain = web.serve('/assets/app-abc123.js');
    expect(plain.headers?.['content-encoding']).toBeUndefined();
    expect(String(plain.body)).toBe(script);
  });

  it('compresses the app on page paths and the 404 page, keeping their status', () => {
    const page = web.serve('/dienste', 'br');
    expect(page.status).toBe(200);
    expect(brotliDecompressSync(page.body as Buffer).toString()).toContain('<title>App</title>');
    const missing = web.serve('/gibt-es-nicht', 'gzip');
    expect(missing.status).toBe(404);
    expect(gunzipSync(missing.body as Buffer).toString()).toContain('Nicht gefunden');
  });

  it('leaves fonts as they are: WOFF2 is compressed already', () => {
    const font = web.serve('/assets/font-abc123.woff2', 'br');
    expect(font.headers?.['content-encoding']).toBeUndefined();
    expect(font.body).toEqual(Buffer.from([0x77, 0x4f, 0x46, 0x32, 1, 2, 3]));
  });
});
