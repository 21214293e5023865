import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.ts';
import { FUNCTION_CODE_LIMIT_BYTES } from '../../infra/constructs/site-functions.ts';
import { WEB_STAND_IN } from '../../infra/local/synth.ts';
import { createOpenKreisApp } from '../../infra/openkreis-app.ts';
import { IMMUTABLE, REVALIDATE, ROOT_API_PATHS, rootApiPaths, WebStack } from '../../infra/stacks/web-stack.ts';
import { siteOrigins, STAGES } from '../../infra/stage-config.ts';
import { contentSecurityPolicy, HSTS_MAX_AGE_SECONDS, PERMISSIONS_POLICY, REFERRER_POLICY } from '../../infra/web-security.ts';
import { isPagePath, PAGE_PATHS } from '../../web/src/pages/paths.ts';

/**
 * The web app in AWS: S3 + CloudFront in front of the app and the API, synthesized with a stand-in build (the tests
 * need no `npm run web:build`). The CloudFront Functions' generated code is evaluated against sample requests.
 */
type Json = any;
interface StageTemplates {
  web: Template;
  webJson: Json;
  stateless: Json[];
}

let outdir: string;
const stages = {} as Record<'dev' | 'prod', StageTemplates>;

beforeAll(() => {
  outdir = mkdtempSync(path.join(tmpdir(), 'openkreis-web-stack-'));
  const { app, stages: built } = createOpenKreisApp({ account: '123456789012', outdir, webDist: WEB_STAND_IN, context: { 'aws:cdk:bundling-stacks': [] } });
  const assembly = app.synth();
  for (const name of ['dev', 'prod'] as const) {
    const stage = assembly.getNestedAssembly(`assembly-${name}`);
    const webJson = stage.getStackByName(built[name].web.stackName).template;
    stages[name] = {
      web: Template.fromJSON(webJson),
      webJson,
      stateless: built[name].statelessStacks.map((stack) => stage.getStackByName(stack.stackName).template),
    };
  }
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const resourcesOf = (json: Json, type: string): Array<[string, Json]> => Object.entries(json.Resources).filter(([, resource]: [string, Json]) => resource.Type === type);
const distributionConfig = (stage: 'dev' | 'prod') => resourcesOf(stages[stage].webJson, 'AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig;
const behaviors = (stage: 'dev' | 'prod') => [distributionConfig(stage).DefaultCacheBehavior, ...distributionConfig(stage).CacheBehaviors];

/** A CloudFront Function of the web stack, evaluated as CloudFront would run it. */
function edgeFunction(stage: 'dev' | 'prod', name: string): { code: string; handler: (event: Json) => Json } {
  const [, fn] = resourcesOf(stages[stage].webJson, 'AWS::CloudFront::Function').find(([, resource]) => resource.Properties.Name === `openkreis-${stage}-${name}`)!;
  expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
  const code = fn.Properties.FunctionCode as string;
  return { code, handler: new Function(`${code}\nreturn handler;`)() as (event: Json) => Json };
}

const viewerRequest = (uri: string) => ({ version: '1.0', context: { eventType: 'viewer-request' }, request: { method: 'GET', uri, querystring: {}, headers: {}, cookies: {} } });
const viewerResponse = (uri: string, statusCode: number) => ({
  version: '1.0',
  context: { eventType: 'viewer-response' },
  request: { method: 'GET', uri, querystring: {}, headers: {}, cookies: {} },
  response: { statusCode, statusDescription: 'OK', headers: {}, cookies: {} },
});

/** A concrete path for a page pattern. */
const sample = (page: string) => page.replace(/:\w+/g, 'x1');

describe('the site bucket', () => {
  it('is private, TLS only, logged, and readable by this distribution alone through origin access control', () => {
    const { web, webJson } = stages.dev;
    web.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'site/' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    const [s3Origin] = distributionConfig('dev').Origins.filter((origin: Json) => origin.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/OriginAccessControl/), 'Id'] });
    const statements = resourcesOf(webJson, 'AWS::S3::BucketPolicy').flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
    expect(statements).toHaveLength(2);
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const allows = statements.filter((statement: Json) => statement.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceArn': expect.objectContaining({ 'Fn::Join': ['', expect.arrayContaining([':distribution/', { Ref: expect.stringMatching(/^Distribution/) }])] }) } },
      }),
    ]);
  });
});

