/**
 * The trade register (Gewerberegister) as far as the online notices build it: every business registered online
 * (GewA1) under the account that registered it, changed by its GewA2 and closed by its GewA3 — written when the
 * acknowledgement is issued, read by the Betriebs-ID picker of GewA2/GewA3 (`GET /businesses`), so that nobody has
 * to copy the id from a PDF.
 *
 * Access patterns (PK / SK):
 * - a person's businesses:  `<t>#TRADE#OWNER#<ownerId>` / `BUSINESS#<businessId>`  (Query the partition)
 *
 * Only the registering account's notices change an entry: a GewA2/GewA3 quoting a Betriebs-ID that is not in the
 * applicant's own partition changes nothing (the Gewerbeamt still receives and forwards it as before). Notices filed
 * at the counter are not kept here (their applicant has no account to list them for).
 */
import { PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import * as z from '#core/zod';
import type { Application } from '#functions/applications/model';
import type { AnyBusinessForm } from './forms.ts';

const addressView = z.object({ street: z.string(), houseNumber: z.string(), postcode: z.string(), city: z.string(), country: z.optional(z.string()) });

/** An entry as `GET /businesses` answers it. */
export const businessEntryView = z.object({
  businessId: z.string(),
  /** The operator's registered name or the holder's name. */
  name: z.string(),
  tradeName: z.optional(z.string()),
  premises: addressView,
  activity: z.string(),
  registeredOn: z.string(),
  /** Case number of the registration (GewA1). */
  caseNumber: z.string(),
  status: z.enum(['active', 'deregistered']),
  deregisteredOn: z.optional(z.string()),
  updatedAt: z.string(),
});
export type BusinessEntry = z.infer<typeof businessEntryView>;

export const businessListView = z.object({ items: z.array(businessEntryView) });

const ownerPartition = (tenantId: string, ownerId: string) => partitionKey(tenantId, 'TRADE', 'OWNER', ownerId);
const entryKey = (tenantId: string, ownerId: string, businessId: string) => ({ PK: ownerPartition(tenantId, ownerId), SK: `BUSINESS#${businessId}` });

/** What an acknowledged notice does to the register: a new entry, a change, a closure — or nothing. */
export type RegisterChange =
  | { kind: 'register'; entry: BusinessEntry }
  | { kind: 'change'; businessId: string; set: Pick<BusinessEntry, 'name' | 'premises' | 'activity' | 'updatedAt'> & { tradeName?: string } }
  | { kind: 'close'; businessId: string; deregisteredOn: string; updatedAt: string };

/** Pure: the change a notice makes, by the business id it is about (`notice.ts` `businessIdOf`). */
export function registerChangeOf(application: Pick<Application<AnyBusinessForm>, 'form' | 'caseNumber' | 'channel'>, businessId: string, at: string): RegisterChange | undefined {
  if (application.channel !== 'online') return undefined;
  const { form } = application;
  const [first] = form.operator.persons;
  const facts = {
    // The operator: the registered name of a firm or company, else the holder (the trade name is kept apart).
    name: form.operator.name ?? (first ? `${first.givenNames} ${first.familyName}` : ''),
    ...(form.business.tradeName ? { tradeName: form.business.tradeName } : {}),
    premises: form.business.premises,
    activity: form.activity.description,
    updatedAt: at,
  };
  if ('registration' in form) {
    return { kind: 'register', entry: { businessId, ...facts, registeredOn: form.registration.startDate, caseNumber: application.caseNumber, status: 'active' } };
  }
  if ('change' in form) return form.change.businessId ? { kind: 'change', businessId, set: facts } : undefined;
  return form.deregistration.businessId ? { kind: 'close', businessId, deregisteredOn: form.deregistration.endDate, updatedAt: at } : undefined;
}

/**
 * Applies a notice's change to the applicant's register entries; idempotent (a retried issuing step writes the same
 * values). A change or closure of a business that is not the applicant's changes nothing.
 */
export async function applyRegisterChange(db: DynamoDBDocumentClient, tenantId: string, ownerId: string, change: RegisterChange): Promise<'written' | 'not-owned'> {
  if (change.kind === 'register') {
    await db.send(new PutCommand({ TableName: TABLE_NAME, Item: { ...entryKey(tenantId, ownerId, change.entry.businessId), ...change.entry } }));
    return 'written';
  }
  const update: { UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> } =
    change.kind === 'change'
      ? {
          UpdateExpression: `SET #name = :name, premises = :premises, activity = :activity, updatedAt = :at${change.set.tradeName ? ', tradeName = :tradeName' : ''}`,
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: {
            ':name': change.set.name,
            ':premises': change.set.premises,
            ':activity': change.set.activity,
            ':at': change.set.updatedAt,
            ...(change.set.tradeName ? { ':tradeName': change.set.tradeName } : {}),
          },
        }
      : {
          UpdateExpression: 'SET #status = :closed, deregisteredOn = :on, updatedAt = :at',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':closed': 'deregistered', ':on': change.deregisteredOn, ':at': change.updatedAt },
        };
  try {
    await db.send(new UpdateCommand({ TableName: TABLE_NAME, Key: entryKey(tenantId, ownerId, change.businessId), ConditionExpression: 'attribute_exists(PK)', ...update }));
    return 'written';
  } catch (error) {
    if (isConditionFailure(error)) return 'not-owned';
    throw error;
  }
}

/** A person's businesses, newest registration first. */
export async function businessesOf(db: DynamoDBDocumentClient, tenantId: string, ownerId: string): Promise<BusinessEntry[]> {
  const entries: BusinessEntry[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :business)',
        ExpressionAttributeValues: { ':pk': ownerPartition(tenantId, ownerId), ':business': 'BUSINESS#' },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    for (const item of page.Items ?? []) entries.push(z.parse(businessEntryView, item));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return entries.sort((a, b) => b.registeredOn.localeCompare(a.registeredOn));
}
