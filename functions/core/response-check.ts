/**
 * The local contract check: does an answer match what its route declares (`responses` in the handler's spec, the
 * source of the OpenAPI document)? The local runtime turns it on for `npm start` and the tests
 * (`OPENKREIS_CONTRACT_CHECKS=on`, set by `infra/local/platform.ts`), so every end-to-end and browser test is also a
 * test that the published contract is true. Never part of a Lambda bundle (`http.ts` loads it only unbundled).
 *
 * What counts as a mismatch: an undeclared status; a body of a media type the status does not declare; a JSON body
 * the schema refuses; a JSON field the schema does not name (the document promises exactly the declared fields). The
 * messages name the status, media type and field paths — never a value.
 */
import { contentOf, JSON_MEDIA_TYPE, type ResponseSpecs } from './contract.ts';
import * as z from './zod.ts';

export interface CheckedReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** At most this many findings per answer: enough to see what drifted. */
const MAX_FINDINGS = 10;

export function replyViolations(responses: ResponseSpecs | undefined, reply: CheckedReply): string[] {
  if (!responses) return ['the handler declares no responses (spec.responses)'];
  const declared = responses[reply.status];
  if (!declared) return [`status ${reply.status} is not declared (declared: ${Object.keys(responses).join(', ')})`];
  const content = contentOf(declared);
  const contentType = Object.entries(reply.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];

  const mediaType = contentType?.split(';')[0]!.trim().toLowerCase();
  const isJson = mediaType === undefined || /^application\/([a-z.+-]*\+)?json$/.test(mediaType);
  if (reply.body instanceof Uint8Array && mediaType && !isJson) {
    // Bytes (a PDF): the media type must be declared; the content is not a schema's to check.
    return content[mediaType] ? [] : [`status ${reply.status} answers ${mediaType}, which it does not declare (declared: ${Object.keys(content).join(', ')})`];
  }
  if (typeof reply.body === 'string' && mediaType && !isJson) {
    const schema = content[mediaType];
    if (!schema) return [`status ${reply.status} answers ${mediaType}, which it does not declare (declared: ${Object.keys(content).join(', ')})`];
    return issuesOf(z.safeParse(schema, reply.body), `${reply.status} ${mediaType}`);
  }

  const schema = (mediaType && content[mediaType]) || content[JSON_MEDIA_TYPE];
  if (!schema) return [`status ${reply.status} answers JSON, which it does not declare (declared: ${Object.keys(content).join(', ')})`];
  // What goes over the wire: dates as strings, undefined fields gone (a handler may also send JSON it has as text).
  const wire: unknown = typeof reply.body === 'string' && mediaType ? JSON.parse(reply.body) : reply.body === undefined ? undefined : JSON.parse(JSON.stringify(reply.body));
  const result = z.safeParse(schema, wire);
  if (!result.success) return issuesOf(result, `${reply.status} ${JSON_MEDIA_TYPE}`);
  return undeclaredFields(wire, result.data, 'body').slice(0, MAX_FINDINGS).map((path) => `${reply.status}: ${path} is not declared`);
}

function issuesOf(result: { success: boolean; error?: z.core.$ZodError }, where: string): string[] {
  if (result.success || !result.error) return [];
  return result.error.issues.slice(0, MAX_FINDINGS).map((issue) => `${where}: ${['body', ...issue.path.map(String)].join('/')}: ${issue.message}`);
}

/** Paths of object keys the client receives but the parsed (allow-listed) value does not have. */
function undeclaredFields(wire: unknown, parsed: unknown, path: string): string[] {
  if (Array.isArray(wire) && Array.isArray(parsed)) {
    return wire.flatMap((item, index) => undeclaredFields(item, parsed[index], `${path}/${index}`));
  }
  if (!isPlainObject(wire) || !isPlainObject(parsed)) return [];
  return Object.keys(wire).flatMap((key) => (key in parsed ? undeclaredFields(wire[key], parsed[key], `${path}/${key}`) : [`${path}/${key}`]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
