import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Acknowledges cdk-nag findings on a construct; every acknowledgement carries its reason. */
export function acknowledge(scope: IConstruct, rules: { id: string; reason: string }[]): void {
  for (const rule of rules) Validations.of(scope).acknowledge(rule);
}
