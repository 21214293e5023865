/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the one description of the system: the route table
 * (method, path, roles, summary) and every handler's `httpHandler` spec (the zod schemas the handler validates its
 * input with and the schemas of what it answers). Nothing in it is written by hand, so it cannot say something the
 * handlers do not do: `test/unit/openapi/` walks the route table against it, and the local runtime checks every
 * answer against the declared responses (`functions/core/response-check.ts`).
 *
 * Errors are problem+json (RFC 9457) from one middleware: one `Problem` schema, and per route the statuses that follow
 * from what the route is (see `problemStatuses`).
 *
 * Pure: the specs come in as a map (`specs.ts` loads them from the handler modules).
 */
import { contentOf, isNoContent, JSON_MEDIA_TYPE } from '#core/contract';
import type { HttpSpec } from '#core/http';
import type { Role } from '#core/roles';
import * as z from '#core/zod';
import { routeKey, type Route } from '#functions/routes';

type Schema = z.ZodMiniType;
export type RouteSpec = HttpSpec<Schema, Schema, Schema>;
type JsonSchema = Record<string, unknown>;

export const OPENAPI_VERSION = '3.1.0';
/** Where the API lives on the web app's origin (locally and behind CloudFront). */
export const API_SERVER_URL = '/api';
export const SECURITY_SCHEME = 'cognito';
export const ROLES_EXTENSION = 'x-openkreis-roles';
const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** RFC 9457 problem details as every error of the API is answered (`functions/core/problem.ts`). */
export const problemSchema = z.strictObject({
  type: z.string().check(z.describe('URI des Problemtyps, z. B. https://openkreis.de/probleme/not-found')),
  title: z.string().check(z.describe('Kurzer deutscher Titel der Problemart')),
  status: z.int().check(z.describe('HTTP-Status')),
  detail: z.string().check(z.describe('Was genau nicht ging, auf Deutsch – für Menschen geschrieben')),
  instance: z.optional(z.string().check(z.describe('Der aufgerufene Pfad'))),
  requestId: z.optional(z.string().check(z.describe('Kennung der Anfrage für Rückfragen (ohne personenbezogene Daten)'))),
  errors: z.optional(
    z
      .array(
        z.strictObject({
          field: z.string().check(z.describe('Pfad des Feldes: body/…, query/…, path/… oder header/…')),
          message: z.string().check(z.describe('Deutsche Meldung zu diesem Feld')),
        }),
      )
      .check(z.describe('Die Felder, die nicht stimmen, jedes mit seiner Meldung')),
  ),
});

/** The statuses of problem+json answers, with what they mean for a caller. */
const PROBLEM_STATUSES: Record<number, string> = {
  400: 'Ungültige Anfrage: Eingaben, Abfrageparameter oder JSON stimmen nicht (die Felder stehen in `errors`).',
  401: 'Anmeldung erforderlich: kein gültiges ID-Token.',
  403: 'Keine Berechtigung: Die Rolle darf das nicht, oder die Verwaltung ist deaktiviert.',
  404: 'Nicht gefunden – auch, wenn es das Objekt nur bei einer anderen Verwaltung gibt.',
  409: 'Konflikt mit dem aktuellen Zustand (z. B. schon entschieden, gerade in Bearbeitung).',
  413: 'Der Anfragetext ist zu groß (höchstens 256 KiB).',
  415: 'Der Anfragetext hat ein anderes Format als JSON (oder die angegebenen Textformate).',
  422: 'Die Anfrage ist gültig, kann aber fachlich nicht verarbeitet werden (Grund in `detail`, Felder in `errors`).',
  431: 'Die Kopfzeilen der Anfrage sind zu groß.',
  500: 'Interner Fehler; die Antwort verrät nichts Internes (die Kennung steht in `requestId`).',
};

const SUCCESS_DESCRIPTIONS: Record<number, string> = {
  200: 'OK',
  201: 'Angelegt',
  202: 'Angenommen; die Verarbeitung läuft weiter',
  204: 'Erledigt, ohne Inhalt',
  303: 'Weiter zur angegebenen Adresse',
  404: 'Nicht gefunden',
};

const ROLE_NAMES: Record<Role, string> = {
  citizen: 'Bürgerinnen und Bürger',
  business: 'Unternehmen',
  caseworker: 'Sachbearbeitung',
  enforcement: 'Ordnungsamt (Parkraumüberwachung)',
  employee: 'Beschäftigte',
  'tenant-admin': 'Administration einer Verwaltung',
  'county-admin': 'Administration des Kreises',
  'data-protection-officer': 'Datenschutzbeauftragte',
};

