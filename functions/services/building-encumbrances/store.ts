/**
 * Register store — the only code that talks to DynamoDB about the Baulastenverzeichnis.
 *
 * Items (PK / SK) and access patterns:
 * - sheet head:     `<t>#BL-SHEET#<sheetId>` / `HEAD`              the current state (a copy of the latest version)
 * - sheet version:  `<t>#BL-SHEET#<sheetId>` / `V#<000001>`        immutable; written once (`attribute_not_exists`)
 *                   all versions of a sheet: Query PK, begins_with `V#`
 * - parcel index:   `<t>#BL-SHEET#<sheetId>` / `PARCEL#<nr>#<flur>#<flurstück>`, one per burdened parcel, with a summary
 *                   GSI1 `<t>#PARCEL#<gemarkungsnr>#<flur>#<flurstück>` / `<blatt>#<lfd. Nr.>#<sheetId>`
 *                   → the sheets of a parcel (search, extract): one GSI query, no Scan
 * - sheet number:   `<t>#BL-SHEETNO#<blatt>#<lfd. Nr.>` / `LOCK`    one sheet per Baulastenblatt entry
 * - scan upload:    `<t>#BL-UPLOAD#<uploadId>` / `UPLOAD`          TTL `expiresAt` (24 h) until a version uses it
 * - Gemarkungen:    `<t>#BL-GEMARKUNG` / `NR#<gemarkungsnr>`        number → official name (resolves names in
 *                   searches and requests); one small partition per tenant, read with one Query
 *
 * Every registration, new version and deletion is one transaction: head (conditional on the version read), the new
 * version (conditional on not existing), the parcel index, the scan upload (conditional on being unused and the
 * caller's) and the Gemarkung names (conditional on not contradicting the directory). Nothing is half-written, and
 * nothing is overwritten: a version item is never put twice.
 *
 * Functions take the document client: handlers pass `tableFor(caller.tenantId)`, workflow steps `tableFor(tenantId)`
 * of the application's tenant.
 */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { assertCursorInScope } from '#core/pagination';
import { Conflict, NotFound } from '#core/problem';
import { normaliseGemarkungName, parcelKey, type GemarkungEntry, type Parcel } from './parcel.ts';
import type { ScanContentType } from './scan-policy.ts';
import { SheetVersionConflict, removedParcels, sheetSummary, type EncumbranceSheet, type SheetSummary, type SheetVersion } from './sheet.ts';

export class SheetNotFound extends NotFound {}
export class SheetNumberTaken extends Conflict {}
export class ScanAlreadyUsed extends Conflict {}
export class GemarkungNameConflict extends Conflict {}

export function sheetNumberTaken(baulastenblatt: string, laufendeNummer: number): SheetNumberTaken {
  return new SheetNumberTaken(
    `Baulastenblatt ${baulastenblatt}, lfd. Nr. ${laufendeNummer} ist bereits erfasst. Für einen neuen Scan oder eine Korrektur legen Sie bitte eine neue Fassung dieser Baulast an.`,
  );
}

export interface ScanUploadRecord {
  uploadId: string;
  tenantId: string;
  ownerId: string;
  fileName: string;
  contentType: ScanContentType;
  sizeBytes: number;
  /** Where the PUT goes: `<tenantId>/baulasten/uploads/<uploadId>`. */
  stagingKey: string;
  createdAt: string;
  expiresAt?: number;
  linkedAt?: string;
  linkedTo?: string;
}

const INDEX_KEYS = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'] as const;

