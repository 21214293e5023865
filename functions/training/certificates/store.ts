/**
 * Certificate store (Fortbildungsnachweise) — DynamoDB only; the PDF lives in S3 (`files.ts`).
 *
 * Access patterns (PK / SK):
 * - certificate:            `<t>#CERTIFICATE#<certificateId>` / `CERTIFICATE`
 *
 * The record is written in the completion transaction (`certificatePut`), without a PDF: it holds everything
 * printed on the certificate (name, course title and version, dates, score, issuer), so the PDF is rendered from it
 * on the first download — and could be again at any time, also after the course file changed. Its `key` is set once
 * the PDF is stored. A certificate is never rewritten otherwise: a retake is a new cycle with a new certificate.
 *
 * Records written before PDFs were rendered on download may carry a GSI2 entry `<t>#CERTIFICATE-PDF#pending` (a list
 * of PDFs still to render, no longer read); storing the PDF removes it.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import type { Certificate } from '../model.ts';

/** A certificate as stored: `key` is set once its PDF is stored. */
export interface CertificateRecord extends Omit<Certificate, 'key'> {
  key?: string;
  /** The verification URL printed as QR code, stored with the PDF (older records: none; a new token is signed). */
  verifyUrl?: string;
  /** The issuing authority as printed (the tenant's display name at completion). */
  issuerName: string;
  /** False for a course without quiz: no score is printed. */
  hasQuiz: boolean;
  issuedAt: string;
  /** Set if the authority withdraws the certificate (no route does so yet; the verifier honours it). */
  revokedAt?: string;
}

const certificateKey = (tenantId: string, certificateId: string) => ({ PK: partitionKey(tenantId, 'CERTIFICATE', certificateId), SK: 'CERTIFICATE' });

function strip(item: Record<string, unknown> | undefined): CertificateRecord | undefined {
  if (!item) return undefined;
  const { PK: _pk, SK: _sk, GSI2PK: _g2pk, GSI2SK: _g2sk, ...record } = item;
  return record as unknown as CertificateRecord;
}

/** A `Put` for the completion transaction: the record (its PDF is rendered on the first download). */
export function certificatePut(record: CertificateRecord) {
  return {
    Put: {
      TableName: TABLE_NAME,
      Item: { ...certificateKey(record.tenantId, record.certificateId), ...record },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

export async function getCertificate(db: DynamoDBDocumentClient, tenantId: string, certificateId: string): Promise<CertificateRecord | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: certificateKey(tenantId, certificateId), ConsistentRead: true }));
  return strip(result.Item);
}

/** Records where the PDF is stored and the URL its QR code verifies at (and removes the pending entry of records written by earlier versions). */
export async function recordCertificateFile(db: DynamoDBDocumentClient, tenantId: string, certificateId: string, key: string, verifyUrl: string): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: certificateKey(tenantId, certificateId),
        UpdateExpression: 'SET #key = :key, verifyUrl = :verifyUrl REMOVE GSI2PK, GSI2SK',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#key': 'key' },
        ExpressionAttributeValues: { ':key': key, ':verifyUrl': verifyUrl },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new Error(`Certificate ${certificateId} does not exist`);
    throw error;
  }
}
