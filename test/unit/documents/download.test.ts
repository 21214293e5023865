import { beforeEach, describe, expect, it, vi } from 'vitest';
import { NotFound } from '../../../functions/core/problem.ts';
import { handler } from '../../../functions/documents/download.handler.ts';
import { call, httpEvent } from '../../support/events.ts';

const applicationFor = vi.hoisted(() => vi.fn());
vi.mock('#functions/applications/access', () => ({ applicationFor }));

const permitPdf = {
  documentId: 'doc-1',
  kind: 'permit',
  title: 'Bewohnerparkausweis',
  fileName: 'Bewohnerparkausweis RO-BPA-2026-000123.pdf',
  contentType: 'application/pdf',
  key: 'rommerskirchen/applications/app-1/doc-1-Bewohnerparkausweis RO-BPA-2026-000123.pdf',
  direction: 'issued',
  createdAt: '2026-11-24T11:00:00.000Z',
};
const application = { applicationId: 'app-1', tenantId: 'rommerskirchen', applicantId: 'citizen-1', documents: [permitPdf] };
const citizen = { tenantId: 'rommerskirchen', roles: ['citizen' as const], sub: 'citizen-1' };

const download = (documentId: string, id = 'app-1') =>
  call(handler, httpEvent({ routeKey: 'GET /applications/{id}/documents/{documentId}', caller: citizen, pathParameters: { id, documentId } }));

beforeEach(() => {
  applicationFor.mockReset();
});

describe('GET /applications/{id}/documents/{documentId}', () => {
  it('answers a 5-minute presigned GET with file name and type, as JSON (no redirect)', async () => {
    applicationFor.mockResolvedValue(application);
    const result = await download('doc-1');
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({ url: expect.any(String), expiresInSeconds: 300, fileName: permitPdf.fileName, contentType: 'application/pdf' });
    const url = new URL(result.body.url);
    expect(decodeURIComponent(url.pathname)).toContain(permitPdf.key);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(applicationFor).toHaveBeenCalledWith(expect.objectContaining({ userId: 'citizen-1', tenantId: 'rommerskirchen' }), 'app-1');
  });

  it('answers 404 for a document the application does not have', async () => {
    applicationFor.mockResolvedValue(application);
    const result = await download('doc-2');
    expect(result.statusCode).toBe(404);
    expect(result.body.detail).toBe('Das Dokument wurde in diesem Antrag nicht gefunden.');
  });

  it('answers 404 when the caller may not see the application', async () => {
    applicationFor.mockRejectedValue(new NotFound('Der Antrag wurde nicht gefunden.'));
    const result = await download('doc-1', 'someone-elses');
    expect(result.statusCode).toBe(404);
    expect(result.body.detail).toBe('Der Antrag wurde nicht gefunden.');
  });
});
