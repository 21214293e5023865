import { describe, expect, it } from 'vitest';
import { Conflict, Unprocessable } from '../../../../functions/core/problem.ts';
import {
  dateErrors,
  deleteSheet,
  newSheet,
  removedParcels,
  reviseSheet,
  sheetView,
  SheetAlreadyDeleted,
  SheetVersionConflict,
  type SheetFile,
  type SheetMetadata,
} from '../../../../functions/services/building-encumbrances/sheet.ts';

const now = new Date('2026-03-10T10:00:00Z');
const today = '2026-03-10';
const parcelA = { gemarkung: '3404', gemarkungName: 'Neuss', flur: '12', flurstueck: '123/4' };
const parcelB = { gemarkung: '3404', gemarkungName: 'Neuss', flur: '12', flurstueck: '124' };

function file(version: number, uploadId = `upload-${version}`): SheetFile {
  return {
    key: `neuss/baulasten/sheets/s-1/v${version}-${uploadId}.pdf`,
    fileName: `Blatt-${version}.pdf`,
    contentType: 'application/pdf',
    sizeBytes: 1000 + version,
    uploadId,
    uploadedAt: now.toISOString(),
    uploadedBy: 'cw-1',
  };
}

function metadata(overrides: Partial<SheetMetadata> = {}): SheetMetadata {
  return {
    baulastenblatt: '1234',
    laufendeNummer: 1,
    parcels: [parcelA],
    favouredParcels: [],
    kind: 'abstandsflaechen',
    content: 'Übernahme der Abstandfläche zugunsten Flurstück 125.',
    eintragungsdatum: '2001-03-02',
    status: 'valid',
    ...overrides,
  };
}

const registered = () => newSheet({ sheetId: 's-1', tenantId: 'neuss', metadata: metadata(), file: file(1), by: 'cw-1', now, today });

describe('registering a sheet', () => {
  it('creates version 1 and a head that mirrors it, with who and when', () => {
    const { sheet, version } = registered();
    expect(version).toMatchObject({ sheetId: 's-1', version: 1, change: 'created', createdBy: 'cw-1', createdAt: '2026-03-10T10:00:00.000Z', file: file(1) });
    expect(sheet).toEqual({ ...version, registeredAt: '2026-03-10T10:00:00.000Z', registeredBy: 'cw-1' });
  });

  it('refuses dates in the wrong order, in the future, and a deleted entry without its Löschungsdatum (422, fields named)', () => {
    const attempt = (overrides: Partial<SheetMetadata>) => () =>
      newSheet({ sheetId: 's-1', tenantId: 'neuss', metadata: metadata(overrides), file: file(1), by: 'cw-1', now, today });
    expect(attempt({ status: 'deleted', loeschungsdatum: '2000-01-01' })).toThrow(Unprocessable);
    try {
      attempt({ status: 'deleted', loeschungsdatum: '2000-01-01' })();
    } catch (error) {
      expect((error as Unprocessable).errors).toEqual([
        { field: 'body/loeschungsdatum', message: 'Das Löschungsdatum liegt vor dem Eintragungsdatum. Die Löschung kann nicht vor der Eintragung liegen.' },
      ]);
    }
    expect(dateErrors({ eintragungsdatum: '2027-01-01', status: 'valid' }, today)).toEqual([
      { field: 'body/eintragungsdatum', message: 'Das Eintragungsdatum darf nicht in der Zukunft liegen.' },
    ]);
    expect(dateErrors({ eintragungsdatum: '2001-01-01', status: 'deleted' }, today)[0]!.message).toMatch(/braucht das Löschungsdatum/);
    expect(dateErrors({ eintragungsdatum: '2001-01-01', status: 'valid', loeschungsdatum: '2002-01-01' }, today)[0]!.message).toMatch(/Baulast löschen/);
    expect(dateErrors({ eintragungsdatum: '2001-01-01', status: 'deleted', loeschungsdatum: '2001-01-01' }, today)).toEqual([]);
  });

  it('refuses a parcel that is both burdened and favoured', () => {
    expect(() =>
      newSheet({ sheetId: 's-1', tenantId: 'neuss', metadata: metadata({ favouredParcels: [parcelA] }), file: file(1), by: 'cw-1', now, today }),
    ).toThrow(/zugleich belastet und begünstigt/);
  });
});

