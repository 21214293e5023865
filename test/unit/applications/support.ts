/**
 * Shared fixtures of the application engine's unit tests: a small fake online service (so the engine is tested
 * without the resident parking module), a tenant, applications as stored, and DynamoDB answers by key.
 *
 * Test files mock the service registries with it (each function imports only the registries it needs):
 *   vi.mock('#functions/services/catalog', async () => (await import('./support.ts')).catalogModule());
 *   vi.mock('#functions/services/descriptors', async () => (await import('./support.ts')).descriptorsModule());
 *   vi.mock('#functions/services/issuers', async () => (await import('./support.ts')).issuersModule());
 */
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { vi } from 'vitest';
import { z } from '../../../functions/core/validation.ts';
import type { Application, DocumentRef, Fee } from '../../../functions/applications/model.ts';
import type { IssueDocuments, ServiceDefinition, ServiceDescriptor } from '../../../functions/services/service.ts';
import type { TenantConfig } from '../../../functions/tenants/schemas.ts';
import type { TestCaller } from '../../support/events.ts';

export type DdbMock = AwsClientStub<DynamoDBDocumentClient>;

export const TENANT = 'neuss';
export const APP_ID = '6f1c2b7a-3d4e-4f5a-8b9c-0d1e2f3a4b5c';
export const OTHER_APP_ID = '0b7c1f2e-5a4d-4c3b-9e8f-1a2b3c4d5e6f';
export const NOW = new Date('2026-03-10T10:00:00.000Z');

export const citizen: TestCaller = { tenantId: TENANT, roles: ['citizen'], sub: 'citizen-1' };
export const otherCitizen: TestCaller = { tenantId: TENANT, roles: ['citizen'], sub: 'citizen-2' };
export const caseworker: TestCaller = { tenantId: TENANT, roles: ['caseworker'], sub: 'caseworker-1' };
/** The e-mail address `httpEvent` puts into the token of a caller of `neuss`. */
export const CALLER_EMAIL = 'someone@neuss.openkreis.test';

// --- the fake online service: bulky waste collection (Sperrmüllabholung) ------------------------------------------

export const bulkyWasteFormSchema = z.strictObject({
  street: z.string().check(z.minLength(2, 'Bitte die Straße angeben.')),
  items: z.int().check(z.gte(1), z.lte(10, 'Höchstens 10 Teile.')),
});
export type BulkyWasteForm = z.infer<typeof bulkyWasteFormSchema>;

export const bulkyWasteFee: Fee = { feeKey: 'pickup', amountCents: 2500, currency: 'EUR', legalBasis: 'Abfallgebührensatzung 2026', scheduleValidFrom: '2026-01-01' };

export function issuedDocument(overrides: Partial<DocumentRef> = {}): DocumentRef {
  return {
    documentId: 'doc-issued-1',
    kind: 'confirmation',
    title: 'Abholbestätigung',
    fileName: 'abholbestaetigung.pdf',
    contentType: 'application/pdf',
    key: `applications/${APP_ID}/doc-issued-1.pdf`,
    direction: 'issued',
    createdAt: NOW.toISOString(),
    ...overrides,
  };
}

type Service = ServiceDefinition<BulkyWasteForm>;

export const bulkyWasteDescriptor = {
  id: 'bulky-waste',
  leikaKey: 'urn:de:fim:leika:leistung:99000000000000',
  caseCode: 'SPM',
  title: 'Sperrmüllabholung',
  description: 'Abholung von Sperrmüll an der Haustür.',
  uploads: [],
  issues: [{ kind: 'confirmation', label: 'Abholbestätigung' }],
  feeKeys: ['pickup'],
  outcome: {
    approved: 'Abholung zugesagt',
    approvedAutomatically: 'Automatisch zugesagt: alle Angaben vollständig',
    completed: 'Abholtermin bestätigt',
    notice: { subject: 'Ihre Sperrmüllabholung ist zugesagt', text: 'Ihre Sperrmüllabholung wurde zugesagt. Die Abholbestätigung steht online bereit.' },
  },
} satisfies ServiceDescriptor;

