import path from 'node:path';
import { CfnOutput, Duration, Stack, Token, type StackProps } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
  type FunctionAssociation,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { routes } from '../../functions/routes.ts';
import type { RuntimeConfig } from '../../web/src/config.ts';
import { API_PREFIX } from '../../web/src/pages/paths.ts';
import { apiPrefixCode, siteRootEntries, siteRoutingCode } from '../constructs/site-functions.ts';
import { acknowledge } from '../nag.ts';
import type { StageConfig } from '../stage-config.ts';
import { contentSecurityPolicy, FRAME_OPTIONS, HSTS_MAX_AGE_SECONDS, PERMISSIONS_POLICY, REFERRER_POLICY } from '../web-security.ts';

export interface WebStackProps extends StackProps {
  readonly config: StageConfig;
  /** The HTTP API, the distribution's second origin. */
  readonly api: IHttpApi;
  readonly userPoolClient: IUserPoolClient;
  /** The stage's access-log bucket (data stack): the site bucket logs there under `site/`. */
  readonly accessLogs: IBucket;
  /** The built app (`web/dist`); tests and the local runtime pass a small stand-in. */
  readonly webDist: string;
}

/**
 * API paths that stay at the root of the site, next to `/api/…`: links that leave the site and must keep working as
 * they are — the QR codes on printed permits and certificates (`/verify/…`), the sandbox's checkout links, the payment
 * provider's webhook — and the published contract. A path gets its behaviour only where the stage deploys a route
 * under it (the sandbox is not in prod). No page path can be one of them (`test/unit/web/paths.test.ts`).
 */
export const ROOT_API_PATHS = ['/verify/*', '/sandbox-pay/*', '/payments/webhook', '/openapi.json'] as const;

export function rootApiPaths(stage: StageConfig['stage']): string[] {
  const deployed = routes.filter((route) => !(route.devOnly && stage === 'prod')).map((route) => route.path);
  return ROOT_API_PATHS.filter((pattern) =>
    pattern.endsWith('/*') ? deployed.some((route) => route.startsWith(pattern.slice(0, -1))) : deployed.includes(pattern),
  );
}

/** Hashed file names (`assets/`) never change content: a year, immutable. Everything else is revalidated. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/**
 * The web app in AWS: its built files in a private S3 bucket, one CloudFront distribution in front of the files and
 * of the HTTP API (same origin, no CORS): `/api/*` goes to API Gateway without the prefix, the root API paths
 * ({@link ROOT_API_PATHS}) as they are, everything else to the bucket, where a CloudFront Function answers page paths
 * with the app and unknown paths with the German 404 page. The security headers come from `infra/web-security.ts`,
 * the same as `npm start` sends.
 */
export class WebStack extends Stack {
  readonly distribution: Distribution;
  /** `https://<domain>`: the site's origin, also the API's public origin (links in e-mails, QR codes, payments). */
  readonly siteUrl: string;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { config, api, userPoolClient, accessLogs, webDist } = props;
    const rootEntries = siteRootEntries(webDist);