describe('versions are append-only', () => {
  it('a rescan appends version 2 with its own scan; version 1 is left exactly as it was', () => {
    const first = registered();
    const frozen = structuredClone(first.version);
    const second = reviseSheet(first.sheet, { basedOnVersion: 1, changes: {}, file: file(2), note: 'Besserer Scan', by: 'cw-2', now, today });
    expect(second.version).toMatchObject({ version: 2, change: 'revised', note: 'Besserer Scan', createdBy: 'cw-2', file: file(2) });
    expect(second.version.file.key).not.toBe(first.version.file.key);
    expect(second.sheet).toMatchObject({ version: 2, registeredBy: 'cw-1' });
    expect(first.version).toEqual(frozen);
  });

  it('a correction without a new scan keeps the previous scan; the old parcel index entry is named for removal', () => {
    const first = registered();
    const second = reviseSheet(first.sheet, { basedOnVersion: 1, changes: { parcels: [parcelB] }, note: 'Flurstück berichtigt', by: 'cw-1', now, today });
    expect(second.version.file).toEqual(first.version.file);
    expect(second.sheet.parcels).toEqual([parcelB]);
    expect(removedParcels(first.sheet.parcels, second.sheet.parcels)).toEqual([parcelA]);
    expect(removedParcels(first.sheet.parcels, [parcelA, parcelB])).toEqual([]);
  });

  it('refuses a version that changes nothing, one based on an old version (409), and dates in the wrong order (422)', () => {
    const first = registered();
    expect(() => reviseSheet(first.sheet, { basedOnVersion: 1, changes: { content: first.sheet.content }, note: 'Nichts', by: 'cw-1', now, today })).toThrow(/ändert nichts/);
    const second = reviseSheet(first.sheet, { basedOnVersion: 1, changes: { content: 'Neu gefasst.' }, note: 'Text', by: 'cw-1', now, today });
    const stale = () => reviseSheet(second.sheet, { basedOnVersion: 1, changes: { content: 'Anders.' }, note: 'Text', by: 'cw-2', now, today });
    expect(stale).toThrow(SheetVersionConflict);
    expect(stale).toThrow(/aktuell ist Fassung 2/);
    expect(new SheetVersionConflict('x')).toBeInstanceOf(Conflict);
    expect(() => reviseSheet(second.sheet, { basedOnVersion: 2, changes: { eintragungsdatum: '2030-01-01' }, note: 'Datum', by: 'cw-1', now, today })).toThrow(
      /Zukunft/,
    );
    expect(() => reviseSheet(second.sheet, { basedOnVersion: 2, changes: { loeschungsdatum: '2020-01-01' }, note: 'Datum', by: 'cw-1', now, today })).toThrow(
      /Baulast löschen/,
    );
  });
});

describe('deleting a sheet', () => {
  it('appends a deleted version with reason and Löschungsdatum; the scan and everything before stay', () => {
    const first = registered();
    const deleted = deleteSheet(first.sheet, { reason: 'Verzicht der Bauaufsicht nach Abbruch', loeschungsdatum: '2026-03-01', by: 'cw-2', now, today });
    expect(deleted.version).toMatchObject({
      version: 2,
      change: 'deleted',
      status: 'deleted',
      loeschungsdatum: '2026-03-01',
      deletion: { reason: 'Verzicht der Bauaufsicht nach Abbruch', by: 'cw-2', at: '2026-03-10T10:00:00.000Z' },
      file: first.version.file,
      parcels: first.version.parcels,
    });
    expect(() => deleteSheet(deleted.sheet, { reason: 'Noch einmal löschen', loeschungsdatum: today, by: 'cw-1', now, today })).toThrow(SheetAlreadyDeleted);
  });

  it('refuses a Löschungsdatum before the Eintragungsdatum', () => {
    expect(() => deleteSheet(registered().sheet, { reason: 'Verzicht erklärt', loeschungsdatum: '1999-12-31', by: 'cw-1', now, today })).toThrow(/vor dem Eintragungsdatum/);
  });

  it('a deleted Baulast may be rescanned or its Löschungsdatum corrected, but stays deleted', () => {
    const deleted = deleteSheet(registered().sheet, { reason: 'Verzicht erklärt', loeschungsdatum: '2026-03-01', by: 'cw-1', now, today });
    const corrected = reviseSheet(deleted.sheet, { basedOnVersion: 2, changes: { loeschungsdatum: '2026-02-27' }, note: 'Datum berichtigt', by: 'cw-1', now, today });
    expect(corrected.sheet).toMatchObject({ version: 3, status: 'deleted', loeschungsdatum: '2026-02-27', deletion: deleted.sheet.deletion });
  });
});

describe('views', () => {
  it('shows labels and the Flurstückskennzeichen, never the S3 key or the tenant', () => {
    const view = sheetView(registered().sheet);
    expect(view).toMatchObject({ kindLabel: 'Abstandflächenbaulast', statusLabel: 'gültig', parcels: [{ label: 'Gemarkung Neuss (3404), Flur 12, Flurstück 123/4', flurstueckskennzeichen: '053404012001230004__' }] });
    expect(JSON.stringify(view)).not.toMatch(/neuss\/baulasten|"tenantId"|"key"/);
  });
});
