/**
 * `npx tsx bench/report-routes.ts` — the report routes of issue 15 on their own (the full `npm run bench` measures
 * them too, in benchmark 3 and 5): the KPI route and an open-data route, warm and in-process like benchmark 3, with
 * every AWS call counted by the bench's call counter — once as the bench's tenant is, and again after 100 more
 * applications, to show that the number of DynamoDB calls does not grow with the volume. Prints a Markdown section
 * for bench/RESULTS.md.
 */
import { randomUUID } from 'node:crypto';
import { withLabel } from './lib/aws-calls.ts';
import { CITIZEN, startBenchContext } from './lib/context.ts';
import { machine } from './lib/machine.ts';
import { ensureCompletedApplication, SCENARIOS } from './lib/scenarios.ts';
import { FULL } from './lib/size.ts';
import { measureFloor, measureScenario, type RouteLatency } from './suites/warm-latency.ts';

const MORE_APPLICATIONS = 100;

async function main(): Promise<void> {
  const ctx = await startBenchContext(FULL, (message) => console.error(message));
  try {
    await ensureCompletedApplication(ctx);
    const reports = SCENARIOS.filter((scenario) => scenario.kind === 'report');
    const floor = await measureFloor(ctx);
    const before: RouteLatency[] = [];
    for (const scenario of reports) before.push(await measureScenario(ctx, scenario));
    await withLabel('bench-setup', async () => {
      for (let i = 0; i < MORE_APPLICATIONS; i += 1) {
        const response = await ctx.api.call('POST', '/applications', { as: CITIZEN, body: { serviceId: 'resident-parking', form: ctx.parkingForm() }, headers: { 'idempotency-key': randomUUID() } });
        if (response.status !== 201) throw new Error(`bench: submit failed ${response.status}`);
      }
    });
    const after: RouteLatency[] = [];
    for (const scenario of reports) after.push(await measureScenario(ctx, scenario));
    const m = machine();
    const ms = (value: number) => value.toFixed(2);
    const lines = [
      `Measured by \`npx tsx bench/report-routes.ts\` on ${m.date} (${m.cpuModel}, ${m.cpus} cores, ${m.memoryGiB} GiB, Node ${m.node}, commit ${m.commit}); `,
      `${FULL.warmIterations} warm calls per route in-process against DynamoDB Local, floor GetItem p50 ${ms(floor.getItem.median)} ms.`,
      '',
      '| route | applications | p50 ms | p99 ms | IQR ms | DynamoDB calls (max) | RRU | sequence | target ≤ 20 calls |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
      ...[...before.map((route) => ({ route, when: 'as seeded + bench' })), ...after.map((route) => ({ route, when: `+${MORE_APPLICATIONS}` }))].map(
        ({ route, when }) =>
          `| ${route.name} \`${route.routeKey}\` | ${when} | ${ms(route.latency.median)} | ${ms(route.latency.p99)} | ${route.latency.p25.toFixed(2)}–${route.latency.p75.toFixed(2)} | ${route.calls.dynamodbCalls} (${route.maxDynamodbCalls}) | ${route.calls.rru.toFixed(1)} | ${route.sequence.join(' → ')} | ${route.maxDynamodbCalls <= 20 ? 'meets' : '**misses**'}${route.unexpected.length > 0 ? ` (${route.unexpected.length} unexpected answers)` : ''} |`,
      ),
    ];
    console.log(lines.join('\n'));
  } finally {
    await ctx.platform.stop();
  }
}

await main();