describe('the distribution', () => {
  it('serves the app from the bucket and the API under /api/ and at the root paths that links need, in each stage', () => {
    for (const stage of ['dev', 'prod'] as const) {
      const config = distributionConfig(stage);
      expect(config.CacheBehaviors.map((behavior: Json) => behavior.PathPattern)).toEqual(['/api/*', ...rootApiPaths(stage)]);
      const apiOrigin = config.Origins.find((origin: Json) => origin.CustomOriginConfig);
      expect(apiOrigin.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
      expect(JSON.stringify(apiOrigin.DomainName)).toMatch(/openkreis-[a-z]+-services:ExportsOutputRefApi.*execute-api\.eu-central-1\./);
      for (const behavior of config.CacheBehaviors) {
        expect(behavior, behavior.PathPattern).toMatchObject({
          TargetOriginId: apiOrigin.Id,
          AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
          CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
          OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
          ViewerProtocolPolicy: 'https-only',
        });
        // Only /api/* strips its prefix; the root paths reach the API as they are.
        expect(behavior.FunctionAssociations.length, behavior.PathPattern).toBe(behavior.PathPattern === '/api/*' ? 1 : 0);
      }
      expect(config.DefaultCacheBehavior).toMatchObject({ AllowedMethods: ['GET', 'HEAD'], ViewerProtocolPolicy: 'redirect-to-https', Compress: true });
      expect(config.DefaultCacheBehavior.FunctionAssociations.map((association: Json) => association.EventType)).toEqual(['viewer-request', 'viewer-response']);
      expect(config).toMatchObject({ HttpVersion: 'http2and3', IPV6Enabled: true, PriceClass: 'PriceClass_100' });
      // An API answer is never replaced by an error page: no custom error responses on the distribution.
      expect(config.CustomErrorResponses).toBeUndefined();
    }
  });

  it('keeps the QR-code, payment and contract paths at the root only where the stage has such a route, and never on a page path', () => {
    expect(rootApiPaths('dev')).toEqual(expect.arrayContaining(['/verify/*', '/sandbox-pay/*', '/payments/webhook']));
    expect(rootApiPaths('prod')).toEqual(expect.arrayContaining(['/verify/*', '/payments/webhook']));
    // The payment sandbox is not deployed in prod.
    expect(rootApiPaths('prod')).not.toContain('/sandbox-pay/*');
    for (const pattern of ROOT_API_PATHS) {
      expect(isPagePath(pattern.replace('/*', '/x1')), pattern).toBe(false);
      for (const page of PAGE_PATHS) expect(sample(page).startsWith(pattern.replace('*', '')) && pattern.endsWith('/*'), `${page} under ${pattern}`).toBe(false);
    }
    for (const pattern of rootApiPaths('dev')) {
      const prefix = pattern.replace('*', '');
      expect(routes.some((route) => (pattern.endsWith('/*') ? route.path.startsWith(prefix) : route.path === pattern)), pattern).toBe(true);
    }
  });

  it('caches the app\'s files as their Cache-Control says (revalidated unless hashed), compressed with gzip and brotli', () => {
    const { web, webJson } = stages.dev;
    web.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: {
        MinTTL: 0,
        DefaultTTL: 0,
        MaxTTL: 365 * 24 * 3600,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({ EnableAcceptEncodingGzip: true, EnableAcceptEncodingBrotli: true }),
      },
    });
    const [siteCacheId] = resourcesOf(webJson, 'AWS::CloudFront::CachePolicy')[0]!;
    expect(distributionConfig('dev').DefaultCacheBehavior.CachePolicyId).toEqual({ Ref: siteCacheId });
    expect(IMMUTABLE).toBe('public, max-age=31536000, immutable');
    expect(REVALIDATE).toBe('no-cache');
  });

  it('sets the security headers of infra/web-security.ts on every behaviour, without overriding the API pages\' own stricter policies', () => {
    for (const stage of ['dev', 'prod'] as const) {
      const { web, webJson } = stages[stage];
      const csp = contentSecurityPolicy({ cognitoOrigin: 'https://cognito-idp.eu-central-1.amazonaws.com' });
      const scripts = csp.split('; ').find((directive) => directive.startsWith('script-src'))!;
      expect(scripts).toBe("script-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(csp).toContain("frame-ancestors 'none'");
      web.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: {
          SecurityHeadersConfig: {
            ContentSecurityPolicy: { ContentSecurityPolicy: csp, Override: false },
            ContentTypeOptions: { Override: false },
            FrameOptions: { FrameOption: 'DENY', Override: false },
            ReferrerPolicy: { ReferrerPolicy: REFERRER_POLICY, Override: false },
            StrictTransportSecurity: { AccessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, IncludeSubdomains: true, Preload: true, Override: false },
          },
          CustomHeadersConfig: { Items: [{ Header: 'permissions-policy', Value: PERMISSIONS_POLICY, Override: false }] },
        },
      });
      const [policyId] = resourcesOf(webJson, 'AWS::CloudFront::ResponseHeadersPolicy')[0]!;
      for (const behavior of behaviors(stage)) expect(behavior.ResponseHeadersPolicyId, behavior.PathPattern ?? 'default').toEqual({ Ref: policyId });
    }
  });

  it('names the site URL as a stack output and uses it, imported from the web stack, in every function\'s links; the API stacks never depend on the web stack', () => {
    for (const stage of ['dev', 'prod'] as const) {
      const { webJson, stateless } = stages[stage];
      expect(webJson.Outputs.SiteUrl.Value).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.stringMatching(/^Distribution/), 'DomainName'] }]] });
      const functions = stateless.flatMap((template) => resourcesOf(template, 'AWS::Lambda::Function').map(([, fn]) => fn));
      expect(functions.length).toBeGreaterThan(30);
      for (const fn of functions) {
        expect(fn.Properties.Environment.Variables.PUBLIC_API_URL, fn.Metadata?.['OpenKreis::Handler']).toEqual({
          'Fn::Join': ['', ['https://', { 'Fn::ImportValue': expect.stringMatching(new RegExp(`^openkreis-${stage}-web:`)) }]],
        });
      }
      // The services stack (the API) is imported by the web stack and imports nothing from it.
      const [services] = stateless;
      expect(JSON.stringify(services)).not.toContain(`openkreis-${stage}-web:`);
    }
  });

  it('serves the *.cloudfront.net name until a stage has its own domain (acknowledged), and the documents bucket accepts uploads from the site', () => {
    for (const stage of ['dev', 'prod'] as const) {
      expect(STAGES[stage].siteDomain).toBeUndefined();
      expect(distributionConfig(stage).ViewerCertificate).toBeUndefined();
    }
    expect(siteOrigins({})).toEqual(['https://*.cloudfront.net']);
    expect(siteOrigins({ siteDomain: { domainName: 'service.rhein-kreis-neuss.de', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' } })).toEqual([
      'https://service.rhein-kreis-neuss.de',
    ]);
  });
});

