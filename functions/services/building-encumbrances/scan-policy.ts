/**
 * What staff may upload as the scan of a Baulastenblatt: PDF, TIFF, PNG or JPEG up to 50 MB. Pure functions, no AWS.
 *
 * The documents capability's upload policy (`POST /uploads`) is for citizens' proofs and takes no TIFF; scanned
 * registers are commonly archived as TIFF (bitonal, CCITT G4) or PDF/A, and multi-page colour scans at 300 dpi are
 * larger than a proof, hence this policy of its own.
 */
import type { FieldError } from '#core/problem';

export const MAX_SCAN_BYTES = 50 * 1024 * 1024;

/** Allowed types with their file name extensions (the first is appended when a name has none of them). */
export const SCAN_TYPES = {
  'application/pdf': ['pdf'],
  'image/tiff': ['tif', 'tiff'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
} as const;
export type ScanContentType = keyof typeof SCAN_TYPES;

export function isScanContentType(value: string): value is ScanContentType {
  return Object.hasOwn(SCAN_TYPES, value);
}

/**
 * The first bytes of each type, checked after the upload so that a renamed file of another kind is refused. TIFF has
 * two byte orders (`II*\0`, `MM\0*`) and BigTIFF (`II+\0`, `MM\0+`).
 */
const MAGIC: Record<ScanContentType, ReadonlyArray<readonly number[]>> = {
  'application/pdf': [[0x25, 0x50, 0x44, 0x46, 0x2d]],
  'image/tiff': [
    [0x49, 0x49, 0x2a, 0x00],
    [0x4d, 0x4d, 0x00, 0x2a],
    [0x49, 0x49, 0x2b, 0x00],
    [0x4d, 0x4d, 0x00, 0x2b],
  ],
  'image/png': [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  'image/jpeg': [[0xff, 0xd8, 0xff]],
};

export const SCAN_MAGIC_BYTES_NEEDED = 8;

export function scanMatchesMagicBytes(contentType: ScanContentType, head: Uint8Array): boolean {
  return MAGIC[contentType].some((magic) => magic.every((byte, index) => head[index] === byte));
}

/** German field errors for a declared scan; empty when it is acceptable. */
export function scanPolicyErrors(input: { contentType: string; sizeBytes: number }): FieldError[] {
  const errors: FieldError[] = [];
  if (!isScanContentType(input.contentType.toLowerCase())) {
    errors.push({
      field: 'body/contentType',
      message: `Das Dateiformat „${input.contentType}“ wird für Scans von Baulastenblättern nicht angenommen. Erlaubt sind PDF (application/pdf), TIFF (image/tiff), PNG (image/png) und JPEG (image/jpeg).`,
    });
  }
  if (input.sizeBytes > MAX_SCAN_BYTES) {
    errors.push({
      field: 'body/sizeBytes',
      message: `Die Datei ist mit ${(input.sizeBytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB größer als 50 MB. Bitte scannen Sie mit geringerer Auflösung oder als Schwarz-Weiß-TIFF (CCITT G4).`,
    });
  }
  return errors;
}

const MAX_NAME_LENGTH = 100;

/**
 * A file name that is safe in an S3 key, a Content-Disposition header and on every file system: the last path segment
 * only, NFC, letters/digits/space/`._-()` kept, everything else `_`, at most 100 characters, an extension that fits.
 */
export function scanFileName(fileName: string, contentType: ScanContentType): string {
  const extensions: readonly string[] = SCAN_TYPES[contentType];
  const lastSegment = fileName.split(/[\\/]/).pop() ?? '';
  const name = lastSegment
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/_+/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const known = extensions.includes(extension);
  const suffix = known ? extension : extensions[0]!;
  const stem = (known ? name.slice(0, dot) : name).slice(0, MAX_NAME_LENGTH - suffix.length - 1).replace(/[\s.]+$/, '');
  return `${stem || 'Baulastenblatt'}.${suffix}`;
}

/** The extension used in the S3 key of a stored version. */
export function scanExtension(contentType: ScanContentType): string {
  return SCAN_TYPES[contentType][0];
}
