import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { listSteps } from './procedure-store.ts';
import { getApplication, getTimeline, stripInternal } from './store.ts';
import { applicantView, caseworkerView, type ApplicantApplicationView, type CaseworkerApplicationView } from './views.ts';

/** The whole case as `GET /applications/{id}` shows it (timeline and steps), read after a change. */
async function wholeCase(db: DynamoDBDocumentClient, tenantId: string, applicationId: string) {
  const [app, timeline, steps] = await Promise.all([getApplication(db, tenantId, applicationId), getTimeline(db, tenantId, applicationId), listSteps(db, tenantId, applicationId)]);
  return { app: stripInternal(app!), timeline, steps };
}

export async function caseView(db: DynamoDBDocumentClient, tenantId: string, applicationId: string): Promise<CaseworkerApplicationView> {
  const { app, timeline, steps } = await wholeCase(db, tenantId, applicationId);
  return caseworkerView(app, timeline, steps);
}

export async function applicantCaseView(db: DynamoDBDocumentClient, tenantId: string, applicationId: string): Promise<ApplicantApplicationView> {
  const { app, timeline, steps } = await wholeCase(db, tenantId, applicationId);
  return applicantView(app, timeline, steps);
}
