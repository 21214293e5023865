/**
 * The id of a permit's PDF — one per permit — and back. Pure and browser-safe: the status page of an application
 * offers the renewal of the permit its document belongs to.
 */
const PREFIX = 'bpa-';

export function permitDocumentId(permitId: string): string {
  return `${PREFIX}${permitId}`;
}

/** The permit a document id names, or undefined for any other document. */
export function permitIdOfDocument(documentId: string): string | undefined {
  return documentId.startsWith(PREFIX) && documentId.length > PREFIX.length ? documentId.slice(PREFIX.length) : undefined;
}