export const bulkyWaste = {
  ...bulkyWasteDescriptor,
  formSchema: bulkyWasteFormSchema,
  presentation: {
    about: { whoMayApply: 'Alle Haushalte.', youNeed: ['Ihre Anschrift'], duration: 'Etwa zwei Wochen.' },
    feeLabels: { pickup: 'Abholung' },
    layout: 'steps',
    steps: [{ id: 'abholung', title: 'Abholung', fields: ['street', 'items'] }],
    fields: {},
  },
  assess: vi.fn<Service['assess']>(),
  uploadsIn: vi.fn<NonNullable<Service['uploadsIn']>>(),
  feeFor: vi.fn<Service['feeFor']>(),
  runChecks: vi.fn<Service['runChecks']>(),
} satisfies Service;

/** The fake service's document issuer. */
export const issueBulkyWasteDocuments = vi.fn<IssueDocuments<BulkyWasteForm>>();

/** Default behaviour of the fake service: accepts everything, costs 25 €, approves, issues one confirmation. */
export function resetBulkyWaste(): void {
  bulkyWaste.assess.mockReset();
  bulkyWaste.uploadsIn.mockReset().mockReturnValue([]);
  bulkyWaste.feeFor.mockReset().mockReturnValue(bulkyWasteFee);
  bulkyWaste.runChecks.mockReset().mockResolvedValue({ decision: 'approve', findings: [] });
  issueBulkyWasteDocuments.mockReset().mockResolvedValue([issuedDocument()]);
}

/** A registry module's lookup, with the guard of the real ones (no inherited names such as `constructor`). */
function lookup<T>(entries: Record<string, T>) {
  return (id: string): T | undefined => (Object.hasOwn(entries, id) ? entries[id] : undefined);
}

/** The module `#functions/services/catalog` with only the fake service in it. */
export function catalogModule() {
  const services: Record<string, ServiceDefinition> = { [bulkyWaste.id]: bulkyWaste };
  return { SERVICES: services, serviceById: lookup(services) };
}

/** The module `#functions/services/descriptors` with only the fake service in it. */
export function descriptorsModule() {
  const descriptors: Record<string, ServiceDescriptor> = { [bulkyWasteDescriptor.id]: bulkyWasteDescriptor };
  return { DESCRIPTORS: descriptors, serviceDescriptor: lookup(descriptors) };
}

/** The module `#functions/services/issuers` with only the fake service in it. */
export function issuersModule() {
  const issuers: Record<string, IssueDocuments> = { [bulkyWasteDescriptor.id]: issueBulkyWasteDocuments };
  return { ISSUERS: issuers, documentIssuer: lookup(issuers) };
}

// --- the tenant ----------------------------------------------------------------------------------------------------

export function tenantConfig(overrides: Partial<TenantConfig> = {}): TenantConfig {
  return {
    displayName: 'Stadt Neuss',
    ags: '05162024',
    caseNumberPrefix: 'NE',
    contact: { email: 'buergerservice@neuss.example' },
    urls: { imprint: 'https://www.neuss.de/impressum', privacy: 'https://www.neuss.de/datenschutz', accessibility: 'https://www.neuss.de/barrierefreiheit' },
    enabledServices: ['bulky-waste'],
    feeSchedules: {},
    parkingZones: [],
    ...overrides,
  };
}

/** The tenant's profile (status) and configuration as the tenants store reads them. */
export function givenTenant(ddb: DdbMock, options: { status?: string; config?: TenantConfig } = {}): void {
  ddb.on(GetCommand, { Key: { PK: `${TENANT}#TENANT`, SK: 'PROFILE' } }).resolves({
    Item: { PK: `${TENANT}#TENANT`, SK: 'PROFILE', tenantId: TENANT, name: 'Stadt Neuss', status: options.status ?? 'active' },
  });
  ddb.on(GetCommand, { Key: { PK: `${TENANT}#TENANT`, SK: 'CONFIG' } }).resolves({
    Item: { PK: `${TENANT}#TENANT`, SK: 'CONFIG', version: 1, updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'admin', config: options.config ?? tenantConfig() },
  });
}

// --- applications --------------------------------------------------------------------------------------------------

export const appKey = (id = APP_ID) => ({ PK: `${TENANT}#APP#${id}`, SK: 'META' });

