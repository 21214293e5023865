import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

/**
 * `npm run kpis:backfill` — rebuilds the KPI counters (`functions/reports/counters.ts`) from the data: reads every
 * item of the table once (a paged Scan — a maintenance command, never a request path), recounts with the definitions
 * the writers use (`functions/reports/recount.ts`), and replaces each tenant's year — shard 0 takes the recount, the
 * other shards are deleted, in one transaction per tenant and year. Years that have counters but nothing to count are
 * reset too.
 *
 *   npm run kpis:backfill -- --table <name> [--endpoint http://127.0.0.1:<port>] [--tenant <id>] [--dry-run]
 *
 * --table defaults to $TABLE_NAME; --endpoint to $AWS_ENDPOINT_URL_DYNAMODB (DynamoDB Local: `npm start` prints its
 * endpoint); against AWS, the usual credentials. Run it when no writes happen (a deployment window): a write between
 * the scan and the replacement would be lost from the counters.
 */
const USAGE = 'Usage: npm run kpis:backfill -- --table <name> [--endpoint <url>] [--tenant <id>] [--dry-run]';

export interface BackfillResult {
  /** `<tenant>/<year>` → number of counters written. */
  written: Record<string, number>;
  itemsRead: number;
}

/** The backfill itself (the CLI's work; tests call it against the local platform). */
export async function backfillCounters(db: DynamoDBDocumentClient, tableName: string, options: { tenant?: string; dryRun?: boolean } = {}): Promise<BackfillResult> {
  // Imported here: the function modules read TABLE_NAME at load time.
  process.env.TABLE_NAME = tableName;
  const { recount } = await import('../../functions/reports/recount.ts');
  const { KPI_SHARDS, counterKey } = await import('../../functions/reports/counters.ts');
  const items: Array<Record<string, unknown>> = [];
  const existing = new Set<string>();
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName, ...(cursor ? { ExclusiveStartKey: cursor } : {}) }));
    for (const item of page.Items ?? []) {
      const [tenantId, kind, year] = String(item.PK).split('#');
      if (options.tenant && tenantId !== options.tenant) continue;
      if (kind === 'KPI') existing.add(`${tenantId}/${year}`);
      else items.push(item);
    }
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  const counted = recount(items);
  const written: Record<string, number> = {};
  const targets = new Set([...existing, ...[...counted].flatMap(([tenantId, years]) => [...years.keys()].map((year) => `${tenantId}/${year}`))]);
  for (const target of [...targets].sort()) {
    const [tenantId, yearText] = target.split('/') as [string, string];
    const year = Number(yearText);
    const counters = counted.get(tenantId)?.get(year) ?? new Map<string, number>();
    written[target] = counters.size;
    if (options.dryRun) continue;
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: { ...counterKey(tenantId, year, 0), ...Object.fromEntries(counters) } } },
          ...Array.from({ length: KPI_SHARDS - 1 }, (_, index) => ({ Delete: { TableName: tableName, Key: counterKey(tenantId, year, index + 1) } })),
        ],
      }),
    );
  }
  return { written, itemsRead: items.length };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      table: { type: 'string', default: process.env.TABLE_NAME },
      endpoint: { type: 'string', default: process.env.AWS_ENDPOINT_URL_DYNAMODB },
      tenant: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.table) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(values.endpoint ? { endpoint: values.endpoint } : {}), { marshallOptions: { removeUndefinedValues: true } });
  const result = await backfillCounters(db, values.table, { ...(values.tenant ? { tenant: values.tenant } : {}), dryRun: values['dry-run'] });
  console.log(`${result.itemsRead} items read.`);
  for (const [target, count] of Object.entries(result.written)) console.log(`${values['dry-run'] ? 'would write' : 'wrote'} ${target}: ${count} counters`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`kpis:backfill failed: ${error.message}`);
      process.exit(1);
    },
  );
}
