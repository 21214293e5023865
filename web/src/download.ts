/**
 * Saves a text the server answered (a CSV export) as a file, the way a download link would: exports need the bearer
 * token, so no plain link. Reading the answer as text dropped its byte order mark, which German spreadsheets need to
 * read UTF-8: it is put back.
 */
export function saveText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text.startsWith('\uFEFF') ? text : `\uFEFF${text}`], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The file name of a `content-disposition: attachment; filename="…"` answer. */
export function attachmentName(headers: Headers, fallback: string): string {
  return /filename="([^"]+)"/.exec(headers.get('content-disposition') ?? '')?.[1] ?? fallback;
}
