/**
 * Forwarding in motion: storing planned deliveries, attempting a delivery, resending, and the monthly statistics
 * batch. Used by the issue step, the caseworker routes and the two scheduled functions.
 *
 * A delivery problem never throws out of `attemptDelivery`: the outcome is recorded on the delivery (failed with the
 * next attempt, or dead after the recipient's maximum), so the process that caused it moves on and nothing is lost.
 * Only the store failing to record an outcome propagates (the schedule then simply tries again later: transports are
 * idempotent per message).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '#core/logger';
import { endpointFor, retryPolicy, type RecipientDirectory, type RecipientEndpoint } from './directory.ts';
import { DIRECTORY_V1 } from './directory.v1.ts';
import { recipientRule, type ForwardingMatrix, type RecipientId } from './matrix.ts';
import { MATRIX_V1 } from './matrix.v1.ts';
import { nextAttemptAt, type Delivery } from './model.ts';
import { berlinPeriod, NOT_CONFIGURED, newBatchDelivery, type ForwardingPlan } from './plan.ts';
import {
  createBatch,
  DeliveryChanged,
  getDelivery,
  markForResend,
  MAX_RECORDS_PER_BATCH,
  pendingStatisticsRecords,
  putDelivery,
  putStatisticsRecord,
  recordAttempt,
} from './store.ts';
import { DeliveryRefused, transportFor, type Transport } from './transport.ts';
import { buildGewerbemeldung, type ReaderAuthority } from './xgewerbeordnung.ts';
import type { StatisticsRecord } from './model.ts';

/** The matrix and directory in force, and how endpoints are reached: injectable for tests. */
export interface ForwardingSetup {
  matrix: ForwardingMatrix;
  directory: RecipientDirectory;
  transportFor: (endpoint: RecipientEndpoint) => Transport;
}

export const CURRENT_SETUP: ForwardingSetup = { matrix: MATRIX_V1, directory: DIRECTORY_V1, transportFor };

export type AttemptResult = 'delivered' | 'failed' | 'dead' | 'skipped';

function readerOf(endpoint: RecipientEndpoint): ReaderAuthority {
  return { prefix: endpoint.authority.prefix, id: endpoint.authority.id, name: endpoint.name };
}

/** What a caseworker reads about a failure: our own messages as they are, anything else only by its name. */
function describeFailure(error: unknown): string {
  if (error instanceof DeliveryRefused || error instanceof RecipientNotConfigured) return error.message;
  return `Technischer Fehler bei der Übermittlung (${(error as Error)?.name ?? 'Error'}).`;
}

class RecipientNotConfigured extends Error {
  override readonly name = 'RecipientNotConfigured';
}

/** Stores the planned deliveries and statistics records (each once: ids are deterministic). */
export async function enqueueForwarding(db: DynamoDBDocumentClient, plan: ForwardingPlan): Promise<string[]> {
  for (const record of plan.statistics) await putStatisticsRecord(db, record);
  const ids: string[] = [];
  for (const delivery of plan.deliveries) {
    await putDelivery(db, delivery);
    ids.push(delivery.deliveryId);
  }
  return ids;
}

/**
 * One attempt to deliver: builds the message (first attempt of a single notice), hands it to the transport and
 * records the outcome. `skipped` when the delivery is not due for sending (delivered, dead, gone) or another attempt
 * recorded first.
 */
export async function attemptDelivery(
  db: DynamoDBDocumentClient,
  tenantId: string,
  deliveryId: string,
  now: Date,
  setup: ForwardingSetup = CURRENT_SETUP,
): Promise<AttemptResult> {
  const delivery = await getDelivery(db, tenantId, deliveryId);
  if (!delivery || (delivery.status !== 'pending' && delivery.status !== 'failed')) return 'skipped';
  const endpoint = endpointFor(setup.directory, tenantId, delivery.recipientId);
  const policy = retryPolicy(endpoint);
  let built: string | undefined;
  let reference: string;
  try {
    if (!endpoint) throw new RecipientNotConfigured(NOT_CONFIGURED(delivery.recipientName));
    const xml =
      delivery.payload ??
      (built = buildGewerbemeldung({
        recipientId: delivery.recipientId,
        messageUuid: delivery.messageUuid,
        createdAt: delivery.createdAt,
        author: delivery.author,
        reader: readerOf(endpoint),
        records: delivery.records ?? [],
      }));
    const receipt = await setup.transportFor(endpoint).send(
      { tenantId, deliveryId, recipientId: delivery.recipientId, previousAttempts: delivery.totalAttempts, xml, createdAt: delivery.createdAt },
      endpoint,
    );
    reference = receipt.reference;
  } catch (error) {
    const attempts = delivery.attempts + 1;
    const dead = attempts >= policy.maxAttempts;
    logger.warn('Delivery attempt failed', { tenantId, deliveryId, recipientId: delivery.recipientId, attempts, dead, errorName: (error as Error)?.name });
    try {
      await recordAttempt(db, delivery, {
        status: dead ? 'dead' : 'failed',
        now,
        error: describeFailure(error),
        ...(dead ? {} : { nextAttemptAt: nextAttemptAt(attempts, now, policy) }),
        ...(built ? { payload: built } : {}),
      });
    } catch (recordError) {
      if (recordError instanceof DeliveryChanged) return 'skipped';
      throw recordError;
    }
    return dead ? 'dead' : 'failed';
  }
  try {
    await recordAttempt(db, delivery, { status: 'delivered', now, transportRef: reference, ...(built ? { payload: built } : {}) });
  } catch (error) {
    if (error instanceof DeliveryChanged) return 'skipped';
    throw error;
  }
  logger.info('Delivered', { tenantId, deliveryId, recipientId: delivery.recipientId });
  return 'delivered';
}