    // Not versioned: every object is a build output of a commit; a rollback deploys the commit before. Old hashed
    // assets stay (the asset deployment never prunes), so a page open during a deployment still loads its chunks.
    const bucket = new Bucket(this, 'Site', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: config.removalPolicy,
    });

    const cognitoOrigin = `https://cognito-idp.${config.region}.amazonaws.com`;
    // `override: false`: CloudFront adds a header where the origin sent none. The app's files carry none; the API's
    // server-rendered pages (verification, sandbox checkout) send their own, stricter CSP, which must stand.
    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `openkreis-${config.stage}-security-headers`,
      comment: 'OpenKreis: the security headers of infra/web-security.ts',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy({ cognitoOrigin }), override: false },
        contentTypeOptions: { override: false },
        frameOptions: { frameOption: FRAME_OPTIONS as HeadersFrameOption, override: false },
        referrerPolicy: { referrerPolicy: REFERRER_POLICY as HeadersReferrerPolicy, override: false },
        strictTransportSecurity: { accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS), includeSubdomains: true, preload: true, override: false },
      },
      customHeadersBehavior: { customHeaders: [{ header: 'permissions-policy', value: PERMISSIONS_POLICY, override: false }] },
    });

    // The files: cached as their Cache-Control says (min TTL 0, so `no-cache` is revalidated every time), compressed.
    const siteCache = new CachePolicy(this, 'SiteCache', {
      cachePolicyName: `openkreis-${config.stage}-site`,
      comment: 'OpenKreis web app: honour Cache-Control, gzip and brotli',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const routing = new EdgeFunction(this, 'SiteRouting', {
      functionName: `openkreis-${config.stage}-site-routing`,
      comment: 'Page paths -> /index.html, files -> themselves, anything else -> /404.html with status 404',
      code: FunctionCode.fromInline(siteRoutingCode(rootEntries)),
      runtime: FunctionRuntime.JS_2_0,
    });
    const stripApiPrefix = new EdgeFunction(this, 'ApiPrefix', {
      functionName: `openkreis-${config.stage}-api-prefix`,
      comment: `${API_PREFIX}/x -> /x before API Gateway`,
      code: FunctionCode.fromInline(apiPrefixCode()),
      runtime: FunctionRuntime.JS_2_0,
    });

    const apiOrigin = new HttpOrigin(`${api.apiId}.execute-api.${config.region}.${this.urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    // Never cached; every header but Host (API Gateway answers to its own name), the query string and cookies reach
    // the API. The managed "all viewer" policy also forwards Authorization, which a custom one could not.
    const apiBehavior = (functionAssociations: FunctionAssociation[] = []): BehaviorOptions => ({
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: securityHeaders,
      functionAssociations,
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `OpenKreis ${config.stage}: web app and API`,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: siteCache,
        responseHeadersPolicy: securityHeaders,
        compress: true,
        functionAssociations: [
          { function: routing, eventType: FunctionEventType.VIEWER_REQUEST },
          { function: routing, eventType: FunctionEventType.VIEWER_RESPONSE },
        ],
      },
      additionalBehaviors: {
        [`${API_PREFIX}/*`]: apiBehavior([{ function: stripApiPrefix, eventType: FunctionEventType.VIEWER_REQUEST }]),
        ...Object.fromEntries(rootApiPaths(config.stage).map((pattern) => [pattern, apiBehavior()])),
      },
      // TLS 1.2 and later: settable only with a certificate of the site's own (CFR4 acknowledged below until then).
      ...(config.siteDomain
        ? {
            domainNames: [config.siteDomain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'SiteCertificate', config.siteDomain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Europe and North America: the county's residents; elsewhere served from the nearest of those.
      priceClass: PriceClass.PRICE_CLASS_100,
      enableIpv6: true,
    });
    this.siteUrl = `https://${config.siteDomain?.domainName ?? this.distribution.distributionDomainName}`;

    // Hashed assets first (never pruned: pages open during a deployment load the chunks of their build), then the
    // rest with the runtime configuration, so that no index.html is ever served before the assets it names.
    const assets = new BucketDeployment(this, 'DeployAssets', {
      sources: [Source.asset(path.join(webDist, 'assets'))],
      destinationBucket: bucket,
      destinationKeyPrefix: 'assets/',
      prune: false,
      cacheControl: [CacheControl.fromString(IMMUTABLE)],
    });
    const runtimeConfig: RuntimeConfig = {
      apiBase: API_PREFIX,
      cognitoEndpoint: `${cognitoOrigin}/`,
      userPoolClientId: userPoolClient.userPoolClientId,
      stage: config.stage,
    };
    const app = new BucketDeployment(this, 'DeployApp', {
      sources: [Source.asset(webDist, { exclude: ['assets'] }), Source.jsonData('config.json', runtimeConfig)],
      destinationBucket: bucket,
      exclude: ['assets/*'],
      prune: true,
      cacheControl: [CacheControl.fromString(REVALIDATE)],
    });
    app.node.addDependency(assets);

    acknowledge(this.distribution, [
      {
        id: 'AwsSolutions-CFR1',
        reason: 'No geo restriction: residents use the county services from abroad (holidays, commuters to the Netherlands and Belgium); a country list is no security boundary.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'No WAF web ACL yet: a CloudFront web ACL must live in us-east-1 and costs a monthly fee per rule; the API throttles per stage and validates every input. Adding AWS managed rules is a decision per stage, documented in the README.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason: 'No CloudFront access logs: standard logs hold every visitor\'s IP address and user agent (personal data); the API writes its own access logs without them, and CloudFront metrics cover operations.',
      },
      ...(config.siteDomain
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason: 'Until the stage has its own domain (siteDomain), the site is served at the *.cloudfront.net name, whose certificate CloudFront offers from TLS 1.0 on; with siteDomain the distribution allows TLS 1.2 and later only.',
            },
          ]),
    ]);
    // The provider function of aws-cdk-lib's BucketDeployment (one for both deployments): copies the build from the
    // CDK asset bucket into the site bucket.
    const account = Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account;
    const deploymentWildcards = [
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => `Action::${action}`),
      `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${account}-${config.region}/*`,
      `Resource::<${this.getLogicalId(bucket.node.defaultChild as CfnBucket)}.Arn>/*`,
    ];
    const provider = this.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    for (const scope of [assets.handlerRole, ...(provider ? [provider] : [])]) {
      acknowledge(scope, [
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: 'The BucketDeployment provider function only writes its own CloudWatch logs with AWSLambdaBasicExecutionRole.',
        },
        ...deploymentWildcards.map((finding) => ({
          id: `AwsSolutions-IAM5[${finding}]`,
          reason: 'BucketDeployment grants its provider function read access to the CDK asset bucket and write access to the site bucket (object wildcards, its own action groups); nothing else.',
        })),
        {
          id: 'AwsSolutions-L1',
          reason: 'The runtime of the BucketDeployment provider function is chosen by aws-cdk-lib and moves with its updates.',
        },
      ]);
    }

    new CfnOutput(this, 'SiteUrl', { value: this.siteUrl, description: 'The web app (and the API under /api/)' });
  }
}
