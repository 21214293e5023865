/** ARN helpers. Locally every ARN is built from the state machine's region and account. */

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(arn: string): ArnParts | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

export function stateMachineArn(region: string, account: string, name: string): string {
  return `arn:aws:states:${region}:${account}:stateMachine:${name}`;
}

/** `arn:aws:states:<region>:<account>:execution:<stateMachineName>:<executionName>`, as AWS builds it. */
export function executionArnFor(machineArn: string, executionName: string): string {
  const parts = parseArn(machineArn);
  if (!parts) throw new Error(`Not an ARN: ${machineArn}`);
  const machineName = parts.resource.replace(/^stateMachine:/, '');
  return `arn:${parts.partition}:states:${parts.region}:${parts.account}:execution:${machineName}:${executionName}`;
}

export function lambdaFunctionArn(region: string, account: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${account}:function:${functionName}`;
}

/**
 * The function name (locally: the CloudFormation logical id of the Lambda) from a function ARN, a partial ARN
 * (`<account>:function:<name>`) or a bare name, with any version/alias qualifier dropped.
 */
export function functionLogicalIdFromArn(arn: string): string {
  const match = /^(?:arn:[^:]+:lambda:[^:]*:[^:]*:function:|[0-9]{12}:function:)?([A-Za-z0-9_-]+)(?::[^:]+)?$/.exec(arn);
  if (!match?.[1]) throw new Error(`Not a Lambda function ARN or name: ${arn}`);
  return match[1];
}

/** Normalises a Lambda `FunctionName` parameter (name, partial or full ARN) to an unqualified function ARN. */
export function unqualifiedFunctionArn(functionName: string, region: string, account: string): string {
  const parsed = parseArn(functionName);
  const name = functionLogicalIdFromArn(functionName);
  if (parsed) return `arn:${parsed.partition}:lambda:${parsed.region}:${parsed.account}:function:${name}`;
  return lambdaFunctionArn(region, account, name);
}
