/**
 * Counts every AWS SDK call made in this process, through one patch of `Client.prototype.send` of `@smithy/core`
 * (the class every SDK v3 client and the DynamoDB document client extend; under Node all of them load the same CommonJS
 * copy). DynamoDB calls are sent with `ReturnConsumedCapacity: 'INDEXES'`, so read and write request units are
 * counted as DynamoDB reports them, including the units of the global secondary indexes a write updates.
 *
 * Attribution: a call belongs to the label of the surrounding `withLabel(...)` (calls the benchmark makes itself),
 * otherwise to the handler module found on the (async) stack, e.g. `applications/workflow/compute-fee.handler` — that
 * is how workflow steps run by the local Step Functions endpoint are told apart. `BENCH_DEBUG_STACKS=1` prints the
 * stack of every call that could not be attributed.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';

export interface Capacity {
  read: number;
  write: number;
  /** Of `write`: the units spent on global secondary index entries. */
  indexWrite?: number;
  /** True when DynamoDB did not report the units (a failed conditional write) and they were estimated. */
  estimated?: boolean;
}

export interface RecordedCall {
  label: string;
  service: string;
  operation: string;
  ok: boolean;
  errorName?: string;
  capacity?: Capacity;
  /** Items a batch or transaction touched (1 for single-item operations). */
  items: number;
  at: number;
}

const storage = new AsyncLocalStorage<string>();
let calls: RecordedCall[] = [];
/** Every service each label ever called in this process (kept across `takeCalls()`): which bundled clients are used. */
const servicesByLabel = new Map<string, Set<string>>();
let installed = false;

const HANDLER_FRAME = /\/functions\/([\w./-]+?\.handler)\.ts/g;

const PROJECT_FRAME = /at (?:async )?(?:[\w.]+\.)?([\w$<>]+) \([^()]*?\/functions\/([\w./-]+?)\.ts:/g;

function labelFromStack(): string {
  const previous = Error.stackTraceLimit;
  Error.stackTraceLimit = 200;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = previous;
  // The outermost handler frame is the function that was invoked (a handler may call another module's code).
  let found: string | undefined;
  for (const match of stack.matchAll(HANDLER_FRAME)) found = match[1];
  if (found) return found;
  // A handler that passes a domain function straight to `taskHandler(...)` leaves no frame of its own: name the
  // outermost project function instead, e.g. `workflow:createPayment (payments/lifecycle)`.
  let outermost: string | undefined;
  for (const match of stack.matchAll(PROJECT_FRAME)) if (!match[2]!.startsWith('core/')) outermost = `${match[1]} (${match[2]})`;
  if (outermost) return `${stack.includes('functions/core/task.ts') ? 'workflow' : 'function'}:${outermost}`;
  if (process.env.BENCH_DEBUG_STACKS) console.error(stack);
  return 'unattributed';
}

function serviceOf(client: { config?: { serviceId?: string } }, command: object): string {
  const serviceId = client.config?.serviceId;
  if (serviceId) return serviceId;
  const name = command.constructor.name;
  return /^(Get|Put|Update|Delete|Query|Scan|Batch\w+|Transact\w+)Command$/.test(name) ? 'DynamoDB' : 'unknown';
}

function operationOf(command: object): string {
  return command.constructor.name.replace(/Command$/, '');
}

const DOCUMENT_TO_ITEM_OPERATION: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

type Units = { ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number };
type CapacityEntry = Units & { GlobalSecondaryIndexes?: Record<string, Units> };

function capacityFrom(output: unknown, operation: string): Capacity | undefined {
  const consumed = (output as { ConsumedCapacity?: CapacityEntry | CapacityEntry[] } | undefined)?.ConsumedCapacity;
  if (!consumed) return undefined;
  const entries = Array.isArray(consumed) ? consumed : [consumed];
  let read = 0;
  let write = 0;
  let indexWrite = 0;
  const isWrite = /Put|Update|Delete|Write/.test(operation);
  for (const entry of entries) {
    if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined) {
      read += entry.ReadCapacityUnits ?? 0;
      write += entry.WriteCapacityUnits ?? 0;
    } else if (isWrite) write += entry.CapacityUnits ?? 0;
    else read += entry.CapacityUnits ?? 0;
    if (isWrite) for (const index of Object.values(entry.GlobalSecondaryIndexes ?? {})) indexWrite += index.WriteCapacityUnits ?? index.CapacityUnits ?? 0;
  }
  return { read, write, indexWrite };
}

function itemsOf(operation: string, input: Record<string, unknown>): number {
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') return (input.TransactItems as unknown[] | undefined)?.length ?? 1;
  if (operation === 'BatchGetItem') {
    return Object.values((input.RequestItems as Record<string, { Keys?: unknown[] }>) ?? {}).reduce((sum, table) => sum + (table.Keys?.length ?? 0), 0);
  }
  if (operation === 'BatchWriteItem') return Object.values((input.RequestItems as Record<string, unknown[]>) ?? {}).reduce((sum, list) => sum + list.length, 0);
  return 1;
}

