/**
 * The local XBezahldienste sandbox: a stand-in payment platform that speaks the XBezahldienste 1.0 interface
 * (`../protocol.ts`) for the local runtime, the e2e tests and dev stages — never prod. It keeps its transactions like
 * an outside platform would (our payment record learns of an outcome only through the adapter's status query), under
 * the county's partition, because the platform is run for the Land, not for a tenant:
 *   `<countyId>#XBD-SANDBOX#<transactionId>` / `TRANSACTION`
 * The transaction id is the request id (the specification allows a platform to answer with it), so a request that
 * comes twice is refused with `PAYMENT_EXISTS` and can still be looked up.
 *
 * The payer's pay page (`paypage.handler.ts`) offers paying, cancelling and a declined payment (FAILED); the result
 * page leads back to the service's `redirectUrl`, as the real platform redirects there.
 */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { Conflict, HttpProblem, NotFound } from '#core/problem';
import { sandboxKassenzeichen } from '../../sandbox/provider.ts';
import type { XBezahldienstePaymentRequest, XBezahldienstePaymentTransaction, XBezahldiensteStatus } from '../protocol.ts';

export const PAYPAGE_ACTIONS = ['pay', 'cancel', 'fail'] as const;
export type PaypageAction = (typeof PAYPAGE_ACTIONS)[number];
const OUTCOME: Record<PaypageAction, Exclude<XBezahldiensteStatus, 'INITIAL'>> = { pay: 'PAYED', cancel: 'CANCELED', fail: 'FAILED' };

export interface XbdSandboxTransaction {
  transactionId: string;
  originatorId: string;
  endPointId: string;
  paymentRequest: XBezahldienstePaymentRequest;
  status: XBezahldiensteStatus;
  createdAt: string;
  transactionReference?: string;
  transactionTimestamp?: string;
}

export interface XbdSandboxStore {
  /** Stores a new transaction; false when one with this id exists. */
  create(transaction: XbdSandboxTransaction): Promise<boolean>;
  get(transactionId: string): Promise<XbdSandboxTransaction | undefined>;
  /** INITIAL → outcome, once; the stored transaction either way. */
  finish(transactionId: string, change: Pick<XbdSandboxTransaction, 'status' | 'transactionReference' | 'transactionTimestamp'>): Promise<{ finished: boolean; transaction?: XbdSandboxTransaction }>;
}

/** The specification's FORBIDDEN; answered as 401, since the route is public and authenticated by the credential. */
export class XbdSandboxForbidden extends HttpProblem {
  constructor() {
    super('unauthorized', 'Fehlende oder ungültige Zugangsdaten für den Bezahldienst (FORBIDDEN).');
  }
}
export class XbdPaymentExists extends Conflict {}
export class XbdTransactionNotFound extends NotFound {}

export interface XbdSandboxOptions {
  store: XbdSandboxStore;
  publicApiUrl: string;
  /** The bearer credential callers must present; without one configured any non-empty bearer is accepted (dev). */
  credential: string | undefined;
}

export class XBezahldiensteSandbox {
  constructor(private readonly options: XbdSandboxOptions) {}

