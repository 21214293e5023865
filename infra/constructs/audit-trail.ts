import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';

/**
 * The audit trail's items in the table (`functions/audit/trail.ts`): entries under `<tenant>#AUDIT#<day>`, the chain
 * head under `<tenant>#AUDIT-HEAD`. Matched on the partition key (`dynamodb:LeadingKeys`), as IAM sees it.
 */
export const AUDIT_LEADING_KEYS = ['*#AUDIT#*', '*#AUDIT-HEAD'] as const;

/** What no function may do to a trail item: change it in place, delete it, or write it outside a transaction. */
export const AUDIT_REWRITE_ACTIONS = ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete'] as const;

/**
 * An explicit Deny, added to every identity that can reach the table (the tenant access role and the whole-table
 * functions): the trail is append-only in IAM, not only in our code. An explicit Deny wins over every Allow, so no
 * later grant can undo it. What IAM cannot express is "PutItem only with `attribute_not_exists`" (there is no condition
 * key for a request's condition expression): the writer always sets it, and a put over an existing entry — possible
 * only with a function's own credentials — breaks the hash chain, which `GET /audit/verify` and `npm run audit:verify`
 * report (docs/data-protection.md, "Audit trail").
 */
export function auditTrailProtection(tableArns: readonly string[]): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.DENY,
    actions: [...AUDIT_REWRITE_ACTIONS],
    resources: [...tableArns],
    conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [...AUDIT_LEADING_KEYS] } },
  });
}
