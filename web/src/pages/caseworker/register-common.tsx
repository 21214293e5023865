import type { TrailEntryView } from '#functions/audit/views';
import { scanUploadSchema } from '#functions/services/building-encumbrances/schemas';
import { MAX_SCAN_BYTES, scanPolicyErrors } from '#functions/services/building-encumbrances/scan-policy';
import type { SheetStatus, sheetView, versionView } from '#functions/services/building-encumbrances/sheet';
import { ApiProblem, api } from '../../api/client.ts';
import { check } from '../../api/validate.ts';
import { Badge } from '../../components/data.tsx';
import { FieldError, Hint } from '../../components/fields.tsx';

/** What the register's API answers, typed from the server's own view functions. */
export type VersionView = ReturnType<typeof versionView>;
export type SheetWithVersions = ReturnType<typeof sheetView> & { versions: VersionView[] };
export type AccessEntry = TrailEntryView;

export function SheetStatusBadge({ status, label }: { status: SheetStatus; label: string }) {
  return <Badge kind={status === 'valid' ? 'info' : 'warning'}>{label}</Badge>;
}

export const SCAN_RULES = `PDF, TIFF, PNG oder JPEG, höchstens ${MAX_SCAN_BYTES / 1024 / 1024} MB.`;

/** A file chooser in KERN's field markup: label, the file rules as hint, the error tied to the control, upload progress. */
export function ScanField({ id, label, error, progress, onChoose, optional }: { id: string; label: string; error?: string | undefined; progress?: number | undefined; onChoose: (file: File | undefined) => void; optional?: boolean }) {
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>
        {label}
        {optional && <span class="kern-label__optional"> – optional</span>}
      </label>
      <Hint id={id}>{SCAN_RULES}</Hint>
      <FieldError id={id} message={error} />
      <input
        class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        id={id}
        name={id}
        type="file"
        accept="application/pdf,image/tiff,image/png,image/jpeg,.pdf,.tif,.tiff,.png,.jpg,.jpeg"
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
        aria-invalid={error ? 'true' : undefined}
        onChange={(event) => onChoose(event.currentTarget.files?.[0])}
      />
      {progress !== undefined && (
        <div class="kern-progress">
          <label class="kern-label kern-label--small" for={`${id}-progress`}>
            Hochladen: {progress} %
          </label>
          <progress id={`${id}-progress`} max={100} value={progress} />
        </div>
      )}
    </div>
  );
}

/** The upload was refused or failed: the message belongs at the file field. */
export class ScanUploadFailed extends Error {}

/** The type a browser reports, or the one its name says (browsers often report TIFF as empty). */
function contentTypeOf(file: File): string {
  if (file.type) return file.type;
  const extension = file.name.split('.').pop()?.toLowerCase();
  return extension === 'tif' || extension === 'tiff' ? 'image/tiff' : extension === 'pdf' ? 'application/pdf' : 'application/octet-stream';
}

/**
 * Uploads a scan the way the register takes it: the rules checked first (the server's policy and schema, so the
 * messages are the server's), then a presigned upload (`POST /baulasten/uploads`), then the file straight to the
 * documents bucket with progress. Answers the upload id that a new sheet or version names.
 */
export async function uploadScan(file: File, onProgress: (percent: number) => void): Promise<string> {
  const request = { fileName: file.name, contentType: contentTypeOf(file), sizeBytes: file.size };
  const policy = scanPolicyErrors(request);
  if (policy.length > 0) throw new ScanUploadFailed(policy.map((error) => error.message).join(' '));
  const checked = check(scanUploadSchema, request);
  if (!checked.ok) throw new ScanUploadFailed(Object.values(checked.errors).join(' '));
  let upload: { uploadId: string; url: string; method: 'PUT'; headers: Record<string, string> };
  try {
    upload = (await api<typeof upload>('POST', '/baulasten/uploads', { body: checked.data })).body;
  } catch (error) {
    if (error instanceof ApiProblem && error.errors.length > 0) throw new ScanUploadFailed(error.errors.map((field) => field.message).join(' '));
    throw error;
  }
  await new Promise<void>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, upload.url);
    for (const [name, value] of Object.entries(upload.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(Math.round((event.loaded / event.total) * 100));
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new ScanUploadFailed(`Der Scan konnte nicht hochgeladen werden (Status ${xhr.status}). Bitte versuchen Sie es erneut.`)));
    xhr.onerror = () => reject(new ScanUploadFailed('Der Scan konnte nicht hochgeladen werden: keine Verbindung zum Dokumentenspeicher. Ihre Eingaben sind erhalten; bitte versuchen Sie es erneut.'));
    xhr.send(file);
  });
  onProgress(100);
  return upload.uploadId;
}