/** Patches the SDK once per process. Safe to call repeatedly. */
export function installAwsCallCounter(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const { Client } = require('@smithy/core/client') as { Client: { prototype: { send: (...args: unknown[]) => unknown } } };
  const original = Client.prototype.send;
  Client.prototype.send = function patchedSend(this: { config?: { serviceId?: string } }, command: unknown, ...rest: unknown[]) {
    const target = command as { input?: Record<string, unknown> } & object;
    const label = storage.getStore() ?? labelFromStack();
    const service = serviceOf(this, target);
    let operation = operationOf(target);
    if (service === 'DynamoDB') {
      operation = DOCUMENT_TO_ITEM_OPERATION[operation] ?? operation;
      if (target.input && !/Table|Backup|TimeToLive|Describe|List/.test(operation)) target.input.ReturnConsumedCapacity ??= 'INDEXES';
    }
    const record: RecordedCall = { label, service, operation, ok: true, items: itemsOf(operation, target.input ?? {}), at: performance.now() };
    calls.push(record);
    let services = servicesByLabel.get(label);
    if (!services) servicesByLabel.set(label, (services = new Set()));
    services.add(service);
    const result = original.call(this, command, ...rest) as Promise<unknown> | undefined;
    if (!result || typeof (result as Promise<unknown>).then !== 'function') return result;
    return (result as Promise<unknown>).then(
      (output) => {
        if (service === 'DynamoDB') {
          const capacity = capacityFrom(output, operation);
          if (capacity) record.capacity = capacity;
        }
        return output;
      },
      (error: unknown) => {
        record.ok = false;
        record.errorName = (error as Error)?.name;
        if (service === 'DynamoDB' && /Put|Update|Delete|Write/.test(operation)) {
          // A refused conditional write still consumes write units (by item size); DynamoDB does not report them on the
          // error. Estimated from the size of the item sent (a put), else one unit per item; transactions count double.
          const item = target.input?.Item;
          const units = item ? Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(item)) / 1024)) : record.items;
          record.capacity = { read: 0, write: operation === 'TransactWriteItems' ? 2 * record.items : units, estimated: true };
        }
        throw error;
      },
    );
  };
}

/** Runs `fn` with every SDK call inside attributed to `label`. */
export function withLabel<T>(label: string, fn: () => Promise<T>): Promise<T> {
  return storage.run(label, fn);
}

/** The calls recorded since the last `takeCalls()`; clears the record. */
export function takeCalls(): RecordedCall[] {
  const taken = calls;
  calls = [];
  return taken;
}

export function peekCalls(): readonly RecordedCall[] {
  return calls;
}

/** Label → the AWS services (SDK `serviceId`s) it called at least once during the run. */
export function servicesUsed(): Record<string, string[]> {
  return Object.fromEntries([...servicesByLabel].map(([label, services]) => [label, [...services].sort()]));
}

export interface CallTotals {
  calls: number;
  dynamodbCalls: number;
  dynamodbReads: number;
  dynamodbWrites: number;
  rru: number;
  wru: number;
  /** Of `wru`: units for global secondary index entries. */
  wruIndexes: number;
  /** Of `wru`: units of TransactWriteItems calls (each item costs double in a transaction). */
  wruTransactions: number;
  scans: number;
  s3Requests: number;
  s3Put: number;
  s3Get: number;
  sfnCalls: number;
  sesCalls: number;
  kmsCalls: number;
  other: number;
  byOperation: Record<string, number>;
}

const DDB_READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

export function totals(list: readonly RecordedCall[]): CallTotals {
  const result: CallTotals = {
    calls: list.length,
    dynamodbCalls: 0,
    dynamodbReads: 0,
    dynamodbWrites: 0,
    rru: 0,
    wru: 0,
    wruIndexes: 0,
    wruTransactions: 0,
    scans: 0,
    s3Requests: 0,
    s3Put: 0,
    s3Get: 0,
    sfnCalls: 0,
    sesCalls: 0,
    kmsCalls: 0,
    other: 0,
    byOperation: {},
  };
  for (const call of list) {
    const key = `${call.service}:${call.operation}`;
    result.byOperation[key] = (result.byOperation[key] ?? 0) + 1;
    switch (call.service) {
      case 'DynamoDB':
        result.dynamodbCalls += 1;
        if (DDB_READS.has(call.operation)) result.dynamodbReads += 1;
        else result.dynamodbWrites += 1;
        if (call.operation === 'Scan') result.scans += 1;
        result.rru += call.capacity?.read ?? 0;
        result.wru += call.capacity?.write ?? 0;
        result.wruIndexes += call.capacity?.indexWrite ?? 0;
        if (call.operation === 'TransactWriteItems') result.wruTransactions += call.capacity?.write ?? 0;
        break;
      case 'S3':
        result.s3Requests += 1;
        if (/^(Put|Copy|Post|List|CreateMultipart|UploadPart|CompleteMultipart)/.test(call.operation)) result.s3Put += 1;
        else result.s3Get += 1;
        break;
      case 'SFN':
        result.sfnCalls += 1;
        break;
      case 'SESv2':
        result.sesCalls += 1;
        break;
      case 'KMS':
        result.kmsCalls += 1;
        break;
      default:
        result.other += 1;
    }
  }
  return result;
}
