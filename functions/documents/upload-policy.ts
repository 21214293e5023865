/**
 * What citizens may upload as proof (Nachweis): PDF, JPEG or PNG up to 10 MB. Pure functions, no AWS.
 */
import type { FieldError } from '#core/problem';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Allowed types with their file name extensions (the first is the one appended when a name has none of them). */
export const UPLOAD_TYPES = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
} as const;
export type UploadContentType = keyof typeof UPLOAD_TYPES;

export function isUploadContentType(value: string): value is UploadContentType {
  return Object.hasOwn(UPLOAD_TYPES, value);
}

/** The first bytes of each type (checked after the upload, so a renamed executable is not accepted as a PDF). */
const MAGIC: Record<UploadContentType, readonly number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

export const MAGIC_BYTES_NEEDED = 8;

export function matchesMagicBytes(contentType: UploadContentType, head: Uint8Array): boolean {
  return MAGIC[contentType].every((byte, index) => head[index] === byte);
}

/** German field errors for a declared upload; empty when it is acceptable. */
export function uploadPolicyErrors(input: { contentType: string; sizeBytes: number }): FieldError[] {
  const errors: FieldError[] = [];
  if (!isUploadContentType(input.contentType)) {
    errors.push({ field: 'body/contentType', message: 'Dieses Dateiformat wird nicht angenommen. Erlaubt sind PDF, JPEG und PNG.' });
  }
  if (input.sizeBytes > MAX_UPLOAD_BYTES) {
    errors.push({ field: 'body/sizeBytes', message: 'Die Datei ist größer als 10 MB. Bitte verkleinern Sie sie oder laden Sie sie als PDF mit geringerer Auflösung hoch.' });
  }
  return errors;
}

const MAX_NAME_LENGTH = 100;

/**
 * A file name that is safe in an S3 key, a Content-Disposition header and on every file system: the last path
 * segment only, Unicode NFC, letters/digits/space/`._-()` kept (umlauts too), everything else `_`, no leading dots,
 * at most 100 characters, and an extension that fits the content type.
 */
export function sanitizeFileName(fileName: string, contentType: UploadContentType): string {
  const extensions: readonly string[] = UPLOAD_TYPES[contentType];
  const lastSegment = fileName.split(/[\\/]/).pop() ?? '';
  let name = lastSegment
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/_+/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  let stem = dot > 0 && extensions.includes(extension) ? name.slice(0, dot) : name;
  const suffix = extensions.includes(extension) ? extension : extensions[0]!;
  stem = stem.slice(0, MAX_NAME_LENGTH - suffix.length - 1).replace(/[\s.]+$/, '');
  name = `${stem || 'Nachweis'}.${suffix}`;
  return name;
}