/** Tags per capability (the handler's folder; a service's own folder below `services/`). */
const CAPABILITIES: Record<string, { name: string; description: string }> = {
  core: { name: 'Betrieb', description: 'Erreichbarkeit der API' },
  openapi: { name: 'API-Vertrag', description: 'Dieses Dokument' },
  tenants: { name: 'Verwaltungen (Mandanten)', description: 'Onboarding, Konfiguration, öffentliches Profil, Weitergabe-Vereinbarungen' },
  services: { name: 'Online-Dienste', description: 'Der Katalog der Online-Dienste einer Verwaltung' },
  applications: { name: 'Anträge', description: 'Einreichen, Status, Rückzug, Posteingang und Entscheidung der Sachbearbeitung' },
  documents: { name: 'Dokumente', description: 'Hochladen von Nachweisen, Herunterladen von Bescheiden, öffentliche Prüfung' },
  payments: { name: 'Zahlungen', description: 'Bestätigung des Zahlungsanbieters und die Test-Kasse (nur Entwicklung)' },
  'resident-parking': { name: 'Bewohnerparken', description: 'Parkausweise: Kontrolle, Widerruf, Verlängerung' },
  business: { name: 'Gewerbeanzeigen', description: 'Weiterleitung an die Stellen nach § 3 GewAnzV' },
  'address-change': { name: 'Ummeldung und Zulassung', description: 'Status der Ummeldung, Aufgaben der Zulassungsstelle' },
  'building-encumbrances': { name: 'Baulasten', description: 'Baulastenverzeichnis mit Zugriffsprotokoll' },
  training: { name: 'Fortbildung', description: 'Kurse, Fortschritt, Quiz, Zertifikate, Regeln und Berichte' },
};

export function capabilityOf(handler: string): string {
  const parts = handler.split('/');
  return parts[0] === 'services' && parts.length > 2 ? parts[1]! : parts[0]!;
}

export function tagOf(handler: string): string {
  const capability = capabilityOf(handler);
  return CAPABILITIES[capability]?.name ?? capability;
}

/** `applications/get-application.handler` → `applicationsGetApplication` (plus the method when one handler serves several). */
function operationId(route: Route, shared: boolean): string {
  const words = route.handler.replace(/\.handler$/, '').split(/[/-]/);
  const id = words.map((word, index) => (index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1))).join('');
  return shared ? `${id}${route.method.charAt(0)}${route.method.slice(1).toLowerCase()}` : id;
}

function jsonSchema(schema: Schema, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  // A schema that zod has to split into definitions (a cycle) would point at this document's root: refuse it here
  // rather than publish a broken reference.
  if ('$defs' in rest) throw new Error('A route schema needs $defs (a recursive schema?); the OpenAPI generator inlines schemas only');
  return rest;
}

/** The names of a path's template parameters: `/tenants/{id}/config` → `['id']`. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\+?\}/g)].map((match) => match[1]!);
}

function parameters(route: Route, spec: RouteSpec): JsonSchema[] {
  const path = spec.params ? jsonSchema(spec.params, 'input') : {};
  const pathProperties = (path.properties ?? {}) as Record<string, JsonSchema>;
  const result: JsonSchema[] = pathParameterNames(route.path).map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: pathProperties[name] ?? { type: 'string' },
  }));
  if (spec.query) {
    const query = jsonSchema(spec.query, 'input');
    const required = new Set((query.required ?? []) as string[]);
    for (const [name, schema] of Object.entries((query.properties ?? {}) as Record<string, JsonSchema>)) {
      const { description, ...rest } = schema;
      result.push({ name, in: 'query', required: required.has(name), schema: rest, ...(typeof description === 'string' ? { description } : {}) });
    }
  }
  return result;
}

function requestBody(spec: RouteSpec): JsonSchema | undefined {
  if (!spec.body) return undefined;
  const content: Record<string, JsonSchema> = { [JSON_MEDIA_TYPE]: { schema: jsonSchema(spec.body, 'input') } };
  for (const mediaType of spec.textBody?.mediaTypes ?? []) {
    content[mediaType] = { schema: { type: 'string', description: `Der Text selbst (UTF-8); gleichbedeutend mit {"${spec.textBody!.field}": "<Text>"} als JSON.` } };
  }
  return { required: !z.safeParse(spec.body, undefined).success, content };
}

/**
 * The problem statuses a route can answer, derived from what it is: every route validates its query (unknown
 * parameters are refused) and may fail (400, 431, 500); routes behind the authorizer add 401 and 403 (role, deactivated
 * tenant); a path parameter names something that may not exist (404); a body brings 413 and 415; routes that change
 * state, or take a body or query, may be refused by a domain rule (409 conflict, 422 unprocessable).
 */
