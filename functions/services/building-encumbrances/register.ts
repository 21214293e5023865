/**
 * Use cases of the register for the handlers: they combine the pure domain (parcel, sheet, access) with the store.
 * S3 stays out of this module (see `scans.ts`), so handlers without the documents bucket can import it.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Unprocessable, type FieldError } from '#core/problem';
import { normaliseGemarkungName, parseGemarkung, resolveGemarkung, type GemarkungEntry, type Parcel, type ParcelInput } from './parcel.ts';
import type { RegisterParcelInput } from './schemas.ts';
import { gemarkungDirectory, sheetsOfParcel } from './store.ts';
import type { SheetSummary } from './sheet.ts';

/**
 * Resolves parcels as staff register them: a Gemarkung name must be known to the directory; a number may come with its
 * name (then recorded), or without (then the directory's name, if any, is used). One number with two names in the same
 * request is refused.
 */
export function resolveRegisterParcels(inputs: readonly RegisterParcelInput[], directory: readonly GemarkungEntry[], path: string): { parcels: Parcel[]; errors: FieldError[] } {
  const parcels: Parcel[] = [];
  const errors: FieldError[] = [];
  inputs.forEach((input, index) => {
    const parsed = parseGemarkung(input.gemarkung);
    if (!parsed.ok) {
      errors.push({ field: `${path}/${index}/gemarkung`, message: parsed.message });
      return;
    }
    const resolution = resolveGemarkung(parsed.ref, directory);
    if (!resolution.ok) {
      errors.push({ field: `${path}/${index}/gemarkung`, message: resolution.message });
      return;
    }
    const name = input.gemarkungName ?? resolution.name;
    parcels.push({ gemarkung: resolution.number, ...(name ? { gemarkungName: name } : {}), flur: input.flur, flurstueck: input.flurstueck });
  });
  return { parcels, errors };
}

function namesConsistent(parcels: readonly Parcel[], path: string): FieldError[] {
  const names = new Map<string, string>();
  const errors: FieldError[] = [];
  parcels.forEach((parcel, index) => {
    if (!parcel.gemarkungName) return;
    const known = names.get(parcel.gemarkung);
    if (known !== undefined && normaliseGemarkungName(known) !== normaliseGemarkungName(parcel.gemarkungName)) {
      errors.push({ field: `${path}/${index}/gemarkungName`, message: `Die Gemarkung ${parcel.gemarkung} heißt in dieser Anfrage einmal „${known}“ und einmal „${parcel.gemarkungName}“.` });
    }
    names.set(parcel.gemarkung, parcel.gemarkungName);
  });
  return errors;
}

/** Burdened and favoured parcels of a registration or revision, resolved; throws a 422 naming every failing field. */
export async function resolveSheetParcels(
  db: DynamoDBDocumentClient,
  tenantId: string,
  input: { parcels?: readonly RegisterParcelInput[]; favouredParcels?: readonly RegisterParcelInput[] },
  prefix: string,
): Promise<{ parcels?: Parcel[]; favouredParcels?: Parcel[] }> {
  if (!input.parcels && !input.favouredParcels) return {};
  const directory = await gemarkungDirectory(db, tenantId);
  const burdened = input.parcels ? resolveRegisterParcels(input.parcels, directory, `${prefix}/parcels`) : undefined;
  const favoured = input.favouredParcels ? resolveRegisterParcels(input.favouredParcels, directory, `${prefix}/favouredParcels`) : undefined;
  const errors = [...(burdened?.errors ?? []), ...(favoured?.errors ?? [])];
  if (errors.length === 0) {
    const all = [...(burdened?.parcels ?? []), ...(favoured?.parcels ?? [])];
    errors.push(...namesConsistent(all, `${prefix}/parcels`));
  }
  if (errors.length > 0) throw new Unprocessable('Mindestens ein Flurstück konnte nicht zugeordnet werden: ' + errors.map((error) => error.message).join(' '), errors);
  return { ...(burdened ? { parcels: burdened.parcels } : {}), ...(favoured ? { favouredParcels: favoured.parcels } : {}) };
}

/** A search parcel: the Gemarkung may be a name the directory knows; unknown names are a 422, not an empty answer. */
export async function resolveSearchParcel(db: DynamoDBDocumentClient, tenantId: string, input: ParcelInput): Promise<Parcel> {
  const parsed = parseGemarkung(input.gemarkung);
  if (!parsed.ok) throw new Unprocessable(parsed.message, [{ field: 'query/gemarkung', message: parsed.message }]);
  // Read for numbers too: the answer names the Gemarkung.
  const directory = await gemarkungDirectory(db, tenantId);
  const resolution = resolveGemarkung(parsed.ref, directory);
  if (!resolution.ok) throw new Unprocessable(resolution.message, [{ field: 'query/gemarkung', message: resolution.message }]);
  return { gemarkung: resolution.number, ...(resolution.name ? { gemarkungName: resolution.name } : {}), flur: input.flur, flurstueck: input.flurstueck };
}

/** The sheets of a parcel, optionally of one status, by sheet number. */
export async function searchParcel(db: DynamoDBDocumentClient, tenantId: string, parcel: Parcel, status?: SheetSummary['status']): Promise<SheetSummary[]> {
  const summaries = await sheetsOfParcel(db, tenantId, parcel);
  return status ? summaries.filter((summary) => summary.status === status) : summaries;
}
