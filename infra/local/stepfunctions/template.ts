/**
 * Reads the state machines out of a synthesized CloudFormation template, so the local endpoint runs exactly the
 * definitions CDK deploys. CDK writes `DefinitionString` as an `Fn::Join` of JSON fragments and intrinsics (the
 * Lambda ARNs, `AWS::Partition`, …); resolving those yields plain ASL.
 */
import { lambdaFunctionArn, stateMachineArn } from './arns.ts';
import type { LocalStateMachine } from './model.ts';

export type { LocalStateMachine } from './model.ts';
export { functionLogicalIdFromArn } from './arns.ts';

export interface TemplateEnvironment {
  region: string;
  account: string;
}

interface TemplateResource {
  Type?: string;
  Properties?: Record<string, unknown>;
}

interface Template {
  Resources?: Record<string, TemplateResource>;
  Parameters?: Record<string, { Default?: unknown }>;
}

const STATE_MACHINE_TYPE = 'AWS::StepFunctions::StateMachine';
const LAMBDA_FUNCTION_TYPE = 'AWS::Lambda::Function';

export function stateMachinesFromTemplate(template: object, env: TemplateEnvironment): LocalStateMachine[] {
  const tpl = template as Template;
  const resolver = new IntrinsicResolver(tpl, env);
  return Object.entries(tpl.Resources ?? {})
    .filter(([, resource]) => resource.Type === STATE_MACHINE_TYPE)
    .map(([logicalId, resource]) => {
      const props = resource.Properties ?? {};
      const rawName = props.StateMachineName === undefined ? logicalId : resolver.resolve(props.StateMachineName);
      const name = typeof rawName === 'string' ? rawName : logicalId;
      return {
        arn: stateMachineArn(env.region, env.account, name),
        name,
        definition: definitionOf(logicalId, props, resolver),
      };
    });
}

function definitionOf(logicalId: string, props: Record<string, unknown>, resolver: IntrinsicResolver): object {
  const substitutions = resolveSubstitutions(props.DefinitionSubstitutions, resolver);
  if (props.Definition !== undefined) {
    const resolved = resolver.resolve(props.Definition);
    return JSON.parse(substitute(JSON.stringify(resolved), substitutions)) as object;
  }
  const text = resolver.resolve(props.DefinitionString);
  if (typeof text !== 'string') {
    throw new Error(`State machine ${logicalId}: DefinitionString does not resolve to a string`);
  }
  try {
    return JSON.parse(substitute(text, substitutions)) as object;
  } catch (error) {
    throw new Error(`State machine ${logicalId}: DefinitionString is not valid JSON: ${(error as Error).message}`);
  }
}

function resolveSubstitutions(raw: unknown, resolver: IntrinsicResolver): Record<string, string> {
  if (raw === undefined) return {};
  const resolved = resolver.resolve(raw) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(resolved).map(([key, value]) => [key, String(value)]));
}

function substitute(text: string, substitutions: Record<string, string>): string {
  return text.replace(/\$\{([^}]+)\}/g, (whole, key: string) => substitutions[key] ?? whole);
}

/** Resolves the intrinsics CDK emits in state machine definitions; anything else fails loudly. */
class IntrinsicResolver {
  constructor(
    private readonly template: Template,
    private readonly env: TemplateEnvironment,
  ) {}

  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const [first] = entries;
    if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
      return this.intrinsic(first[0], first[1]);
    }
    return Object.fromEntries(entries.map(([key, item]) => [key, this.resolve(item)]));
  }

  private intrinsic(name: string, arg: unknown): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(String(arg));
      case 'Fn::GetAtt':
        return this.getAtt(arg);
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown];
        const resolved = this.resolve(parts);
        if (!Array.isArray(resolved)) throw new Error('Fn::Join expects a list');
        return resolved.map(String).join(separator);
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const resolved = this.resolve(list);
        if (!Array.isArray(resolved)) throw new Error('Fn::Select expects a list');
        return resolved[Number(this.resolve(index))];
      }
      default:
        throw new Error(`Unsupported intrinsic in state machine definition: ${name}`);
    }
  }

  private ref(name: string): string {
    const pseudo: Record<string, string> = {
      'AWS::Region': this.env.region,
      'AWS::AccountId': this.env.account,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': 'local',
    };
    const pseudoValue = pseudo[name];
    if (pseudoValue !== undefined) return pseudoValue;
    const parameter = this.template.Parameters?.[name];
    if (parameter?.Default !== undefined) return String(parameter.Default);
    // Locally a resource's physical name is its logical id (the Lambda runner maps logical ids to handlers).
    return name;
  }

  private getAtt(arg: unknown): string {
    const [logicalId, attribute] = typeof arg === 'string' ? (arg.split('.', 2) as [string, string]) : (arg as [string, string]);
    const type = this.template.Resources?.[logicalId]?.Type;
    if (type === LAMBDA_FUNCTION_TYPE && attribute === 'Arn') {
      return lambdaFunctionArn(this.env.region, this.env.account, logicalId);
    }
    return syntheticAttribute(type, logicalId, attribute, this.env);
  }

  private sub(arg: unknown): string {
    const [text, variables] = typeof arg === 'string' ? [arg, {}] : (arg as [string, Record<string, unknown>]);
    const resolvedVariables = this.resolve(variables) as Record<string, unknown>;
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_whole, key: string) => {
      if (key in resolvedVariables) return String(resolvedVariables[key]);
      return key.includes('.') ? this.getAtt(key) : this.ref(key);
    });
  }
}

/** A deterministic ARN-like value for attributes the local runtime does not model (tables, topics, …). */
function syntheticAttribute(type: string | undefined, logicalId: string, attribute: string, env: TemplateEnvironment): string {
  const service = (type?.split('::')[1] ?? 'local').toLowerCase();
  if (attribute === 'Arn') return `arn:aws:${service}:${env.region}:${env.account}:${logicalId}`;
  if (attribute === 'Name') return logicalId;
  return `arn:aws:${service}:${env.region}:${env.account}:${logicalId}/${attribute}`;
}
