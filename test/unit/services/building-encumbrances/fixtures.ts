import type { EncumbranceSheet } from '../../../../functions/services/building-encumbrances/sheet.ts';
import type { ScanUploadRecord } from '../../../../functions/services/building-encumbrances/store.ts';

export const SHEET_ID = '0b9c3c52-5d2e-4a53-9a51-1b3f0f0c1a01';
export const UPLOAD_ID = '7f1d1d7e-2f4b-4c11-8f0b-7a3e1c2d9e01';

export const caseworker = { tenantId: 'neuss', roles: ['caseworker' as const], sub: 'cw-1' };
export const admin = { tenantId: 'neuss', roles: ['tenant-admin' as const], sub: 'admin-1' };
export const citizen = { tenantId: 'neuss', roles: ['citizen' as const], sub: 'citizen-1' };

export const TIFF_HEAD = [0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00];
export const PDF_HEAD = [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37];

export function scanRecord(overrides: Partial<ScanUploadRecord> = {}): ScanUploadRecord {
  return {
    uploadId: UPLOAD_ID,
    tenantId: 'neuss',
    ownerId: 'cw-1',
    fileName: 'Baulastenblatt 1234.tif',
    contentType: 'image/tiff',
    sizeBytes: 40_000,
    stagingKey: `neuss/baulasten/uploads/${UPLOAD_ID}`,
    createdAt: '2026-03-10T09:55:00.000Z',
    expiresAt: Math.floor(new Date('2026-03-11T09:55:00Z').getTime() / 1000),
    ...overrides,
  };
}

export function storedSheet(overrides: Partial<EncumbranceSheet> = {}): EncumbranceSheet {
  return {
    sheetId: SHEET_ID,
    tenantId: 'neuss',
    version: 1,
    change: 'created',
    baulastenblatt: '1234',
    laufendeNummer: 1,
    parcels: [{ gemarkung: '3404', gemarkungName: 'Neuss', flur: '12', flurstueck: '123/4' }],
    favouredParcels: [],
    kind: 'abstandsflaechen',
    content: 'Übernahme der Abstandfläche zugunsten Flurstück 125.',
    eintragungsdatum: '2001-03-02',
    status: 'valid',
    file: {
      key: `neuss/baulasten/sheets/${SHEET_ID}/v1-${UPLOAD_ID}.tif`,
      fileName: 'Baulastenblatt 1234.tif',
      contentType: 'image/tiff',
      sizeBytes: 40_000,
      uploadId: UPLOAD_ID,
      uploadedAt: '2026-03-10T09:55:00.000Z',
      uploadedBy: 'cw-1',
    },
    createdAt: '2026-03-10T10:00:00.000Z',
    createdBy: 'cw-1',
    registeredAt: '2026-03-10T10:00:00.000Z',
    registeredBy: 'cw-1',
    ...overrides,
  };
}

/** A DynamoDB transaction cancelled because the condition of the item at `index` failed. */
export function cancelledAt(index: number, items: number) {
  return Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: Array.from({ length: items }, (_, i) => ({ Code: i === index ? 'ConditionalCheckFailed' : 'None' })),
  });
}
