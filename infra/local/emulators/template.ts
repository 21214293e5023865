/**
 * Just enough of a synthesized CloudFormation template to create its data and identity resources locally.
 * The local runtime cannot resolve intrinsics in general, so the values we read must be literals; names may be left
 * out (CloudFormation would generate one), and we then derive a stable local name from the logical id.
 */

export interface CloudFormationResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

export interface CloudFormationTemplate {
  Resources?: Record<string, CloudFormationResource>;
}

/** A template value the local bootstrap cannot use (an intrinsic where it needs a literal, a dangling Ref, …). */
export class UnsupportedTemplateValue extends Error {
  override readonly name = 'UnsupportedTemplateValue';
}

export interface TemplateResource {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
}

export function resourcesOfType(template: CloudFormationTemplate, ...types: string[]): TemplateResource[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, resource]) => types.includes(resource.Type))
    .map(([logicalId, resource]) => ({ logicalId, type: resource.Type, properties: resource.Properties ?? {} }));
}

function isIntrinsic(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isIntrinsic);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, inner]) => key === 'Ref' || key.startsWith('Fn::') || isIntrinsic(inner));
}

/** The property's value if it is a literal (no `Ref`/`Fn::*` anywhere inside), else a clear error. */
export function literal<T>(resource: TemplateResource, property: string): T | undefined {
  const value = resource.properties[property];
  if (isIntrinsic(value)) {
    throw new UnsupportedTemplateValue(
      `${resource.logicalId} (${resource.type}): ${property} contains an intrinsic function (${JSON.stringify(value)}); ` +
        'the local bootstrap needs a literal value here',
    );
  }
  return value as T | undefined;
}

/** A name property: a plain string, or — when CloudFormation would generate it — `fallback`. */
export function nameOf(resource: TemplateResource, property: string, fallback: string): string {
  const value = literal<unknown>(resource, property);
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') {
    throw new UnsupportedTemplateValue(`${resource.logicalId} (${resource.type}): ${property} must be a plain string`);
  }
  return value;
}

/** The logical id a `{ Ref: … }` property points to (e.g. a group's `UserPoolId`). */
export function refOf(resource: TemplateResource, property: string): string {
  const value = resource.properties[property];
  const target = (value as { Ref?: unknown } | undefined)?.Ref;
  if (typeof target !== 'string') {
    throw new UnsupportedTemplateValue(
      `${resource.logicalId} (${resource.type}): ${property} must be a { Ref } to a resource of the same template, ` +
        `got ${JSON.stringify(value)}`,
    );
  }
  return target;
}
