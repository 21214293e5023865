import { createContext } from 'preact';
import type { FormPresentation } from '#functions/services/presentation';
import type { Json, JsonObject, JsonSchema } from './json-schema.ts';

/** A file the person uploaded for a field: shown by name, kept with the draft. */
export interface UploadedFile {
  fileName: string;
  sizeBytes: number;
}

/** What every field of a rendered form reads and changes. */
export interface FormContextValue {
  serviceId: string;
  schema: JsonSchema;
  presentation: FormPresentation;
  value: JsonObject;
  errors: Record<string, string>;
  set(path: string, next: Json | undefined): void;
  files: Record<string, UploadedFile>;
  setFile(path: string, file: UploadedFile | undefined): void;
  /** Tells screen-reader users what changed (an item added or removed, an upload's progress). */
  announce(message: string): void;
  /** The address of a step of this form (for links such as "Anschrift ändern"). */
  stepHref(stepId: string): string;
}

export const FormContext = createContext<FormContextValue | undefined>(undefined);
