import { lambdaContext } from './http/api-event.ts';
import { loadHandler } from './handlers.ts';
import type { CloudFormationTemplate } from './emulators/template.ts';

const HANDLER_METADATA_KEY = 'OpenKreis::Handler';

export interface LocalSchedule {
  name: string;
  expression: string;
  handler: string;
  input: unknown;
}

export interface ScheduleRunner {
  schedules: LocalSchedule[];
  /**
   * Runs one schedule now (also served as `POST /local/schedules/{name}/run`). `input` replaces the rule's input, as
   * invoking the function by hand with a payload would (e.g. the repair's `{"graceSeconds": 0}`).
   */
  run(name: string, input?: unknown): Promise<unknown>;
  stop(): void;
}

/**
 * EventBridge schedules of the synthesized template, run locally: `rate(...)` as an interval, `cron(m h * * ? *)` once
 * a day at that UTC time. The targets are the same handler modules the rules invoke in AWS. With `timers: false`
 * nothing runs by itself, only `run` (tests that must decide when a repair happens).
 */
export function startSchedules(template: CloudFormationTemplate, log: (message: string) => void, options: { timers?: boolean } = {}): ScheduleRunner {
  const resources = (template.Resources ?? {}) as Record<string, { Type: string; Properties?: any; Metadata?: Record<string, unknown> }>;
  const schedules: LocalSchedule[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Events::Rule' || !resource.Properties?.ScheduleExpression) continue;
    for (const target of resource.Properties.Targets ?? []) {
      const functionId = target.Arn?.['Fn::GetAtt']?.[0];
      const handler = functionId ? resources[functionId]?.Metadata?.[HANDLER_METADATA_KEY] : undefined;
      if (typeof handler !== 'string') continue;
      schedules.push({
        name: resource.Properties.Name ?? logicalId,
        expression: resource.Properties.ScheduleExpression,
        handler,
        input: target.Input ? JSON.parse(target.Input) : {},
      });
    }
  }

  const running = new Set<string>();
  const run = async (name: string, input?: unknown) => {
    const schedule = schedules.find((candidate) => candidate.name === name);
    if (!schedule) throw new Error(`No schedule named ${name}`);
    // Like EventBridge + a single concurrent execution: a run that is still busy is not started twice.
    if (running.has(name)) return { skipped: 'already running' };
    running.add(name);
    try {
      const handler = await loadHandler(schedule.handler);
      return await handler(input ?? schedule.input, lambdaContext(name, 300_000));
    } finally {
      running.delete(name);
    }
  };

  const timers: NodeJS.Timeout[] = [];
  if (options.timers === false) return { schedules, run, stop: () => undefined };
  for (const schedule of schedules) {
    const every = intervalMs(schedule.expression);
    const tick = () =>
      run(schedule.name).catch((error: Error) => log(`[schedule] ${schedule.name} failed: ${error.message}`));
    if (every) timers.push(setInterval(tick, every).unref());
    else {
      const daily = dailyAt(schedule.expression);
      if (!daily) {
        log(`[schedule] ${schedule.name}: "${schedule.expression}" is not supported locally; run it with POST /local/schedules/${schedule.name}/run`);
        continue;
      }
      const arm = () => {
        const now = new Date();
        const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), daily.hour, daily.minute));
        if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
        timers.push(setTimeout(() => void tick().finally(arm), next.getTime() - now.getTime()).unref());
      };
      arm();
    }
  }
  return { schedules, run, stop: () => timers.forEach((timer) => clearTimeout(timer)) };
}

export function intervalMs(expression: string): number | undefined {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!match) return undefined;
  const unit = match[2]!.startsWith('minute') ? 60_000 : match[2]!.startsWith('hour') ? 3_600_000 : 86_400_000;
  return Number(match[1]) * unit;
}

export function dailyAt(expression: string): { minute: number; hour: number } | undefined {
  const match = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/.exec(expression);
  return match ? { minute: Number(match[1]), hour: Number(match[2]) } : undefined;
}
