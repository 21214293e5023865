import { Duration, Stack, Tags } from 'aws-cdk-lib';
import { AccountPrincipal, Effect, PolicyStatement, Role, SessionTagsPrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { isTenantId } from '../../functions/core/tenant-id.ts';
import type { ProjectFunction } from './project-function.ts';

/** The principal tag that marks a function role allowed to assume the stage's tenant access role. */
export const TENANT_ACCESS_TAG = 'openkreis:tenant-access';

export interface TenantAccessRoleProps {
  readonly stage: string;
  /** The tenant ids a session may be tagged with (stage configuration). */
  readonly tenantIds: readonly string[];
  /** DynamoDB item actions and the table + index ARNs they apply to. */
  readonly actions: readonly string[];
  readonly tableArns: readonly string[];
  /** The KMS access DynamoDB needs for the table's key. */
  readonly keyAccess: PolicyStatement;
}

/**
 * The one role through which functions act for a tenant: assumed with the session tag `TenantId=<tenant>`, it reaches
 * only items whose partition key (table or index) starts with `<tenant>#` (`dynamodb:LeadingKeys`). Route functions
 * assume it with the caller's tenant; workflow steps and schedules with the tenant they write for — one session per
 * tenant, so a step that writes two tenants' partitions needs two sessions and cannot mix them in one write.
 *
 * Trust policy:
 * - who: principals of this account whose role carries the tag `openkreis:tenant-access = openkreis-<stage>` (set by
 *   `grantTenantAccess`, together with the identity policy that allows exactly this role). Naming each function's
 *   role instead would exceed IAM's trust-policy size limit (2,048, at most 4,096 characters) with one ARN per function,
 *   and would tie the role to the functions of one stack (the workflows stack references the services stack, so the
 *   reverse reference would be a cycle);
 * - which tag: exactly one session tag, `TenantId`, whose value is one of the stage's known tenant ids
 *   (`aws:RequestTag/TenantId`, `aws:TagKeys`). IAM conditions cannot express our tenant-id shape (`StringLike` knows
 *   only `*` and `?`), and a pattern such as `*` would let a session be tagged with any string. The list comes from
 *   the stage configuration, so a tenant onboarded at runtime gets data access in AWS only after its id is added
 *   there and deployed — a deliberate step for a county with a fixed set of municipalities (README, "Onboarding in
 *   AWS"). The price: onboarding without that deploy fails at its first step instead of creating a tenant whose data
 *   nobody can reach.
 */
export class TenantAccessRole extends Role {
  private readonly tagValue: string;

  constructor(scope: Construct, id: string, props: TenantAccessRoleProps) {
    const invalid = props.tenantIds.filter((tenantId) => !isTenantId(tenantId));
    if (props.tenantIds.length === 0 || invalid.length > 0) {
      throw new Error(`TenantAccessRole needs known tenant ids of the tenant-id shape; invalid: ${invalid.join(', ') || '(none given)'}`);
    }
    const tagValue = `openkreis-${props.stage}`;
    super(scope, id, {
      description: 'Assumed with session tag TenantId; reaches the items of that tenant only',
      assumedBy: new SessionTagsPrincipal(new AccountPrincipal(Stack.of(scope).account)).withConditions({
        StringEquals: { [`aws:PrincipalTag/${TENANT_ACCESS_TAG}`]: tagValue, 'aws:RequestTag/TenantId': [...props.tenantIds] },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['TenantId'] },
      }),
      maxSessionDuration: Duration.hours(1),
    });
    this.tagValue = tagValue;
    this.addToPolicy(
      new PolicyStatement({
        actions: [...props.actions],
        resources: [...props.tableArns],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['${aws:PrincipalTag/TenantId}#*'] } },
      }),
    );
    this.addToPolicy(props.keyAccess);
  }

  /** Lets `fn` act for one tenant at a time through this role (`tableFor(tenantId)` in `functions/core/ddb.ts`). */
  grantTenantAccess(fn: ProjectFunction): void {
    fn.addEnvironment('TENANT_ACCESS_ROLE_ARN', this.roleArn);
    fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['sts:AssumeRole', 'sts:TagSession'], resources: [this.roleArn] }));
    Tags.of(fn.role!).add(TENANT_ACCESS_TAG, this.tagValue);
  }
}