/** Attempts each delivery now; a problem with one never stops the others. */
export async function attemptAll(db: DynamoDBDocumentClient, tenantId: string, deliveryIds: readonly string[], now: Date, setup: ForwardingSetup = CURRENT_SETUP) {
  const counts: Record<AttemptResult | 'error', number> = { delivered: 0, failed: 0, dead: 0, skipped: 0, error: 0 };
  for (const id of deliveryIds) {
    try {
      counts[await attemptDelivery(db, tenantId, id, now, setup)] += 1;
    } catch (error) {
      counts.error += 1;
      logger.error('Delivery outcome not recorded; the schedule retries', { tenantId, deliveryId: id, error: error as Error });
    }
  }
  return counts;
}

/** A caseworker's resend of a failed or dead delivery: a new round of attempts, the first one at once. */
export async function resendDelivery(
  db: DynamoDBDocumentClient,
  tenantId: string,
  deliveryId: string,
  request: { by: string; now: Date; note?: string },
  setup: ForwardingSetup = CURRENT_SETUP,
): Promise<Delivery> {
  await markForResend(db, tenantId, deliveryId, request);
  await attemptDelivery(db, tenantId, deliveryId, request.now, setup);
  return (await getDelivery(db, tenantId, deliveryId))!;
}

/** Records of one period in chunks that fit one transaction and one message. */
function chunks(records: readonly StatisticsRecord[]): StatisticsRecord[][] {
  const result: StatisticsRecord[][] = [];
  for (let index = 0; index < records.length; index += MAX_RECORDS_PER_BATCH) result.push(records.slice(index, index + MAX_RECORDS_PER_BATCH));
  return result;
}

/** Item size headroom: a batch message above this is split in two (DynamoDB items hold at most 400 KB). */
export const MAX_BATCH_PAYLOAD_BYTES = 300_000;

export interface BatchResult {
  batches: number;
  records: number;
  notConfigured?: boolean;
}

/**
 * The statistics office's monthly batch for one tenant: every record of a closed month (before the current one) that
 * is not batched yet goes into one message per period (split when large), which is then delivered like any other.
 * Run daily, it catches up on a missed day; a month is never sent twice because records leave the pending index in
 * the same transaction that creates their batch.
 */
export async function batchStatistics(db: DynamoDBDocumentClient, tenantId: string, now: Date, setup: ForwardingSetup = CURRENT_SETUP): Promise<BatchResult> {
  const records = await pendingStatisticsRecords(db, tenantId, berlinPeriod(now));
  if (records.length === 0) return { batches: 0, records: 0 };
  const recipient = recipientRule(setup.matrix, 'statistik' satisfies RecipientId);
  const endpoint = endpointFor(setup.directory, tenantId, 'statistik');
  if (!recipient || !endpoint) {
    logger.warn('Statistics records wait: no statistics office configured', { tenantId, records: records.length });
    return { batches: 0, records: 0, notConfigured: true };
  }
  const byPeriod = new Map<string, StatisticsRecord[]>();
  for (const record of records) byPeriod.set(record.period, [...(byPeriod.get(record.period) ?? []), record]);
  const result: BatchResult = { batches: 0, records: 0 };
  const created: string[] = [];
  const queue = [...byPeriod.entries()].flatMap(([period, list]) => chunks(list).map((chunk) => ({ period, chunk })));
  while (queue.length > 0) {
    const { period, chunk } = queue.shift()!;
    const delivery = newBatchDelivery({
      matrix: setup.matrix,
      recipient,
      endpoint,
      tenantId,
      period,
      records: chunk,
      now,
      buildXml: (ids) =>
        buildGewerbemeldung({
          recipientId: 'statistik',
          messageUuid: ids.messageUuid,
          createdAt: ids.createdAt,
          author: chunk[0]!.author,
          reader: readerOf(endpoint),
          records: chunk.map((record) => record.record),
        }),
    });
    if (Buffer.byteLength(delivery.payload ?? '', 'utf8') > MAX_BATCH_PAYLOAD_BYTES && chunk.length > 1) {
      const half = Math.ceil(chunk.length / 2);
      queue.unshift({ period, chunk: chunk.slice(0, half) }, { period, chunk: chunk.slice(half) });
      continue;
    }
    if ((await createBatch(db, delivery, chunk)) === 'created') {
      result.batches += 1;
      result.records += chunk.length;
      created.push(delivery.deliveryId);
    }
  }
  await attemptAll(db, tenantId, created, now, setup);
  return result;
}
