import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** What differs between stages. Everything else is the same code in dev and prod. */
export interface StageConfig {
  readonly stage: 'dev' | 'prod';
  readonly region: 'eu-central-1';
  readonly countyTenantId: string;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  /** API Gateway default-stage throttling (requests per second / burst). */
  readonly throttle: { rateLimit: number; burstLimit: number };
  /** Origins allowed to call the API from a browser. */
  readonly corsOrigins: string[];
  /** Sender of notifications; its domain must be a verified SES identity of the account. */
  readonly notificationFromAddress: string;
  /** The payment-provider adapter. Only `sandbox` exists so far: prod needs an ePayBL adapter before go-live. */
  readonly paymentProvider: 'sandbox';
  /**
   * The tenants the tenant access role may be assumed for (its trust policy allows `TenantId` session tags with these
   * values only; see `infra/constructs/tenant-access-role.ts`). Tenants are onboarded at runtime, but a tenant id
   * missing here gets no data access in AWS: add it and deploy BEFORE onboarding (README, "Onboarding in AWS").
   */
  readonly tenantIds: readonly string[];
}

/** The county and its eight municipalities — the tenants of both stages. */
const COUNTY_TENANTS = ['rhein-kreis-neuss', 'dormagen', 'grevenbroich', 'juechen', 'kaarst', 'korschenbroich', 'meerbusch', 'neuss', 'rommerskirchen'] as const;

export const STAGES: Record<StageConfig['stage'], StageConfig> = {
  dev: {
    stage: 'dev',
    region: 'eu-central-1',
    countyTenantId: 'rhein-kreis-neuss',
    logRetention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    throttle: { rateLimit: 50, burstLimit: 100 },
    corsOrigins: ['http://localhost:3000'],
    notificationFromAddress: 'noreply@dev.openkreis.rhein-kreis-neuss.de',
    paymentProvider: 'sandbox',
    tenantIds: COUNTY_TENANTS,
  },
  prod: {
    stage: 'prod',
    region: 'eu-central-1',
    countyTenantId: 'rhein-kreis-neuss',
    logRetention: RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    throttle: { rateLimit: 200, burstLimit: 400 },
    corsOrigins: ['https://service.rhein-kreis-neuss.de'],
    notificationFromAddress: 'noreply@service.rhein-kreis-neuss.de',
    paymentProvider: 'sandbox',
    tenantIds: COUNTY_TENANTS,
  },
};