  /** `Authorization: Bearer <credential>` (the specification answers FORBIDDEN without valid credentials). */
  authorize(authorization: string | undefined): void {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token || (this.options.credential !== undefined && token !== this.options.credential)) throw new XbdSandboxForbidden();
  }

  payPageUrl(transactionId: string): string {
    return `${this.options.publicApiUrl}/xbezahldienste-sandbox/paypage/${encodeURIComponent(transactionId)}`;
  }

  /** The PaymentTransaction as the specification returns it: the pay page only while INITIAL. */
  view(transaction: XbdSandboxTransaction): XBezahldienstePaymentTransaction {
    const base = `${this.options.publicApiUrl}/xbezahldienste-sandbox/paymenttransaction/${transaction.originatorId}/${transaction.endPointId}`;
    return {
      paymentRequest: transaction.paymentRequest,
      paymentInformation: {
        transactionUrl: `${base}/${transaction.transactionId}`,
        ...(transaction.status === 'INITIAL' ? { transactionRedirectUrl: this.payPageUrl(transaction.transactionId) } : {}),
        transactionId: transaction.transactionId,
        ...(transaction.transactionReference ? { transactionReference: transaction.transactionReference } : {}),
        ...(transaction.transactionTimestamp ? { transactionTimestamp: transaction.transactionTimestamp } : {}),
        ...(transaction.status === 'PAYED' ? { paymentMethod: 'CREDITCARD' } : {}),
        status: transaction.status,
      },
    };
  }

  async open(originatorId: string, endPointId: string, request: XBezahldienstePaymentRequest, now: Date): Promise<XBezahldienstePaymentTransaction> {
    const transaction: XbdSandboxTransaction = {
      transactionId: request.requestId,
      originatorId,
      endPointId,
      paymentRequest: request,
      status: 'INITIAL',
      createdAt: now.toISOString(),
    };
    if (!(await this.options.store.create(transaction))) {
      throw new XbdPaymentExists('Mit dieser Request-ID wurde bereits ein PaymentRequest platziert (PAYMENT_EXISTS).');
    }
    return this.view(transaction);
  }

  /** A transaction of this originator and endpoint; another's is "not found" (the platform separates its tenants). */
  async transaction(originatorId: string, endPointId: string, transactionId: string): Promise<XBezahldienstePaymentTransaction> {
    const transaction = await this.options.store.get(transactionId);
    if (!transaction || transaction.originatorId !== originatorId || transaction.endPointId !== endPointId) {
      throw new XbdTransactionNotFound('Diese Zahlungstransaktion gibt es nicht.');
    }
    return this.view(transaction);
  }

  page(transactionId: string): Promise<XbdSandboxTransaction | undefined> {
    return this.options.store.get(transactionId);
  }

  /** The payer's choice on the pay page; a second choice is a 409. */
  async settle(transactionId: string, action: PaypageAction, now: Date): Promise<XbdSandboxTransaction> {
    const status = OUTCOME[action];
    const { finished, transaction } = await this.options.store.finish(transactionId, {
      status,
      transactionTimestamp: now.toISOString(),
      ...(status === 'PAYED' ? { transactionReference: sandboxKassenzeichen(now) } : {}),
    });
    if (!transaction) throw new XbdTransactionNotFound('Diese Zahlungstransaktion gibt es nicht.');
    if (!finished) throw new Conflict('Diese Testzahlung ist bereits abgeschlossen. Eine weitere Aktion ist nicht möglich.');
    return transaction;
  }
}

export function dynamoXbdSandboxStore(db: DynamoDBDocumentClient, countyId: string): XbdSandboxStore {
  const key = (transactionId: string) => ({ PK: partitionKey(countyId, 'XBD-SANDBOX', transactionId), SK: 'TRANSACTION' });
  const strip = (item: Record<string, unknown> | undefined) => {
    if (!item) return undefined;
    const { PK: _pk, SK: _sk, ...rest } = item;
    return rest as unknown as XbdSandboxTransaction;
  };
  const get = async (transactionId: string) => strip((await db.send(new GetCommand({ TableName: TABLE_NAME, Key: key(transactionId), ConsistentRead: true }))).Item);
  return {
    get,
    async create(transaction) {
      try {
        await db.send(new PutCommand({ TableName: TABLE_NAME, Item: { ...key(transaction.transactionId), ...transaction }, ConditionExpression: 'attribute_not_exists(PK)' }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async finish(transactionId, change) {
      const values: Record<string, unknown> = { ':to': change.status, ':at': change.transactionTimestamp, ':initial': 'INITIAL' };
      const sets = ['#status = :to', 'transactionTimestamp = :at'];
      if (change.transactionReference) {
        sets.push('transactionReference = :reference');
        values[':reference'] = change.transactionReference;
      }
      try {
        const result = await db.send(
          new UpdateCommand({
            TableName: TABLE_NAME,
            Key: key(transactionId),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: 'attribute_exists(PK) AND #status = :initial',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { finished: true, transaction: strip(result.Attributes) };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const transaction = await get(transactionId);
        return { finished: false, ...(transaction ? { transaction } : {}) };
      }
    },
  };
}
