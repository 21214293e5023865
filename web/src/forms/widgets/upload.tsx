import { useState } from 'preact/hooks';
import { MAX_UPLOAD_BYTES, UPLOAD_TYPES, uploadPolicyErrors } from '#functions/documents/upload-policy';
import { api, ApiProblem, errorsByField } from '../../api/client.ts';
import { FieldError, Hint } from '../../components/fields.tsx';
import { fieldIdOf } from '../../components/feedback.tsx';
import { valueAt } from '../json-schema.ts';
import { hintOf } from '../model.ts';
import { useForm } from '../fields.tsx';

/**
 * An upload: the file rules (types, size) shown before choosing — from the upload policy the server checks with —,
 * the same check in the browser, `POST /uploads` for a presigned URL, then the file PUT straight to storage with its
 * progress shown (a progress element) and announced (a live region) in steps of a quarter. The field's value is the
 * upload id; the file's name is kept for the person to see.
 */
interface Created {
  uploadId: string;
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
}

const TYPE_NAMES: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };
export const UPLOAD_RULES = `Erlaubt sind ${Object.keys(UPLOAD_TYPES)
  .map((type) => TYPE_NAMES[type] ?? type)
  .join(', ')
  .replace(/, ([^,]*)$/, ' oder $1')}, höchstens ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`;
const ACCEPT = Object.entries(UPLOAD_TYPES)
  .flatMap(([type, extensions]) => [type, ...extensions.map((extension) => `.${extension}`)])
  .join(',');

export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** PUT with upload progress (fetch has none): resolves on 2xx, rejects with 'network' or the status. */
function put(created: Created, file: File, onProgress: (percent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(created.method, created.url);
    for (const [name, value] of Object.entries(created.headers)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onload = () => (request.status >= 200 && request.status < 300 ? resolve() : reject(new Error(String(request.status))));
    request.onerror = () => reject(new Error('network'));
    request.send(file);
  });
}

export function UploadField({ path, label, hint, optional }: { path: string; label: string; hint?: string | undefined; optional: boolean }) {
  const form = useForm();
  const id = fieldIdOf(path);
  const kind = hintOf(form.presentation.fields, path).uploadKind ?? 'proof';
  const uploaded = form.files[path];
  const current = valueAt(form.value, path);
  const [progress, setProgress] = useState<number>();
  const [problem, setProblem] = useState<string>();
  const error = problem ?? form.errors[path];

  const choose = async (file: File | undefined) => {
    setProblem(undefined);
    if (!file) return;
    // The rules the server checks, checked here first with the same module and messages.
    const refused = uploadPolicyErrors({ contentType: file.type, sizeBytes: file.size });
    if (refused.length > 0) return setProblem(refused.map((entry) => entry.message).join(' '));
    try {
      setProgress(0);
      form.announce(`${file.name} wird hochgeladen.`);
      const created = (await api<Created>('POST', '/uploads', { body: { kind, fileName: file.name, contentType: file.type, sizeBytes: file.size } })).body;
      let announced = 0;
      await put(created, file, (percent) => {
        setProgress(percent);
        const step = Math.floor(percent / 25) * 25;
        if (step > announced && step < 100) {
          announced = step;
          form.announce(`Hochgeladen: ${step} Prozent.`);
        }
      });
      form.set(path, created.uploadId);
      form.setFile(path, { fileName: file.name, sizeBytes: file.size });
      form.announce(`${file.name} ist hochgeladen.`);
    } catch (failure) {
      const fields = Object.values(errorsByField(failure));
      setProblem(
        failure instanceof ApiProblem
          ? fields.length > 0
            ? fields.join(' ')
            : failure.detail
          : 'Die Datei konnte nicht hochgeladen werden, weil keine Verbindung bestand. Ihre übrigen Eingaben sind erhalten; bitte wählen Sie die Datei noch einmal.',
      );
    } finally {
      setProgress(undefined);
    }
  };

  return (
    <div class={`kern-form-input ok-upload${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>
        {label}
        {optional && <span class="kern-label__optional"> – optional</span>}
      </label>
      <Hint id={id}>
        {hint && <>{hint} </>}
        {UPLOAD_RULES}
      </Hint>
      <FieldError id={id} message={error} />
      {uploaded && typeof current === 'string' && current !== '' && (
        <p class="kern-body ok-upload__done" id={`${id}-file`}>
          Hochgeladen: <strong>{uploaded.fileName}</strong> ({formatSize(uploaded.sizeBytes)})
        </p>
      )}
      {!uploaded && typeof current === 'string' && current !== '' && (
        <p class="kern-body ok-upload__done" id={`${id}-file`}>
          Ein Nachweis ist hochgeladen.
        </p>
      )}
      <input
        class="kern-form-input__input ok-upload__input"
        type="file"
        id={id}
        name={id}
        accept={ACCEPT}
        disabled={progress !== undefined}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : '', current ? `${id}-file` : ''].filter(Boolean).join(' ')}
        aria-invalid={error ? 'true' : undefined}
        onChange={(event) => void choose(event.currentTarget.files?.[0])}
      />
      {progress !== undefined && (
        <div class="kern-progress">
          <label class="kern-label kern-label--small" for={`${id}-progress`}>
            Fortschritt des Hochladens
          </label>
          <progress id={`${id}-progress`} max={100} value={progress}>
            {progress} %
          </progress>
        </div>
      )}
      {typeof current === 'string' && current !== '' && progress === undefined && (
        <button
          type="button"
          class="kern-btn kern-btn--tertiary kern-btn--small"
          onClick={() => {
            form.set(path, undefined);
            form.setFile(path, undefined);
            form.announce('Die Datei wurde entfernt.');
          }}
        >
          <span class="kern-label">Datei entfernen</span>
        </button>
      )}
    </div>
  );
}