describe('the deployment of the built app', () => {
  it('uploads hashed assets first and never prunes them, then the rest with config.json, revalidated', () => {
    const { web, webJson } = stages.dev;
    const deployments = resourcesOf(webJson, 'Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(2);
    const [assetsId, assets] = deployments.find(([, d]) => d.Properties.DestinationBucketKeyPrefix === 'assets/')!;
    const [, app] = deployments.find(([, d]) => d.Properties.DestinationBucketKeyPrefix === undefined)!;
    expect(assets.Properties).toMatchObject({ Prune: false, SystemMetadata: { 'cache-control': IMMUTABLE } });
    expect(app.Properties).toMatchObject({ Prune: true, Exclude: ['assets/*'], SystemMetadata: { 'cache-control': REVALIDATE } });
    expect(app.DependsOn).toContain(assetsId);
    web.resourceCountIs('AWS::CloudFront::Distribution', 1);
  });

  it('writes config.json with the API base, the Cognito regional endpoint, the user pool client and the stage', () => {
    for (const stage of ['dev', 'prod'] as const) {
      const [, app] = resourcesOf(stages[stage].webJson, 'Custom::CDKBucketDeployment').find(([, d]) => d.Properties.Prune === true)!;
      const markerIndex = app.Properties.SourceMarkers.findIndex((markers: Json) => Object.keys(markers).length > 0);
      const key = app.Properties.SourceObjectKeys[markerIndex] as string;
      const config = JSON.parse(readFileSync(path.join(outdir, `asset.${key.replace(/\.zip$/, '')}`, 'config.json'), 'utf8'));
      expect(config).toEqual({ apiBase: '/api', cognitoEndpoint: 'https://cognito-idp.eu-central-1.amazonaws.com/', userPoolClientId: '<<marker:0xbaba:0>>', stage });
      expect(app.Properties.SourceMarkers[markerIndex]['<<marker:0xbaba:0>>']).toEqual({ 'Fn::ImportValue': expect.stringMatching(new RegExp(`^openkreis-${stage}-data:.*WebClient`)) });
    }
  });
});

describe('the site routing function (generated from the page table, evaluated)', () => {
  it('answers every page path with the app, with or without a trailing slash', () => {
    const { handler } = edgeFunction('dev', 'site-routing');
    for (const page of PAGE_PATHS) {
      for (const uri of [sample(page), page === '/' ? '/' : `${sample(page)}/`]) {
        expect(handler(viewerRequest(uri)).uri, uri).toBe('/index.html');
        expect(handler(viewerResponse(uri, 200)).statusCode, uri).toBe(200);
        expect(handler(viewerResponse('/index.html', 200)).statusCode, uri).toBe(200);
      }
    }
  });

  it('answers the files of the build and config.json with themselves, and a directory with its index.html', () => {
    const { handler } = edgeFunction('dev', 'site-routing');
    for (const uri of ['/assets/app-standin.js', '/static/site.css', '/config.json', '/index.html']) {
      expect(handler(viewerRequest(uri)).uri, uri).toBe(uri);
      expect(handler(viewerResponse(uri, 200)).statusCode, uri).toBe(200);
    }
    expect(handler(viewerRequest('/static/')).uri).toBe('/static/index.html');
  });

  it('answers anything else with the German 404 page and status 404, whichever URI the response event carries', () => {
    const { handler } = edgeFunction('dev', 'site-routing');
    for (const uri of ['/unbekannt', '/api', '/dienste/x1/y/z', '/wp-login.php', '/applications/abc', '/404.html', '/constructor', '/__proto__']) {
      expect(handler(viewerRequest(uri)).uri, uri).toBe('/404.html');
      for (const seen of [uri, '/404.html']) {
        const response = handler(viewerResponse(seen, 200));
        expect(response.statusCode, `${uri} seen as ${seen}`).toBe(404);
        expect(response.statusDescription).toBe('Not Found');
      }
    }
  });

  it('keeps a 304 (a browser revalidating its stored 404 page) and turns S3\'s 403 for a missing file into a 404', () => {
    const { handler } = edgeFunction('dev', 'site-routing');
    expect(handler(viewerResponse('/unbekannt', 304)).statusCode).toBe(304);
    expect(handler(viewerResponse('/assets/nicht-da-123.js', 403)).statusCode).toBe(404);
  });

  it('fits CloudFront\'s 10 KB limit for function code', () => {
    for (const name of ['site-routing', 'api-prefix']) expect(Buffer.byteLength(edgeFunction('prod', name).code)).toBeLessThan(FUNCTION_CODE_LIMIT_BYTES);
  });
});

describe('the API prefix function (evaluated)', () => {
  it('strips /api before API Gateway and leaves the rest of the request alone', () => {
    const { handler } = edgeFunction('dev', 'api-prefix');
    const cases: Array<[string, string]> = [
      ['/api/applications', '/applications'],
      ['/api/applications/a1/documents/d1', '/applications/a1/documents/d1'],
      ['/api/', '/'],
      ['/api/verify/abc', '/verify/abc'],
    ];
    for (const [uri, expected] of cases) {
      const event = viewerRequest(uri);
      event.request.querystring = { cursor: { value: 'x' } } as never;
      const request = handler(event);
      expect(request.uri, uri).toBe(expected);
      expect(request.querystring).toEqual({ cursor: { value: 'x' } });
    }
  });
});

describe('a stage with its own domain', () => {
  it('serves the domain with its certificate, TLS 1.2 and later only, and links use the domain', () => {
    const app = new App();
    const base = new Stack(app, 'Base', { env: { account: '123456789012', region: 'eu-central-1' } });
    const api = new HttpApi(base, 'Api');
    const client = new UserPool(base, 'Users').addClient('Web');
    const logs = new Bucket(base, 'Logs');
    const config = { ...STAGES.prod, siteDomain: { domainName: 'service.rhein-kreis-neuss.de', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } };
    const web = new WebStack(app, 'Web', { env: { account: '123456789012', region: 'eu-central-1' }, config, api, userPoolClient: client, accessLogs: logs, webDist: WEB_STAND_IN });
    expect(web.siteUrl).toBe('https://service.rhein-kreis-neuss.de');
    Template.fromStack(web).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['service.rhein-kreis-neuss.de'],
        ViewerCertificate: { AcmCertificateArn: config.siteDomain.certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      }),
    });
  });

  it('refuses to synthesize without a built app, saying how to build it', () => {
    const app = new App();
    const base = new Stack(app, 'Base');
    expect(
      () =>
        new WebStack(app, 'Web', {
          config: STAGES.dev,
          api: new HttpApi(base, 'Api'),
          userPoolClient: new UserPool(base, 'Users').addClient('Web'),
          accessLogs: new Bucket(base, 'Logs'),
          webDist: path.join(tmpdir(), 'openkreis-no-such-build'),
        }),
    ).toThrow(/npm run web:build/);
  });
});
