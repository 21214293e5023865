/**
 * RFC 9457 problem details. User-facing text (title, detail, field messages) is German.
 *
 * Domain code throws `DomainError`s (named, with a German message); the HTTP error middleware is the one place that
 * maps them to a status. `HttpProblem` is for conditions that only exist at the HTTP edge (bad JSON, 413, 401…).
 */
export interface FieldError {
  /** JSON pointer-like path of the failing field, e.g. `body/contact/email`. */
  readonly field: string;
  readonly message: string;
}

export type ProblemKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'gone'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unprocessable'
  | 'request-header-fields-too-large'
  | 'internal';

export const PROBLEM_KINDS: Record<ProblemKind, { status: number; title: string }> = {
  'bad-request': { status: 400, title: 'Ungültige Anfrage' },
  unauthorized: { status: 401, title: 'Anmeldung erforderlich' },
  forbidden: { status: 403, title: 'Keine Berechtigung' },
  'not-found': { status: 404, title: 'Nicht gefunden' },
  conflict: { status: 409, title: 'Konflikt mit dem aktuellen Zustand' },
  gone: { status: 410, title: 'Nicht mehr vorhanden' },
  'payload-too-large': { status: 413, title: 'Anfrage zu groß' },
  'unsupported-media-type': { status: 415, title: 'Nicht unterstütztes Format' },
  unprocessable: { status: 422, title: 'Anfrage kann nicht verarbeitet werden' },
  'request-header-fields-too-large': { status: 431, title: 'Kopfzeilen zu groß' },
  internal: { status: 500, title: 'Interner Fehler' },
};

/** Base of every named domain error. The message is the German detail shown to the user. */
export abstract class DomainError extends Error {
  abstract readonly kind: ProblemKind;
  readonly errors?: readonly FieldError[];

  constructor(detail: string, errors?: readonly FieldError[]) {
    super(detail);
    this.name = new.target.name;
    if (errors) this.errors = errors;
  }
}

export class HttpProblem extends DomainError {
  readonly kind: ProblemKind;

  constructor(kind: ProblemKind, detail: string, errors?: readonly FieldError[]) {
    super(detail, errors);
    this.kind = kind;
  }
}

export class NotFound extends DomainError {
  readonly kind = 'not-found';
}

export class Conflict extends DomainError {
  readonly kind = 'conflict';
}

/** Something that existed and was deleted on purpose (e.g. an expired draft): the client may tell the user so. */
export class Gone extends DomainError {
  readonly kind = 'gone';
}

export class Unprocessable extends DomainError {
  readonly kind = 'unprocessable';
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: readonly FieldError[];
}

export function problemDocument(
  kind: ProblemKind,
  detail: string,
  extra: { instance?: string; requestId?: string; errors?: readonly FieldError[] } = {},
): ProblemDocument {
  const { status, title } = PROBLEM_KINDS[kind];
  return {
    type: `https://openkreis.de/probleme/${kind}`,
    title,
    status,
    detail,
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(extra.requestId ? { requestId: extra.requestId } : {}),
    ...(extra.errors && extra.errors.length > 0 ? { errors: extra.errors } : {}),
  };
}