const sheetPartition = (tenantId: string, sheetId: string) => partitionKey(tenantId, 'BL-SHEET', sheetId);
const headKey = (tenantId: string, sheetId: string) => ({ PK: sheetPartition(tenantId, sheetId), SK: 'HEAD' });
const versionSortKey = (version: number) => `V#${String(version).padStart(6, '0')}`;
const versionKey = (tenantId: string, sheetId: string, version: number) => ({ PK: sheetPartition(tenantId, sheetId), SK: versionSortKey(version) });
const parcelItemKey = (tenantId: string, sheetId: string, parcel: Parcel) => ({ PK: sheetPartition(tenantId, sheetId), SK: `PARCEL#${parcelKey(parcel)}` });
const sheetNumberKey = (tenantId: string, baulastenblatt: string, laufendeNummer: number) => ({
  PK: partitionKey(tenantId, 'BL-SHEETNO', baulastenblatt, String(laufendeNummer)),
  SK: 'LOCK',
});
const uploadKey = (tenantId: string, uploadId: string) => ({ PK: partitionKey(tenantId, 'BL-UPLOAD', uploadId), SK: 'UPLOAD' });
const gemarkungPartition = (tenantId: string) => partitionKey(tenantId, 'BL-GEMARKUNG');
const gemarkungKey = (tenantId: string, number: string) => ({ PK: gemarkungPartition(tenantId), SK: `NR#${number}` });

/** The GSI1 partition of a parcel: `<t>#PARCEL#<gemarkungsnr>#<flur>#<flurstück>`. */
export function parcelPartition(tenantId: string, parcel: Pick<Parcel, 'gemarkung' | 'flur' | 'flurstueck'>): string {
  return partitionKey(tenantId, 'PARCEL', parcel.gemarkung, parcel.flur, parcel.flurstueck);
}

function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const rest = { ...item };
  for (const key of INDEX_KEYS) delete rest[key];
  return rest as T;
}

function cancellationCodes(error: unknown): Array<string | undefined> {
  return ((error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? []).map((reason) => reason.Code);
}

// Scan uploads ---------------------------------------------------------------------------------------------------------

export async function saveScanUpload(db: DynamoDBDocumentClient, record: ScanUploadRecord): Promise<void> {
  await db.send(
    new PutCommand({ TableName: TABLE_NAME, Item: { ...uploadKey(record.tenantId, record.uploadId), ...record }, ConditionExpression: 'attribute_not_exists(PK)' }),
  );
}

export async function findScanUpload(db: DynamoDBDocumentClient, tenantId: string, uploadId: string): Promise<ScanUploadRecord | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: uploadKey(tenantId, uploadId), ConsistentRead: true }));
  return strip<ScanUploadRecord>(result.Item);
}

// Writes ---------------------------------------------------------------------------------------------------------------

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];
type Step = { item: TransactItem; onConditionFailure?: () => Error };

function indexItem(sheet: EncumbranceSheet, parcel: Parcel) {
  return {
    ...parcelItemKey(sheet.tenantId, sheet.sheetId, parcel),
    GSI1PK: parcelPartition(sheet.tenantId, parcel),
    GSI1SK: `${sheet.baulastenblatt}#${String(sheet.laufendeNummer).padStart(3, '0')}#${sheet.sheetId}`,
    parcel,
    ...sheetSummary(sheet),
  };
}

function uploadLinkStep(tenantId: string, scan: { uploadId: string; ownerId: string }, linkedTo: string, at: string): Step {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: uploadKey(tenantId, scan.uploadId),
        UpdateExpression: 'SET linkedAt = :at, linkedTo = :to REMOVE expiresAt',
        ConditionExpression: 'attribute_exists(PK) AND ownerId = :owner AND attribute_not_exists(linkedAt)',
        ExpressionAttributeValues: { ':at': at, ':to': linkedTo, ':owner': scan.ownerId },
      },
    },
    onConditionFailure: () => new ScanAlreadyUsed('Dieser Scan wurde bereits einer Baulast zugeordnet. Bitte laden Sie die Datei erneut hoch.'),
  };
}

