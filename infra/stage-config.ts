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
  /** Origins allowed to call the API from a browser (the site itself is the API's origin: it needs no CORS). */
  readonly corsOrigins: string[];
  /**
   * The site's own domain (`service.rhein-kreis-neuss.de`) with its ACM certificate, which CloudFront requires in
   * us-east-1. Without it the site is served at the distribution's `*.cloudfront.net` name, whose certificate
   * CloudFront offers from TLS 1.0 on; with it the distribution allows TLS 1.2 and later only (README, "Deploying the
   * web app").
   */
  readonly siteDomain?: { readonly domainName: string; readonly certificateArn: string };
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

/**
 * The origins the site's pages run at, for the documents bucket's CORS (browsers upload with presigned URLs, straight
 * to S3). With a custom domain that is exactly it. Without one it is any `*.cloudfront.net` name: the distribution's
 * own name is known only after it is deployed, after the data stack that holds the bucket. The presigned URL, not the
 * origin, is what grants an upload, so the wildcard lets no one upload who could not anyway.
 */
export function siteOrigins(config: Pick<StageConfig, 'siteDomain'>): string[] {
  return [config.siteDomain ? `https://${config.siteDomain.domainName}` : 'https://*.cloudfront.net'];
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
