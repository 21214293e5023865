import { Duration, Stack } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { COMPILED_CATALOGUE_FILE } from '../../functions/training/content/compiled.ts';
import { BUNDLING_ALIASES, bundlingDefine, OPENAPI_DOCUMENT_HANDLER } from './bundling.ts';

const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions/', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Metadata key under which every function records its handler module; the local runtime maps tasks with it. */
export const HANDLER_METADATA_KEY = 'OpenKreis::Handler';

export interface ProjectFunctionProps {
  /** Handler module below `functions/`, without extension, e.g. `tenants/create-tenant.handler`. */
  readonly handler: string;
  readonly environment: Record<string, string>;
  readonly logRetention: RetentionDays;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly description?: string;
  /**
   * Ship the county's training content next to the bundle: `training-content/catalogue.json`, compiled from the
   * course files (YAML, Markdown) and checked at build time — invalid content fails the build.
   */
  readonly includeTrainingContent?: boolean;
}

/**
 * Files generated next to the bundle: the compiled training content (checked: invalid content fails the build) and,
 * for the function of `GET /openapi.json`, the OpenAPI document of the route table.
 */
function afterBundling(props: ProjectFunctionProps, inputDir = '', outputDir = ''): string[] {
  const tsx = `"${path.join(inputDir, 'node_modules', '.bin', 'tsx')}"`;
  return [
    ...(props.includeTrainingContent
      ? [`${tsx} "${path.join(inputDir, 'infra', 'cli', 'content-check.ts')}" "${path.join(inputDir, 'training-content')}" --out "${path.join(outputDir, 'training-content', COMPILED_CATALOGUE_FILE)}"`]
      : []),
    ...(props.handler === OPENAPI_DOCUMENT_HANDLER
      ? [`${tsx} "${path.join(inputDir, 'infra', 'cli', 'contract.ts')}" --out "${path.join(outputDir, 'openapi.json')}"`]
      : []),
  ];
}

/** Where bundled training content lives inside the Lambda package. */
export const LAMBDA_TRAINING_CONTENT_DIR = '/var/task/training-content';

/**
 * The one Lambda construct of the project: Node.js 22 on arm64, ESM, minified, AWS SDK bundled (no dependency on the
 * runtime's SDK version), source maps, JSON logs into a log group with retention.
 */
export class ProjectFunction extends NodejsFunction {
  readonly handlerModule: string;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention });
    super(scope, id, {
      entry: path.join(FUNCTIONS_DIR, `${props.handler}.ts`),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      description: props.description ?? props.handler,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'openkreis',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        // File and line in stack traces need the mappings only; without the sources the map is a third of the size,
        // which Node parses at start-up under --enable-source-maps (bench/RESULTS.md, cold init).
        sourcesContent: false,
        bundleAwsSDK: true,
        mainFields: ['module', 'main'],
        define: bundlingDefine(props.handler),
        esbuildArgs: { '--alias': Object.entries(BUNDLING_ALIASES).map(([module, substitute]) => `${module}=${substitute}`) },
        // ESM bundles of CommonJS dependencies still call require(): give them one.
        banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
        ...(afterBundling(props).length > 0
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => afterBundling(props, inputDir, outputDir),
              },
            }
          : {}),
      },
    });
    this.handlerModule = props.handler;
    (this.node.defaultChild as CfnFunction).addMetadata(HANDLER_METADATA_KEY, props.handler);
  }
}
