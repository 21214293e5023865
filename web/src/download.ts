/**
 * Saves an answer of the API as a file, the way a download link would: exports and reports need the bearer token, so
 * no plain link. Text read from an answer has lost its byte order mark, which German spreadsheets need to read UTF-8
 * CSV: it is put back.
 */
export function saveFile(data: string | Blob, fileName: string, type: string): void {
  const blob = typeof data === 'string' ? new Blob([data.startsWith('\uFEFF') ? data : `\uFEFF${data}`], { type }) : data;
  const url = URL.createObjectURL(blob);
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