/** Names the staff gave to Gemarkung numbers: recorded once, and never contradicted later. */
function gemarkungSteps(tenantId: string, parcels: readonly Parcel[], at: string): Step[] {
  const named = new Map<string, string>();
  for (const parcel of parcels) if (parcel.gemarkungName) named.set(parcel.gemarkung, parcel.gemarkungName);
  return [...named].map(([number, name]) => ({
    item: {
      Put: {
        TableName: TABLE_NAME,
        Item: { ...gemarkungKey(tenantId, number), number, name, normalisedName: normaliseGemarkungName(name), recordedAt: at },
        ConditionExpression: 'attribute_not_exists(PK) OR normalisedName = :normalised',
        ExpressionAttributeValues: { ':normalised': normaliseGemarkungName(name) },
      },
    },
    onConditionFailure: () =>
      new GemarkungNameConflict(
        `Die Gemarkungsnummer ${number} ist im Verzeichnis bereits unter einem anderen Namen als „${name}“ erfasst. Bitte prüfen Sie Nummer und Namen.`,
      ),
  }));
}

async function transact(db: DynamoDBDocumentClient, steps: Step[], fallback: () => Error): Promise<void> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: steps.map((step) => step.item) }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const codes = cancellationCodes(error);
    const failed = steps.find((step, index) => codes[index] === 'ConditionalCheckFailed' && step.onConditionFailure);
    throw failed?.onConditionFailure ? failed.onConditionFailure() : fallback();
  }
}

/**
 * Registers a sheet: head, version 1, the sheet-number lock, the parcel index, the scan upload marked as used and
 * the Gemarkung names, in one transaction.
 */
export async function createSheet(
  db: DynamoDBDocumentClient,
  input: { sheet: EncumbranceSheet; version: SheetVersion; scan: { uploadId: string; ownerId: string } },
): Promise<void> {
  const { sheet, version } = input;
  const steps: Step[] = [
    { item: { Put: { TableName: TABLE_NAME, Item: { ...headKey(sheet.tenantId, sheet.sheetId), ...sheet }, ConditionExpression: 'attribute_not_exists(PK)' } } },
    { item: { Put: { TableName: TABLE_NAME, Item: { ...versionKey(sheet.tenantId, sheet.sheetId, 1), ...version }, ConditionExpression: 'attribute_not_exists(PK)' } } },
    {
      item: {
        Put: {
          TableName: TABLE_NAME,
          Item: { ...sheetNumberKey(sheet.tenantId, sheet.baulastenblatt, sheet.laufendeNummer), sheetId: sheet.sheetId },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      onConditionFailure: () => sheetNumberTaken(sheet.baulastenblatt, sheet.laufendeNummer),
    },
    uploadLinkStep(sheet.tenantId, input.scan, `${sheet.sheetId}#1`, version.createdAt),
    ...sheet.parcels.map((parcel) => ({ item: { Put: { TableName: TABLE_NAME, Item: indexItem(sheet, parcel) } } })),
    ...gemarkungSteps(sheet.tenantId, [...sheet.parcels, ...sheet.favouredParcels], version.createdAt),
  ];
  await transact(db, steps, () => new Conflict('Die Baulast konnte nicht gespeichert werden, weil sich gleichzeitig etwas geändert hat. Bitte versuchen Sie es erneut.'));
}

/**
 * Appends a version: the head is replaced only if it is still at the version the change was based on; the version item
 * is new; index entries of parcels no longer burdened are removed, the others carry the new summary. With a new scan,
 * the upload is marked as used in the same transaction.
 */
export async function appendVersion(
  db: DynamoDBDocumentClient,
  input: { previous: EncumbranceSheet; sheet: EncumbranceSheet; version: SheetVersion; scan?: { uploadId: string; ownerId: string } },
): Promise<void> {
  const { previous, sheet, version } = input;
  const steps: Step[] = [
    {
      item: {
        Put: {
          TableName: TABLE_NAME,
          Item: { ...headKey(sheet.tenantId, sheet.sheetId), ...sheet },
          ConditionExpression: '#version = :previous',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':previous': previous.version },
        },
      },
      onConditionFailure: () =>
        new SheetVersionConflict('Die Baulast wurde gerade von jemand anderem geändert. Bitte laden Sie sie neu und prüfen Sie Ihre Änderung.'),
    },
    {
      item: { Put: { TableName: TABLE_NAME, Item: { ...versionKey(sheet.tenantId, sheet.sheetId, version.version), ...version }, ConditionExpression: 'attribute_not_exists(PK)' } },
      onConditionFailure: () => new SheetVersionConflict('Diese Fassung der Baulast gibt es bereits. Bitte laden Sie die Baulast neu.'),
    },
    ...removedParcels(previous.parcels, sheet.parcels).map((parcel) => ({
      item: { Delete: { TableName: TABLE_NAME, Key: parcelItemKey(sheet.tenantId, sheet.sheetId, parcel) } },
    })),
    ...sheet.parcels.map((parcel) => ({ item: { Put: { TableName: TABLE_NAME, Item: indexItem(sheet, parcel) } } })),
    ...(input.scan ? [uploadLinkStep(sheet.tenantId, input.scan, `${sheet.sheetId}#${version.version}`, version.createdAt)] : []),
    ...gemarkungSteps(sheet.tenantId, [...sheet.parcels, ...sheet.favouredParcels], version.createdAt),
  ];
  await transact(db, steps, () => new SheetVersionConflict('Die Baulast wurde gerade geändert. Bitte laden Sie sie neu.'));
}

// Reads ----------------------------------------------------------------------------------------------------------------

export async function getSheet(db: DynamoDBDocumentClient, tenantId: string, sheetId: string): Promise<EncumbranceSheet | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: headKey(tenantId, sheetId), ConsistentRead: true }));
  return strip<EncumbranceSheet>(result.Item);
}

