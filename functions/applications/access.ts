import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Caller } from '#core/auth';
import { tableFor } from '#core/ddb';
import { NotFound } from '#core/problem';
import type { Application } from './model.ts';
import { getApplication, stripInternal } from './store.ts';

/**
 * The application engine's public API for other capabilities (documents): the application, if the caller may see
 * it — its applicant, whoever filed it, or a caseworker of the same tenant. Anything else is "not found", so the
 * existence of other people's applications is not revealed.
 */
export async function applicationFor(caller: Caller, applicationId: string): Promise<Application> {
  const app = await getApplication(tableFor(caller.tenantId), caller.tenantId, applicationId);
  const mayRead = app && (app.applicantId === caller.userId || app.filedBy === caller.userId || caller.roles.includes('caseworker'));
  if (!app || !mayRead) throw new NotFound('Der Antrag wurde nicht gefunden.');
  return stripInternal(app);
}

/**
 * The application by id, for a process of another capability that acts for the tenant without a caller (a scheduled
 * job telling the applicant of something); undefined when there is none.
 */
export async function applicationById(db: DynamoDBDocumentClient, tenantId: string, applicationId: string): Promise<Application | undefined> {
  const app = await getApplication(db, tenantId, applicationId);
  return app ? stripInternal(app) : undefined;
}

/**
 * The write (a transaction item) that keeps a document issued after the application ended — a revocation Bescheid —
 * with the application, for the capability that issues it in its own transaction.
 */
export { documentAppend } from './store.ts';
