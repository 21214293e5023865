/**
 * The digitised Baulastenverzeichnis: one *sheet* per Baulast entry — the scanned page(s) of a Baulastenblatt with the
 * entry's number on it (laufende Nummer) and its metadata. Pure functions; the store persists what they return.
 *
 * Versioning: a sheet is a sequence of immutable versions (1, 2, …). Registration creates version 1; a rescan or a
 * correction of the metadata appends a version; a deletion (Löschung) appends a version with status `deleted`, the
 * reason and the Löschungsdatum — the Baulast stays in the register, as a deleted entry. Nothing is ever overwritten:
 * every version keeps its own scan under its own S3 key, and the current state (the *head*) is a copy of the latest
 * version.
 */
import { Conflict, Unprocessable, type FieldError } from '#core/problem';
import { flurstueckskennzeichen, parcelKey, parcelLabel, type Parcel } from './parcel.ts';

/** The kinds of Baulast common in NRW practice, with their German names. */
export const ENCUMBRANCE_KINDS = {
  abstandsflaechen: 'Abstandflächenbaulast',
  stellplaetze: 'Stellplatzbaulast',
  zuwegung: 'Zugangs- und Zufahrtsbaulast',
  vereinigung: 'Vereinigungsbaulast',
  anbau: 'Anbaubaulast (Grenzbebauung)',
  leitungen: 'Leitungsbaulast',
  spielflaechen: 'Baulast für Kinderspielflächen',
  brandschutz: 'Brandschutzbaulast (z. B. Feuerwehrzufahrt, Aufstellflächen)',
  sonstige: 'Sonstige Baulast',
} as const;
export type EncumbranceKind = keyof typeof ENCUMBRANCE_KINDS;
export const ENCUMBRANCE_KIND_IDS = Object.keys(ENCUMBRANCE_KINDS) as [EncumbranceKind, ...EncumbranceKind[]];

export const SHEET_STATUSES = ['valid', 'deleted'] as const;
export type SheetStatus = (typeof SHEET_STATUSES)[number];
export const STATUS_LABELS: Record<SheetStatus, string> = { valid: 'gültig', deleted: 'gelöscht' };

/** Plausibility floor for dates of the register (older paper registers are digitised too). */
export const EARLIEST_REGISTER_DATE = '1900-01-01';

export class SheetAlreadyDeleted extends Conflict {}
/** Another version was added since the caller read the sheet (optimistic concurrency). */
export class SheetVersionConflict extends Conflict {}

export interface SheetFile {
  /** Full S3 key below `<tenantId>/baulasten/sheets/<sheetId>/`; never shown to clients. */
  key: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadId: string;
  uploadedAt: string;
  uploadedBy: string;
}

/** What staff enter for a Baulast: the metadata of one version. */
export interface SheetMetadata {
  /** Number of the Baulastenblatt (normalised: trimmed, single spaces, upper case). */
  baulastenblatt: string;
  /** The entry's number on the sheet (lfd. Nr.). */
  laufendeNummer: number;
  /** The burdened parcels (belastete Flurstücke): the register is searched by these. */
  parcels: Parcel[];
  /** The favoured parcels (begünstigte Flurstücke), for information; not indexed. */
  favouredParcels: Parcel[];
  kind: EncumbranceKind;
  /** The content of the Baulast in short (Inhalt), as on the sheet. */
  content: string;
  eintragungsdatum: string;
  loeschungsdatum?: string;
  status: SheetStatus;
  /** File reference of the building authority (Aktenzeichen), if any. */
  aktenzeichen?: string;
}

export interface Deletion {
  reason: string;
  at: string;
  by: string;
}

export type VersionChange = 'created' | 'revised' | 'deleted';

export interface SheetVersion extends SheetMetadata {
  sheetId: string;
  tenantId: string;
  version: number;
  change: VersionChange;
  /** Why this version was made (a rescan, a correction); required after the first. */
  note?: string;
  file: SheetFile;
  deletion?: Deletion;
  createdAt: string;
  createdBy: string;
}

