import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureLocalSigningKey } from '../../../../functions/documents/local-key.ts';
import { renderCertificatePdf, type CertificatePdfInput } from '../../../../functions/training/certificates/pdf.ts';
import type { CertificateRecord } from '../../../../functions/training/certificates/store.ts';
import { certificatePut } from '../../../../functions/training/certificates/store.ts';
import { call, httpEvent } from '../../../support/events.ts';
import { pdfObjects, qrPayloadOf, textsOf } from '../../../support/pdf.ts';
import { FakeTable } from './fake-table.ts';
import { TENANT } from './support.ts';

const input: CertificatePdfInput = {
  certificateId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  holderName: 'Erika Mustermann',
  courseTitle: 'Datenschutz im Verwaltungsalltag',
  courseVersion: 3,
  completedAt: '2026-03-10T09:00:00.000Z',
  validUntil: '2027-03-10',
  scorePercent: 87.5,
  issuerName: 'Stadt Neuss',
  verifyUrl: 'https://api.openkreis.test/verify/eyJhbGciOiJFUzI1NiJ9.e30.c2ln',
};

describe('the certificate PDF', { timeout: 30_000 }, () => {
  it('prints name, course, version, dates, score and issuer in German', async () => {
    const bytes = await renderCertificatePdf(input);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    expect((await pdfObjects(bytes)).getPageCount()).toBe(1);
    const texts = await textsOf(bytes);
    for (const text of ['Fortbildungsnachweis', 'Erika Mustermann', 'Datenschutz im Verwaltungsalltag', 'Version 3', '10.03.2026', '10.03.2027', '87,5 %', 'Stadt Neuss', input.certificateId]) {
      expect(texts).toContain(text);
    }
    expect(texts).toContain('erfolgreich abgeschlossen hat.');
  });

  it('prints „unbefristet“ for a course that does not expire, and no score without quiz', async () => {
    const texts = await textsOf(await renderCertificatePdf({ ...input, validUntil: undefined, scorePercent: undefined }));
    expect(texts).toContain('unbefristet');
    expect(texts.join(' ')).not.toContain('Ergebnis');
  });

  // A verification URL as long as the platform's real ones (a signed token of ~180 characters): the QR code's modules
  // must stay large enough for a plain 100 dpi office scan, as the permit's do.
  it.each([100, 150])('carries a QR code that an independent decoder reads as a full-length verification URL from a %i dpi rendering', async (dpi) => {
    const verifyUrl = `https://api.openkreis.example/verify/${'eyJhbGciOiJFUzI1NiJ9'.repeat(8)}.${'S'.repeat(86)}`;
    expect(qrPayloadOf(await renderCertificatePdf({ ...input, verifyUrl }), dpi)).toBe(verifyUrl);
  });

  it('prints the verification URL as a link beside the QR code', async () => {
    expect((await textsOf(await renderCertificatePdf(input))).join('')).toContain(input.verifyUrl);
  });

  it('keeps the holder\'s name out of the metadata', async () => {
    const doc = await pdfObjects(await renderCertificatePdf(input));
    expect(doc.getTitle()).toBe('Fortbildungsnachweis – Datenschutz im Verwaltungsalltag');
    expect(doc.getAuthor()).toBe('Stadt Neuss');
    expect(`${doc.getTitle()} ${doc.getSubject()} ${doc.getKeywords()}`).not.toContain('Mustermann');
  });
});

describe('GET /verify/{token} for a certificate', () => {
  const table = new FakeTable();
  let verify: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
  let sign: typeof import('../../../../functions/documents/signing.ts').signDocumentToken;
  let scratch: string;

  const record = (overrides: Partial<CertificateRecord> = {}): CertificateRecord => ({
    certificateId: 'cert-1',
    tenantId: TENANT,
    employeeId: 'emp-1',
    employeeName: 'Erika Mustermann',
    courseId: 'datenschutz',
    courseTitle: 'Datenschutz im Verwaltungsalltag',
    courseVersion: 3,
    cycle: 1,
    completedAt: '2026-03-10T09:00:00.000Z',
    validUntil: '2027-03-10',
    score: 90,
    hasQuiz: true,
    issuerName: 'Stadt Neuss',
    issuedAt: '2026-03-10T09:00:00.000Z',
    key: `${TENANT}/certificates/cert-1.pdf`,
    ...overrides,
  });

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'openkreis-certificate-'));
    const keyFile = path.join(scratch, 'signing-key.json');
    await ensureLocalSigningKey(keyFile);
    vi.stubEnv('SIGNING_KEY_FILE', keyFile);
    verify = (await import('../../../../functions/documents/verify.handler.ts')).handler as never;
    ({ signDocumentToken: sign } = await import('../../../../functions/documents/signing.ts'));
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(scratch, { recursive: true, force: true });
  });

  beforeEach(() => {
    table.reset();
  });

  const check = async (accept = 'application/json', at = '2026-06-01T10:00:00.000Z') => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(at));
    try {
      const token = await sign({ typ: 'certificate', tid: TENANT, sub: 'cert-1', v: 1 });
      return await verify(httpEvent({ routeKey: 'GET /verify/{token}', pathParameters: { token }, headers: { accept } }), {});
    } finally {
      vi.useRealTimers();
    }
  };

  it('answers course, version, dates and status — never the holder\'s name', async () => {
    table.put(certificatePut(record()).Put.Item);
    const result = await check();
    expect(result.statusCode).toBe(200);
    const body = JSON.parse(result.body);
    expect(body).toMatchObject({
      documentType: 'certificate',
      title: 'Fortbildungsnachweis',
      status: 'valid',
      course: 'Datenschutz im Verwaltungsalltag',
      courseVersion: '3',
      completedOn: '2026-03-10',
      validUntil: '2027-03-10',
    });
    expect(result.body).not.toContain('Mustermann');
    expect(result.body).not.toContain('emp-1');
    const page = await check('text/html');
    expect(page.body).toContain('Gültig');
    expect(page.body).toContain('10.03.2027');
    expect(page.body).not.toContain('Mustermann');
  });

  it('answers expired after the last valid day, revoked when withdrawn, unbefristet without validity', async () => {
    table.put(certificatePut(record()).Put.Item);
    expect(JSON.parse((await check('application/json', '2027-03-10T20:00:00.000Z')).body).status).toBe('valid');
    expect(JSON.parse((await check('application/json', '2027-03-11T08:00:00.000Z')).body).status).toBe('expired');
    table.put(certificatePut(record({ revokedAt: '2026-05-01T00:00:00.000Z' })).Put.Item);
    expect(JSON.parse((await check()).body).status).toBe('revoked');
    table.put(certificatePut(record({ validUntil: undefined })).Put.Item);
    expect(JSON.parse((await check('application/json', '2040-01-01T00:00:00.000Z')).body)).toMatchObject({ status: 'valid', validUntil: 'unbefristet' });
  });

  it('answers 404 for a certificate that does not exist', async () => {
    expect((await check()).statusCode).toBe(404);
  });
});
