import { isTenantId } from './tenant-id.ts';

/**
 * Builds a partition key of the table or of an index. Every partition key starts with `<tenantId>#` — IAM's
 * `dynamodb:LeadingKeys` condition relies on it, so this is the only way keys are made.
 */
export function partitionKey(tenantId: string, ...parts: string[]): string {
  if (!isTenantId(tenantId)) throw new Error('Invalid tenant id in key');
  return [tenantId, ...parts].join('#');
}