/** The head of a sheet: its latest version, plus when and by whom it was registered. */
export interface EncumbranceSheet extends SheetVersion {
  registeredAt: string;
  registeredBy: string;
}

/** Fields a new version may change; the sheet number (its identity) and the status (→ delete) are not among them. */
export type MetadataChanges = Partial<Pick<SheetMetadata, 'parcels' | 'favouredParcels' | 'kind' | 'content' | 'eintragungsdatum' | 'loeschungsdatum' | 'aktenzeichen'>>;

/** `B 12a` → `B 12A`: one spelling per sheet number. */
export function normaliseSheetNumber(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ').toUpperCase();
}

/** German field errors for dates that cannot be right: in the future, implausibly old, or in the wrong order. */
export function dateErrors(metadata: Pick<SheetMetadata, 'eintragungsdatum' | 'loeschungsdatum' | 'status'>, today: string, prefix = 'body'): FieldError[] {
  const errors: FieldError[] = [];
  const { eintragungsdatum, loeschungsdatum, status } = metadata;
  if (eintragungsdatum > today) errors.push({ field: `${prefix}/eintragungsdatum`, message: 'Das Eintragungsdatum darf nicht in der Zukunft liegen.' });
  if (eintragungsdatum < EARLIEST_REGISTER_DATE) errors.push({ field: `${prefix}/eintragungsdatum`, message: 'Bitte prüfen Sie das Eintragungsdatum (vor 1900).' });
  if (status === 'deleted' && loeschungsdatum === undefined) {
    errors.push({ field: `${prefix}/loeschungsdatum`, message: 'Eine gelöschte Baulast braucht das Löschungsdatum.' });
  }
  if (status === 'valid' && loeschungsdatum !== undefined) {
    errors.push({
      field: `${prefix}/loeschungsdatum`,
      message: 'Eine gültige Baulast hat kein Löschungsdatum. Zum Löschen bitte die Funktion „Baulast löschen“ verwenden.',
    });
  }
  if (loeschungsdatum !== undefined) {
    if (loeschungsdatum < eintragungsdatum) {
      errors.push({ field: `${prefix}/loeschungsdatum`, message: 'Das Löschungsdatum liegt vor dem Eintragungsdatum. Die Löschung kann nicht vor der Eintragung liegen.' });
    }
    if (loeschungsdatum > today) errors.push({ field: `${prefix}/loeschungsdatum`, message: 'Das Löschungsdatum darf nicht in der Zukunft liegen.' });
  }
  return errors;
}

/** Throws a 422 naming the fields when the metadata cannot be right (dates, parcels both burdened and favoured). */
export function assertMetadata(metadata: SheetMetadata, today: string, prefix: string): void {
  assertDates(metadata, today, prefix);
  assertParcels(metadata, prefix);
}

function assertDates(metadata: SheetMetadata, today: string, prefix: string): void {
  const errors = dateErrors(metadata, today, prefix);
  if (errors.length > 0) throw new Unprocessable('Die Daten der Baulast passen nicht zusammen: ' + errors.map((error) => error.message).join(' '), errors);
}

function assertParcels(metadata: SheetMetadata, prefix: string): void {
  const burdened = new Set(metadata.parcels.map(parcelKey));
  const both = metadata.favouredParcels.findIndex((parcel) => burdened.has(parcelKey(parcel)));
  if (both >= 0) {
    throw new Unprocessable('Ein Flurstück kann nicht zugleich belastet und begünstigt sein.', [
      { field: `${prefix}/favouredParcels/${both}`, message: 'Dieses Flurstück ist bereits als belastetes Flurstück angegeben.' },
    ]);
  }
}

export interface NewSheetInput {
  sheetId: string;
  tenantId: string;
  metadata: SheetMetadata;
  file: SheetFile;
  note?: string;
  by: string;
  now: Date;
  today: string;
}

