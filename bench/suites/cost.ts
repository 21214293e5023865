/**
 * 6. Cost per 1,000 applications in eu-central-1, from the counts of benchmark 5 and the prices in `bench/prices.json`,
 * and what a county of 450,000 residents would pay per year. Pure arithmetic: every input is shown in RESULTS.md.
 *
 * The model of one application is what the bench drove: one resident parking permit, paid, approved automatically,
 * the PDF downloaded once, the status page opened once (see benchmark 5). Lambda duration uses the locally measured
 * durations (workflow tasks from the execution history, HTTP functions from their measured latency); the INIT phase
 * (billed since 2025-08) uses the locally measured import time of each function's bundle.
 */
import { readFileSync } from 'node:fs';
import type { ApplicationCalls } from './aws-calls.ts';
import type { ColdFigures } from './cold-init.ts';
import type { WarmFigures } from './warm-latency.ts';

export const COST_TARGET_PER_1000 = 0.5;

interface Price {
  value: number;
  unit: string;
  source: string;
  confidence: string;
}

export interface Prices {
  region: string;
  currency: string;
  asOf: string;
  status: string;
  prices: Record<string, Price>;
  notes: string[];
}

export function loadPrices(): Prices {
  return JSON.parse(readFileSync(new URL('../prices.json', import.meta.url), 'utf8')) as Prices;
}

export interface CostLine {
  service: string;
  what: string;
  quantity: number;
  unitPrice: number;
  /** USD per application. */
  perApplication: number;
  /** Inside the scope (Lambda, Step Functions, DynamoDB, S3) or an addition (API Gateway, SES, KMS). */
  inScope: boolean;
}

export interface CountyScenario {
  name: string;
  applicationsPerYear: number;
  basis: string;
  variablePerYear: number;
  fixedPerYear: number;
  totalPerYear: number;
}

export interface CostFigures {
  prices: Prices;
  memoryGb: number;
  /** Cold-start share assumed for the headline figure (see the report for 0 % and 100 %). */
  coldShare: number;
  lines: CostLine[];
  perThousand: { inScope: number; allIn: number; inScopeWarm: number; inScopeAllCold: number; inScopeSlowLambda: number };
  lambda: { invocations: number; billedMs: number; initMs: number; gbSeconds: number };
  county: CountyScenario[];
  fixed: Array<{ what: string; perYear: number }>;
}

/** The memory of every function (`ProjectFunction`'s default; no function overrides it). */
const MEMORY_GB = 512 / 1024;

/** A permit is issued as one signed PDF: one kms:Sign in AWS (the local runtime signs with a file key). */
const KMS_SIGNS_PER_APPLICATION = 1;
/** The citizen downloads the permit once through the presigned URL: one S3 GET outside the SDK. */
const PRESIGNED_GETS_PER_APPLICATION = 1;

