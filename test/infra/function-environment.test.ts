import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOpenKreisApp } from '../../infra/openkreis-app.ts';
import { mergeTemplates, WEB_STAND_IN } from '../../infra/local/synth.ts';

/**
 * Handlers read their configuration at load time. Locally one process serves all of them with one environment, so
 * a variable that a function needs but the CDK app does not inject would only fail in AWS, at the first cold start.
 * This test loads every function's handler module with exactly the environment the template gives that function.
 */
interface FunctionUnderTest {
  logicalId: string;
  handler: string;
  variables: Record<string, string>;
}

let functions: FunctionUnderTest[] = [];
let outdir: string;
const originalEnv = { ...process.env };

/** Deploy-time values (references) become plausible stand-ins of the right shape. */
function standIn(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (name.endsWith('_URL')) return 'https://abc123.execute-api.eu-central-1.amazonaws.com';
  if (name.endsWith('_ARN') || name.endsWith('_KEY_ID')) return 'arn:aws:service:eu-central-1:123456789012:resource/stand-in';
  return 'stand-in';
}

beforeAll(() => {
  outdir = mkdtempSync(path.join(tmpdir(), 'openkreis-env-test-'));
  const { stages } = createOpenKreisApp({ account: '123456789012', outdir, webDist: WEB_STAND_IN, context: { 'aws:cdk:bundling-stacks': [] } });
  const assembly = stages.dev.synth();
  const template = mergeTemplates(...stages.dev.statelessStacks.map((stack) => assembly.getStackByName(stack.stackName).template)) as { Resources: Record<string, { Type: string; Properties: any; Metadata?: Record<string, string> }> };
  functions = Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function' && resource.Metadata?.['OpenKreis::Handler'])
    .map(([logicalId, resource]) => ({
      logicalId,
      handler: resource.Metadata!['OpenKreis::Handler']!,
      variables: Object.fromEntries(Object.entries(resource.Properties.Environment?.Variables ?? {}).map(([name, value]) => [name, standIn(name, value)])),
    }));
}, 120_000);

afterAll(() => {
  process.env = originalEnv;
  rmSync(outdir, { recursive: true, force: true });
});

describe('function environments', () => {
  it('finds every function of the services stack', () => {
    expect(functions.length).toBeGreaterThan(30);
  });

  it('give every handler the configuration it reads when it is loaded', async () => {
    const failures: string[] = [];
    for (const fn of functions) {
      // Only what Lambda itself sets, plus what the template declares for this function.
      process.env = { PATH: originalEnv.PATH, AWS_REGION: 'eu-central-1', AWS_LAMBDA_FUNCTION_NAME: fn.logicalId, ...fn.variables };
      vi.resetModules();
      try {
        const file = fileURLToPath(new URL(`../../functions/${fn.handler}.ts`, import.meta.url));
        const module = (await import(/* @vite-ignore */ file)) as { handler?: unknown };
        if (typeof module.handler !== 'function') failures.push(`${fn.handler}: exports no handler`);
      } catch (error) {
        failures.push(`${fn.handler}: ${(error as Error).message}`);
      }
    }
    process.env = originalEnv;
    expect(failures).toEqual([]);
  }, 120_000);
});