export function application(overrides: Partial<Application<BulkyWasteForm>> & Record<string, unknown> = {}): Application<BulkyWasteForm> & Record<string, unknown> {
  return {
    applicationId: APP_ID,
    tenantId: TENANT,
    serviceId: 'bulky-waste',
    caseNumber: 'NE-SPM-2026-000007',
    status: 'awaiting-decision',
    channel: 'online',
    applicantId: 'citizen-1',
    applicantEmail: 'erika@example.test',
    filedBy: 'citizen-1',
    form: { street: 'Oberstraße 12', items: 3 },
    documents: [],
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    version: 4,
    ...overrides,
  };
}

/** The application item as the table holds it: with its keys and the engine's internal fields. */
export function storedApplication(overrides: Parameters<typeof application>[0] = {}) {
  const app = application(overrides);
  return {
    ...appKey(app.applicationId),
    GSI1PK: `${TENANT}#APPLICANT#${app.applicantId}`,
    GSI1SK: `${app.createdAt}#${app.applicationId}`,
    GSI2PK: `${TENANT}#INBOX#${app.status}`,
    GSI2SK: `${app.createdAt}#${app.applicationId}`,
    ...app,
  };
}

/** Every read of the application answers `item` (consistent reads included). */
export function givenApplication(ddb: DdbMock, item: Record<string, unknown> | undefined, id = APP_ID): void {
  ddb.on(GetCommand, { Key: appKey(id) }).resolves(item ? { Item: item } : {});
}

/** The items of the n-th TransactWriteItems call. */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
const isCounterItem = (item: TransactItem) => String(item.Update?.Key?.PK ?? '').includes('#KPI#');

/** The items of a transaction, without the KPI counters it adds to (`counterItems`: tested in test/unit/reports). */
export function transactItems(ddb: DdbMock, call = 0): TransactItem[] {
  return allTransactItems(ddb, call).filter((item) => !isCounterItem(item));
}

/** The KPI counter updates of a transaction. */
export function counterItems(ddb: DdbMock, call = 0): TransactItem[] {
  return allTransactItems(ddb, call).filter(isCounterItem);
}

function allTransactItems(ddb: DdbMock, call: number): TransactItem[] {
  const calls = ddb.commandCalls(TransactWriteCommand);
  const found = calls[call];
  if (!found) throw new Error(`There are ${calls.length} TransactWriteItems calls, not ${call + 1}`);
  return found.args[0].input.TransactItems ?? [];
}

/** The transactions that record a decision as delivered: the application's flag and the end of its pending mark. */
export function decisionsMarkedDelivered(ddb: DdbMock) {
  return ddb
    .commandCalls(TransactWriteCommand)
    .map((c) => c.args[0].input.TransactItems ?? [])
    .filter((items) => items[0]?.Update?.UpdateExpression === 'SET decisionDelivered = :true REMOVE decisionTaskToken');
}

/** Transactions fail their conditions (`cancelled`) when they change the status; the others succeed. */
export function statusChangesFail(ddb: DdbMock, cancelled: () => Error): void {
  ddb.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
    if (input.TransactItems?.[0]?.Update?.UpdateExpression?.startsWith('SET #status')) throw cancelled();
    return {};
  });
}

/** The status update of a `transition` transaction (its first item). */
export function transitionUpdate(ddb: DdbMock, call = 0) {
  const update = transactItems(ddb, call)[0]?.Update;
  if (!update) throw new Error('The transaction does not start with an Update');
  return update;
}

/** The value `transition` set for an attribute (`set: { field: value }` becomes `#fN = :vN`). */
export function setValue(update: { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> }, field: string): unknown {
  const entry = Object.entries(update.ExpressionAttributeNames ?? {}).find(([, name]) => name === field);
  if (!entry) return undefined;
  return update.ExpressionAttributeValues?.[entry[0].replace('#f', ':v')];
}

// --- errors as the SDKs throw them ---------------------------------------------------------------------------------

export const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

/** A transaction cancelled by DynamoDB, with one reason per item (`code` at the given indexes). */
export function transactionCancelled(items: number, failedAt: number[], code = 'ConditionalCheckFailed') {
  return Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: Array.from({ length: items }, (_, index) => ({ Code: failedAt.includes(index) ? code : 'None' })),
  });
}

export const awsError = (name: string, message = name) => Object.assign(new Error(message), { name });