export function runCost(calls: ApplicationCalls, warm: WarmFigures, cold: ColdFigures | undefined, coldShare = 0.5): CostFigures {
  const prices = loadPrices();
  const p = (key: string) => {
    const price = prices.prices[key];
    if (!price) throw new Error(`bench: prices.json lacks ${key}`);
    return price.value;
  };
  const total = calls.total;
  const route = (name: string) => warm.routes.find((candidate) => candidate.name === name)?.latency.median;
  // HTTP functions of the application: submit and status from benchmark 3; webhook and download ≈ the status route
  // (one signature check or presign plus a couple of key reads).
  const httpMs = (route('submit') ?? 50) + (route('status') ?? 5) * 3;
  const taskMs = calls.workflow.taskDurations.reduce((sum, task) => sum + Math.max(1, Math.ceil(task.ms)), 0);
  const invocations = calls.invocations.http + calls.workflow.lambdaTasks;
  const billedMs = Math.ceil(httpMs) + taskMs + invocations; // each invocation rounds up to the next ms
  // INIT: the median import time of the functions involved, once per cold invocation.
  const initImports = cold
    ? Object.values(cold.targets)
        .filter((target) => !target.name.startsWith('floor:') && target.name !== 'hello-world')
        .map((target) => target.import.median)
        .sort((a, b) => a - b)
    : [];
  const initMs = initImports.length > 0 ? initImports[Math.floor(initImports.length / 2)]! : 150;
  const gbSeconds = (ms: number) => (ms / 1000) * MEMORY_GB;
  const lambdaDuration = (share: number) => gbSeconds(billedMs + share * invocations * initMs) * p('lambdaArmGbSecond');

  const sesEmails = total.sesCalls;
  const lines: CostLine[] = [
    { service: 'Lambda', what: 'requests', quantity: invocations, unitPrice: p('lambdaRequest'), perApplication: invocations * p('lambdaRequest'), inScope: true },
    {
      service: 'Lambda',
      what: `duration (${(MEMORY_GB * 1024).toFixed(0)} MB arm64; ${billedMs} ms billed + ${Math.round(coldShare * 100)} % cold starts × ${initMs.toFixed(0)} ms INIT)`,
      quantity: gbSeconds(billedMs + coldShare * invocations * initMs),
      unitPrice: p('lambdaArmGbSecond'),
      perApplication: lambdaDuration(coldShare),
      inScope: true,
    },
    {
      service: 'Step Functions',
      what: 'Standard state transitions',
      quantity: calls.workflow.stateTransitions,
      unitPrice: p('stepFunctionsStandardTransition'),
      perApplication: calls.workflow.stateTransitions * p('stepFunctionsStandardTransition'),
      inScope: true,
    },
    { service: 'DynamoDB', what: 'write request units', quantity: total.wru, unitPrice: p('dynamodbWriteRequestUnit'), perApplication: total.wru * p('dynamodbWriteRequestUnit'), inScope: true },
    { service: 'DynamoDB', what: 'read request units', quantity: total.rru, unitPrice: p('dynamodbReadRequestUnit'), perApplication: total.rru * p('dynamodbReadRequestUnit'), inScope: true },
    { service: 'S3', what: 'PUT requests', quantity: total.s3Put, unitPrice: p('s3PutRequest'), perApplication: total.s3Put * p('s3PutRequest'), inScope: true },
    {
      service: 'S3',
      what: 'GET requests (SDK + presigned download)',
      quantity: total.s3Get + PRESIGNED_GETS_PER_APPLICATION,
      unitPrice: p('s3GetRequest'),
      perApplication: (total.s3Get + PRESIGNED_GETS_PER_APPLICATION) * p('s3GetRequest'),
      inScope: true,
    },
    {
      service: 'API Gateway',
      what: 'HTTP API requests (submit, status, webhook, download link)',
      quantity: calls.invocations.http,
      unitPrice: p('apiGatewayHttpRequest'),
      perApplication: calls.invocations.http * p('apiGatewayHttpRequest'),
      inScope: false,
    },
    { service: 'SES', what: 'e-mails', quantity: sesEmails, unitPrice: p('sesEmail'), perApplication: sesEmails * p('sesEmail'), inScope: false },
    {
      service: 'KMS',
      what: 'kms:Sign of the permit (asymmetric)',
      quantity: KMS_SIGNS_PER_APPLICATION,
      unitPrice: p('kmsAsymmetricRequest'),
      perApplication: KMS_SIGNS_PER_APPLICATION * p('kmsAsymmetricRequest'),
      inScope: false,
    },
  ];
  const sum = (filter: (line: CostLine) => boolean) => lines.filter(filter).reduce((acc, line) => acc + line.perApplication, 0);
  const inScope = sum((line) => line.inScope);
  const allIn = sum(() => true);
  const withoutDuration = sum((line) => line.inScope && !line.what.startsWith('duration'));
  const perThousand = {
    inScope: inScope * 1000,
    allIn: allIn * 1000,
    inScopeWarm: (withoutDuration + lambdaDuration(0)) * 1000,
    inScopeAllCold: (withoutDuration + lambdaDuration(1)) * 1000,
    // A 512 MB Lambda has ~0.3 vCPU: the same work may take several times as long as on this machine.
    inScopeSlowLambda: (withoutDuration + 3 * lambdaDuration(coldShare)) * 1000,
  };

  // Fixed costs per year, independent of the number of applications.
  const outboxFlushes = 12 * 24 * 365; // every 5 minutes
  const fixed = [
    { what: 'KMS customer managed keys (table+bucket key, signing key): 2 × $1/month', perYear: 2 * p('kmsKeyMonth') * 12 },
    { what: 'Secrets Manager: payment webhook secret', perYear: p('secretsManagerSecretMonth') * 12 },
    {
      what: `Outbox flush every 5 min (${outboxFlushes.toLocaleString('en-US')} invocations/yr, cold, ~1 query per tenant)`,
      perYear: outboxFlushes * (p('lambdaRequest') + gbSeconds(initMs + 50) * p('lambdaArmGbSecond') + 10 * 0.5 * p('dynamodbReadRequestUnit')),
    },
  ];
  const fixedPerYear = fixed.reduce((acc, item) => acc + item.perYear, 0);
  const scenarios: Array<Pick<CountyScenario, 'name' | 'applicationsPerYear' | 'basis'>> = [
    {
      name: 'today',
      applicationsPerYear: 15_000,
      basis: 'resident parking ~8,000 (new + renewals in the zones of the 8 towns) + business registrations ~7,000 (≈15 per 1,000 residents) at today\'s online share',
    },
    {
      name: 'realistic',
      applicationsPerYear: 30_000,
      basis: '+ address changes online (~45,000 moves/yr, a third of them online) and building-encumbrance requests (~2,000)',
    },
    { name: 'everything online', applicationsPerYear: 70_000, basis: 'all moves, registrations and permits online' },
  ];
  const county = scenarios.map((scenario) => {
    const variablePerYear = scenario.applicationsPerYear * allIn;
    return { ...scenario, variablePerYear, fixedPerYear, totalPerYear: variablePerYear + fixedPerYear };
  });
  return {
    prices,
    memoryGb: MEMORY_GB,
    coldShare,
    lines,
    perThousand,
    lambda: { invocations, billedMs, initMs, gbSeconds: gbSeconds(billedMs + coldShare * invocations * initMs) },
    county,
    fixed,
  };
}
