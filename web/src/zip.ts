/**
 * The text files of a ZIP archive, read in the browser — what a tenant admin gets when they compress a course folder
 * ("Senden an → ZIP-komprimierter Ordner"). No library: the central directory, and for each entry either the stored
 * bytes or the browser's own `DecompressionStream('deflate-raw')`. Names are relative to the course folder: a single
 * top folder that holds everything (the folder that was compressed) is taken off; folders, macOS metadata
 * (`__MACOSX/`, `.DS_Store`) and hidden files are skipped.
 *
 * Limits against archives that are not what they claim (a "ZIP bomb"): at most `MAX_FILES` files and `MAX_BYTES`
 * unpacked in all, checked on the declared sizes and again on what actually came out.
 */
export const MAX_FILES = 40;
export const MAX_BYTES = 1_000_000;

export class ZipError extends Error {
  override readonly name = 'ZipError';
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function endOfCentralDirectory(view: DataView): number {
  for (let offset = view.byteLength - 22; offset >= Math.max(0, view.byteLength - 22 - 0xffff); offset -= 1) {
    if (view.getUint32(offset, true) === EOCD) return offset;
  }
  throw new ZipError('Die Datei ist kein ZIP-Archiv.');
}

/** Inflates at most `limit` bytes: an entry that unpacks to more than it declared stops there (and is refused). */
async function inflate(bytes: Uint8Array<ArrayBuffer>, limit: number): Promise<Uint8Array> {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      throw new ZipError('Das ZIP-Archiv ist beschädigt.');
    }
    chunks.push(value);
  }
  const result = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    result.set(chunk, at);
    at += chunk.length;
  }
  return result;
}

function skipped(name: string): boolean {
  return name.endsWith('/') || name.split('/').some((part) => part.startsWith('.') || part === '__MACOSX');
}

/** The files of the archive by their path (relative to the compressed folder), decoded as UTF-8 text. */
export async function unzipText(data: ArrayBuffer): Promise<Map<string, string>> {
  const view = new DataView(data);
  const bytes = new Uint8Array(data);
  const end = endOfCentralDirectory(view);
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const names = new TextDecoder();
  const text = new TextDecoder('utf-8', { fatal: true });
  const files = new Map<string, string>();
  let total = 0;
  for (let entry = 0; entry < count; entry += 1) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL) throw new ZipError('Das ZIP-Archiv ist beschädigt.');
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const next = offset + 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    const local = view.getUint32(offset + 42, true);
    const name = names.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)).replaceAll('\\', '/');
    offset = next;
    if (skipped(name)) continue;
    if (files.size >= MAX_FILES) throw new ZipError(`Das Archiv enthält mehr als ${MAX_FILES} Dateien.`);
    total += size;
    if (total > MAX_BYTES) throw new ZipError(`Das Archiv ist entpackt größer als ${MAX_BYTES / 1_000_000} MB.`);
    if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL) throw new ZipError('Das ZIP-Archiv ist beschädigt.');
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.slice(start, start + compressedSize);
    let content: Uint8Array;
    if (method === 0) content = raw;
    else if (method === 8) content = await inflate(raw, size);
    else throw new ZipError(`„${name}“ ist mit einem Verfahren gepackt, das hier nicht gelesen werden kann. Bitte als gewöhnliches ZIP speichern.`);
    if (content.length !== size) throw new ZipError('Das ZIP-Archiv ist beschädigt.');
    try {
      files.set(name, text.decode(content));
    } catch {
      throw new ZipError(`„${name}“ ist keine UTF-8-Textdatei.`);
    }
  }
  return withoutTopFolder(files);
}

/** `kurs/course.yaml`, `kurs/lessons/…` → `course.yaml`, `lessons/…` when one folder holds everything. */
function withoutTopFolder(files: Map<string, string>): Map<string, string> {
  const tops = new Set([...files.keys()].map((name) => (name.includes('/') ? name.slice(0, name.indexOf('/') + 1) : '')));
  const [top] = tops;
  if (tops.size !== 1 || !top) return files;
  return new Map([...files].map(([name, content]) => [name.slice(top.length), content]));
}