export function problemStatuses(route: Route, spec: RouteSpec): number[] {
  const statuses = new Set([400, 431, 500]);
  if (route.roles !== 'public') [401, 403].forEach((status) => statuses.add(status));
  if (pathParameterNames(route.path).length > 0) statuses.add(404);
  if (spec.body) [413, 415, 422].forEach((status) => statuses.add(status));
  if (route.method !== 'GET') [409, 422].forEach((status) => statuses.add(status));
  if (spec.query) statuses.add(422);
  for (const status of spec.problems ?? []) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}

function responses(route: Route, spec: RouteSpec): Record<string, JsonSchema> {
  const result: Record<string, JsonSchema> = {};
  for (const [status, declared] of Object.entries(spec.responses ?? {})) {
    const content: Record<string, JsonSchema> = {};
    for (const [mediaType, schema] of Object.entries(contentOf(declared))) {
      if (!isNoContent(schema)) content[mediaType] = { schema: jsonSchema(schema, 'output') };
    }
    result[status] = {
      description: SUCCESS_DESCRIPTIONS[Number(status)] ?? `Status ${status}`,
      ...(Object.keys(content).length > 0 ? { content } : {}),
    };
  }
  for (const status of problemStatuses(route, spec)) {
    const declared = result[String(status)];
    // A status the handler also answers itself (e.g. a German HTML page for 404) keeps both bodies.
    result[String(status)] = declared
      ? { description: PROBLEM_STATUSES[status], content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } }, ...(declared.content as object) } }
      : { $ref: `#/components/responses/Problem${status}` };
  }
  return result;
}

function description(route: Route): string {
  const who =
    route.roles === 'public'
      ? 'Öffentlich: ohne Anmeldung.'
      : `Rollen: ${route.roles.map((role) => `${ROLE_NAMES[role]} (\`${role}\`)`).join(', ')}. Mit dem ID-Token als Bearer-Token.`;
  return [who, route.devOnly ? 'Nur in Entwicklungs- und Test-Stages (nicht in Produktion).' : undefined].filter(Boolean).join('\n\n');
}

export interface OpenApiDocument {
  openapi: string;
  info: JsonSchema;
  servers: JsonSchema[];
  tags: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, JsonSchema>>;
  components: JsonSchema;
}

/** The document for `routes`, with each route's spec from `specs` (keyed by handler module). */
export function openApiDocument(routes: readonly Route[], specs: ReadonlyMap<string, RouteSpec>): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const handlerUse = new Map<string, number>();
  for (const route of routes) handlerUse.set(route.handler, (handlerUse.get(route.handler) ?? 0) + 1);
  const tags = new Map<string, string | undefined>();

  for (const route of routes) {
    const spec = specs.get(route.handler);
    if (!spec) throw new Error(`No spec for ${routeKey(route)} (functions/${route.handler}.ts)`);
    const tag = tagOf(route.handler);
    tags.set(tag, CAPABILITIES[capabilityOf(route.handler)]?.description);
    const body = requestBody(spec);
    const operationParameters = parameters(route, spec);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: operationId(route, (handlerUse.get(route.handler) ?? 0) > 1),
      summary: route.summary,
      description: description(route),
      tags: [tag],
      security: route.roles === 'public' ? [] : [{ [SECURITY_SCHEME]: [] }],
      [ROLES_EXTENSION]: route.roles,
      ...(operationParameters.length > 0 ? { parameters: operationParameters } : {}),
      ...(body ? { requestBody: body } : {}),
      responses: responses(route, spec),
    };
  }

  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'OpenKreis API',
      version: '1',
      description: [
        'Die HTTP-API von OpenKreis: Online-Dienste, Anträge, Sachbearbeitung, Verwaltungen und Fortbildung des Rhein-Kreises Neuss und seiner Kommunen.',
        'Erzeugt aus der Routentabelle und den zod-Schemas, mit denen die Funktionen ihre Eingaben prüfen und ihre Antworten beschreiben – nichts davon ist von Hand geschrieben.',
        'Fehler sind immer `application/problem+json` (RFC 9457) mit deutschem `detail` und, bei Feldfehlern, `errors[{field, message}]`.',
        'Die API liegt unter `/api/` auf dem Ursprung der Web-App. Die alten Pfade ohne `/api` gelten für bestehende Clients weiter.',
      ].join('\n\n'),
    },
    servers: [{ url: API_SERVER_URL, description: 'Gleicher Ursprung wie die Web-App (lokal http://localhost:3000/api)' }],
    tags: [...tags].map(([name, text]) => ({ name, ...(text ? { description: text } : {}) })),
    paths,
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Das ID-Token aus Amazon Cognito (Anmeldung über die Web-App; lokal auch POST /local/token).',
        },
      },
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
      responses: Object.fromEntries(
        Object.entries(PROBLEM_STATUSES).map(([status, text]) => [
          `Problem${status}`,
          { description: text, content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } },
        ]),
      ),
    },
  };
}