/** Version 1 of a newly registered sheet, and the head that mirrors it. */
export function newSheet(input: NewSheetInput): { sheet: EncumbranceSheet; version: SheetVersion } {
  assertMetadata(input.metadata, input.today, 'body');
  const at = input.now.toISOString();
  const version: SheetVersion = {
    ...input.metadata,
    sheetId: input.sheetId,
    tenantId: input.tenantId,
    version: 1,
    change: 'created',
    ...(input.note ? { note: input.note } : {}),
    file: input.file,
    createdAt: at,
    createdBy: input.by,
  };
  return { sheet: { ...version, registeredAt: at, registeredBy: input.by }, version };
}

function nextVersion(sheet: EncumbranceSheet, version: Omit<SheetVersion, 'sheetId' | 'tenantId' | 'version' | 'createdAt' | 'createdBy'>, by: string, now: Date) {
  const next: SheetVersion = {
    ...version,
    sheetId: sheet.sheetId,
    tenantId: sheet.tenantId,
    version: sheet.version + 1,
    createdAt: now.toISOString(),
    createdBy: by,
  };
  return { sheet: { ...next, registeredAt: sheet.registeredAt, registeredBy: sheet.registeredBy }, version: next };
}

function metadataOf(sheet: SheetMetadata): SheetMetadata {
  return {
    baulastenblatt: sheet.baulastenblatt,
    laufendeNummer: sheet.laufendeNummer,
    parcels: sheet.parcels,
    favouredParcels: sheet.favouredParcels,
    kind: sheet.kind,
    content: sheet.content,
    eintragungsdatum: sheet.eintragungsdatum,
    ...(sheet.loeschungsdatum !== undefined ? { loeschungsdatum: sheet.loeschungsdatum } : {}),
    status: sheet.status,
    ...(sheet.aktenzeichen !== undefined ? { aktenzeichen: sheet.aktenzeichen } : {}),
  };
}

/** 409 when the change was based on an older version than the current one (optimistic concurrency). */
export function assertBasedOn(sheet: EncumbranceSheet, basedOnVersion: number | undefined): void {
  if (basedOnVersion !== undefined && basedOnVersion !== sheet.version) {
    throw new SheetVersionConflict(
      `Die Baulast wurde inzwischen geändert: aktuell ist Fassung ${sheet.version}, Ihre Änderung beruht auf Fassung ${basedOnVersion}. Bitte laden Sie die Baulast neu und prüfen Sie Ihre Änderung.`,
    );
  }
}

export interface RevisionInput {
  basedOnVersion: number;
  changes: MetadataChanges;
  /** A new scan; without one the new version keeps the previous scan. */
  file?: SheetFile;
  note: string;
  by: string;
  now: Date;
  today: string;
}

/**
 * A new version with changed metadata and/or a new scan. The previous versions stay as they are. The status does not
 * change here; a deleted Baulast may still be rescanned or corrected (e.g. its Löschungsdatum), but not revived — a
 * Baulast entered again is a new entry.
 */
export function reviseSheet(sheet: EncumbranceSheet, input: RevisionInput): { sheet: EncumbranceSheet; version: SheetVersion } {
  assertBasedOn(sheet, input.basedOnVersion);
  const merged: SheetMetadata = { ...metadataOf(sheet), ...input.changes };
  if (sheet.status === 'valid' && input.changes.loeschungsdatum !== undefined) {
    throw new Unprocessable('Eine gültige Baulast hat kein Löschungsdatum. Zum Löschen bitte die Funktion „Baulast löschen“ verwenden.', [
      { field: 'body/changes/loeschungsdatum', message: 'Nur bei gelöschten Baulasten änderbar.' },
    ]);
  }
  assertMetadata(merged, input.today, 'body/changes');
  const changed = JSON.stringify(merged) !== JSON.stringify(metadataOf(sheet));
  if (!changed && !input.file) {
    throw new Unprocessable('Die neue Fassung ändert nichts: Bitte laden Sie einen neuen Scan hoch oder ändern Sie Angaben.');
  }
  return nextVersion(
    sheet,
    { ...merged, change: 'revised', note: input.note, file: input.file ?? sheet.file, ...(sheet.deletion ? { deletion: sheet.deletion } : {}) },
    input.by,
    input.now,
  );
}