export async function requireSheet(db: DynamoDBDocumentClient, tenantId: string, sheetId: string): Promise<EncumbranceSheet> {
  const sheet = await getSheet(db, tenantId, sheetId);
  if (!sheet) throw new SheetNotFound('Die Baulast wurde im Baulastenverzeichnis nicht gefunden.');
  return sheet;
}

export async function getVersion(db: DynamoDBDocumentClient, tenantId: string, sheetId: string, version: number): Promise<SheetVersion | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: versionKey(tenantId, sheetId, version), ConsistentRead: true }));
  return strip<SheetVersion>(result.Item);
}

/** The sheet registered under a Baulastenblatt entry, if any (checked early; the transaction guarantees it). */
export async function sheetIdOfEntry(db: DynamoDBDocumentClient, tenantId: string, baulastenblatt: string, laufendeNummer: number): Promise<string | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: sheetNumberKey(tenantId, baulastenblatt, laufendeNummer), ConsistentRead: true }));
  return result.Item ? String(result.Item.sheetId) : undefined;
}

/** Every version of a sheet, oldest first. */
export async function listVersions(db: DynamoDBDocumentClient, tenantId: string, sheetId: string): Promise<SheetVersion[]> {
  const versions: SheetVersion[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': sheetPartition(tenantId, sheetId), ':prefix': 'V#' },
        ConsistentRead: true,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    versions.push(...(result.Items ?? []).map((item) => strip<SheetVersion>(item)!));
    cursor = result.LastEvaluatedKey;
  } while (cursor);
  return versions;
}

/** A parcel's sheets as the index summarises them (eventually consistent), ordered by sheet number. */
export async function sheetsOfParcel(
  db: DynamoDBDocumentClient,
  tenantId: string,
  parcel: Pick<Parcel, 'gemarkung' | 'flur' | 'flurstueck'>,
): Promise<SheetSummary[]> {
  const summaries: SheetSummary[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': parcelPartition(tenantId, parcel) },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    for (const item of result.Items ?? []) {
      const { parcel: _parcel, ...summary } = strip<SheetSummary & { parcel: Parcel }>(item)!;
      summaries.push(summary);
    }
    cursor = result.LastEvaluatedKey;
  } while (cursor);
  return summaries;
}

/** The tenant's Gemarkung directory (number → name), as recorded with the sheets. */
export async function gemarkungDirectory(db: DynamoDBDocumentClient, tenantId: string): Promise<GemarkungEntry[]> {
  const entries: GemarkungEntry[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': gemarkungPartition(tenantId) },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    entries.push(...(result.Items ?? []).map((item) => ({ number: String(item.number), name: String(item.name) })));
    cursor = result.LastEvaluatedKey;
  } while (cursor);
  return entries;
}

