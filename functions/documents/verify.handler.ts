import { httpHandler, json, type Reply } from '#core/http';
import { logger } from '#core/logger';
import { NotFound } from '#core/problem';
import * as z from '#core/zod';
import { InvalidDocumentToken, verifyDocumentToken, type DocumentTokenClaims } from './signing.ts';
import { verifierFor } from './verifiers.ts';
import { NOT_FOUND_DETAIL, STATUS_WORDS, notFoundPage, prefersHtml, verificationPage } from './verify-page.ts';

/**
 * `GET /verify/{token}` — public: whoever holds a printed permit or certificate may check it. The signature proves
 * that we issued the token; the status is read now, so a revoked permit shows as revoked although its paper is
 * unchanged. The answer holds only what is printed on the document anyway — never a name or an address.
 * Browsers (a phone after a QR scan) get a page, everything else JSON.
 */
const HTML_HEADERS = {
  vary: 'accept',
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  // The token is in the URL: it must not leak to other sites through the Referer header.
  'referrer-policy': 'no-referrer',
};

const verified = { title: z.string(), status: z.enum(['valid', 'expired', 'revoked']), statusText: z.string(), checkedAt: z.string() };

/** The JSON answer: the document's status and its public facts (`verifiers/`), never anything personal. */
const verificationSchema = z.discriminatedUnion('documentType', [
  z.object({ documentType: z.literal('permit'), ...verified, plate: z.string(), zone: z.string(), zoneName: z.optional(z.string()), validFrom: z.string(), validTo: z.string() }),
  z.object({ documentType: z.literal('certificate'), ...verified, course: z.string(), courseVersion: z.string(), completedOn: z.string(), validUntil: z.string() }),
]);

async function claimsOf(token: string): Promise<DocumentTokenClaims | undefined> {
  try {
    return await verifyDocumentToken(token);
  } catch (error) {
    if (error instanceof InvalidDocumentToken) return undefined;
    throw error;
  }
}

export const handler = httpHandler(
  // Any string: a malformed token is "no valid document" (404), like a forged one, not a bad request.
  { params: z.object({ token: z.string() }), responses: { 200: { 'application/json': verificationSchema, 'text/html': z.string() }, 404: { 'text/html': z.string() } } },
  async ({ params, headers }): Promise<Reply> => {
    const html = prefersHtml(headers.accept);
    const now = new Date();
    const claims = await claimsOf(params.token);
    const verifier = claims && verifierFor(claims.typ);
    const verification = claims && verifier ? await verifier.status(claims, now) : undefined;
    logger.info('Document verification', { documentType: claims?.typ, tenantId: claims?.tid, outcome: verification?.status ?? 'not-found' });

    if (!claims || !verifier || !verification) {
      if (html) return { status: 404, body: notFoundPage(now), headers: HTML_HEADERS };
      throw new NotFound(NOT_FOUND_DETAIL);
    }
    if (html) {
      return { status: 200, body: verificationPage({ title: verifier.title, checkHint: verifier.checkHint, ...verification, checkedAt: now }), headers: HTML_HEADERS };
    }
    return json(200, {
      documentType: claims.typ,
      title: verifier.title,
      status: verification.status,
      statusText: STATUS_WORDS[verification.status].word,
      ...Object.fromEntries(verification.facts.map((fact) => [fact.name, fact.value])),
      checkedAt: now.toISOString(),
    }, { vary: 'accept' });
  },
);