export interface DeletionInput {
  basedOnVersion?: number;
  reason: string;
  loeschungsdatum: string;
  by: string;
  now: Date;
  today: string;
}

/** The Löschung: a new version with status `deleted`, the Löschungsdatum and who deleted it why. The scan stays. */
export function deleteSheet(sheet: EncumbranceSheet, input: DeletionInput): { sheet: EncumbranceSheet; version: SheetVersion } {
  if (sheet.status === 'deleted') {
    throw new SheetAlreadyDeleted(`Die Baulast ist bereits gelöscht (Löschungsdatum ${sheet.loeschungsdatum ?? 'unbekannt'}).`);
  }
  assertBasedOn(sheet, input.basedOnVersion);
  const merged: SheetMetadata = { ...metadataOf(sheet), status: 'deleted', loeschungsdatum: input.loeschungsdatum };
  assertDates(merged, input.today, 'body');
  const at = input.now.toISOString();
  return nextVersion(
    sheet,
    { ...merged, change: 'deleted', note: input.reason, file: sheet.file, deletion: { reason: input.reason, at, by: input.by } },
    input.by,
    input.now,
  );
}

/** Parcels whose index entry a new version removes (no longer burdened by this Baulast). */
export function removedParcels(previous: readonly Parcel[], next: readonly Parcel[]): Parcel[] {
  const kept = new Set(next.map(parcelKey));
  return previous.filter((parcel) => !kept.has(parcelKey(parcel)));
}

// Views ----------------------------------------------------------------------------------------------------------------

export function parcelView(parcel: Parcel) {
  return { ...parcel, label: parcelLabel(parcel), flurstueckskennzeichen: flurstueckskennzeichen(parcel) };
}

function fileView(file: SheetFile) {
  const { key: _key, ...visible } = file;
  return visible;
}

/** A version as staff see it: labels added, the S3 key and the tenant left out. */
export function versionView(version: SheetVersion) {
  const { tenantId: _tenant, file, parcels, favouredParcels, ...rest } = version;
  return {
    ...rest,
    kindLabel: ENCUMBRANCE_KINDS[version.kind],
    statusLabel: STATUS_LABELS[version.status],
    parcels: parcels.map(parcelView),
    favouredParcels: favouredParcels.map(parcelView),
    file: fileView(file),
  };
}

export function sheetView(sheet: EncumbranceSheet) {
  return versionView(sheet);
}

/** The summary the parcel index carries, so that a search answers without reading every sheet. */
export interface SheetSummary {
  sheetId: string;
  baulastenblatt: string;
  laufendeNummer: number;
  kind: EncumbranceKind;
  content: string;
  status: SheetStatus;
  eintragungsdatum: string;
  loeschungsdatum?: string;
  version: number;
}

export function sheetSummary(sheet: EncumbranceSheet): SheetSummary {
  return {
    sheetId: sheet.sheetId,
    baulastenblatt: sheet.baulastenblatt,
    laufendeNummer: sheet.laufendeNummer,
    kind: sheet.kind,
    content: sheet.content,
    status: sheet.status,
    eintragungsdatum: sheet.eintragungsdatum,
    ...(sheet.loeschungsdatum !== undefined ? { loeschungsdatum: sheet.loeschungsdatum } : {}),
    version: sheet.version,
  };
}

export function summaryView(summary: SheetSummary) {
  return { ...summary, kindLabel: ENCUMBRANCE_KINDS[summary.kind], statusLabel: STATUS_LABELS[summary.status] };
}
