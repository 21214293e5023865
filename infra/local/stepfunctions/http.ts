/**
 * The AWS JSON 1.0 protocol as @aws-sdk/client-sfn speaks it: `POST /` with `X-Amz-Target:
 * AWSStepFunctions.<Operation>`; errors are status 400 with `{"__type": "<ErrorName>", "message": …}`, which
 * the SDK turns into the exception class of that name.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { operations } from './api.ts';
import type { StepFunctionsEngine } from './engine.ts';
import { SfnApiError } from './errors.ts';
import type { Logger } from './model.ts';

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** 256 KiB payload limits of Step Functions plus room for the JSON envelope. */
const MAX_BODY_BYTES = 1024 * 1024;

export function createStepFunctionsServer(engine: StepFunctionsEngine, logger: Logger): Server {
  return createServer((request, response) => {
    void handle(engine, logger, request, response);
  });
}

async function handle(engine: StepFunctionsEngine, logger: Logger, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  try {
    if (request.method !== 'POST') throw new SfnApiError('UnknownOperationException', 'Only POST / is supported');
    const operation = operationOf(request.headers['x-amz-target']);
    const body = parseBody(await readBody(request));
    reply(response, requestId, 200, (await operation(engine, body)) ?? {});
  } catch (error) {
    if (error instanceof SfnApiError) {
      reply(response, requestId, 400, { __type: error.type, message: error.message });
      return;
    }
    logger.error('Step Functions request failed', { requestId, error: error instanceof Error ? error.stack : String(error) });
    reply(response, requestId, 500, { __type: 'InternalFailure', message: `Internal error, request id ${requestId}` });
  }
}

function operationOf(target: string | string[] | undefined) {
  const name = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  const operation = name === undefined ? undefined : operations[name];
  if (!operation) throw new SfnApiError('UnknownOperationException', `Unsupported operation: ${String(target)}`);
  return operation;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SfnApiError('ValidationException', 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new SfnApiError('SerializationException', 'The request body is not a JSON object');
}

function reply(response: ServerResponse, requestId: string, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': requestId,
  });
  response.end(payload);
}
