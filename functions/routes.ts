/**
 * The single route table of the OpenKreis HTTP API.
 *
 * Read by the CDK app (one Lambda per handler, API Gateway routes, JWT authorizer), by the local HTTP adapter
 * (`npm start`) and by every handler's middleware (role check). It is plain data: importing it costs nothing.
 *
 * - `handler`: module below `functions/` without extension; it exports `handler`.
 * - `roles`: who may call the route; `'public'` routes have no authorizer.
 * - `uses`: further resources (workflows, the user pool) whose names are injected and which are granted.
 * - `access`: what the function may touch in the table. `tenant` functions get credentials scoped to the caller's
 *   tenant (IAM `dynamodb:LeadingKeys`); the county's own data about its tenants (the tenant registry) lives in the
 *   county's partition, so county admins work with tenant-scoped credentials too. `county` functions write into
 *   other tenants' partitions and are granted the whole table, which is why only `county-admin` may call them.
 *   `system` routes are public but verified otherwise (a signed webhook, a signed token) and act for the tenant named
 *   in the verified message; they are granted the whole table.
 */
import type { Role } from '#core/roles';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly handler: string;
  readonly roles: readonly Role[] | 'public';
  readonly access: 'tenant' | 'county' | 'system' | 'none';
  /** Only deployed to (and served in) non-production stages, e.g. the payment sandbox. */
  readonly devOnly?: boolean;
  /** Function timeout when the default (10 s) is not enough; API Gateway answers after 30 s at the latest. */
  readonly timeoutSeconds?: number;
  /** Other resources the handler uses; the CDK app injects their names and grants exactly these. */
  readonly uses?: readonly Resource[];
  readonly summary: string;
}

export type Resource =
  | 'onboarding-workflow'
  | 'user-pool'
  | 'applications-workflow'
  | 'documents-bucket'
  | 'documents-erasure'
  | 'payment-provider'
  | 'signing-key'
  | 'verification-key'
  | 'email'
  | 'training-content'
  | 'user-pool-admin'
  | 'accounts-workflow'
  | 'user-pool-accounts';

export const routes: readonly Route[] = [
  {
    method: 'GET', path: '/health', handler: 'core/health.handler', roles: 'public', access: 'none',
    summary: 'Liveness of the API',
  },
  {
    method: 'GET', path: '/openapi.json', handler: 'openapi/document.handler', roles: 'public', access: 'none',
    summary: 'The OpenAPI 3.1 document of this API, generated from the route table and the handlers\' zod schemas',
  },
  {
    method: 'POST', path: '/tenants', handler: 'tenants/create-tenant.handler', roles: ['county-admin'],
    access: 'tenant', uses: ['onboarding-workflow'], summary: 'Onboard a municipality as a tenant (starts the onboarding workflow)',
  },
  {
    method: 'GET', path: '/tenants', handler: 'tenants/list-tenants.handler', roles: ['county-admin'],
    access: 'tenant', summary: 'List all tenants with their onboarding status',
  },
  {
    method: 'GET', path: '/tenants/{id}', handler: 'tenants/get-tenant.handler',
    roles: ['tenant-admin', 'county-admin'], access: 'tenant',
    summary: 'A tenant profile, configuration and onboarding status',
  },
  {
    method: 'GET', path: '/tenants/{id}/public', handler: 'tenants/public-profile.handler', roles: 'public', access: 'tenant',
    summary: "An authority's public profile: name, contact, imprint/privacy/accessibility pages, accessibility feedback",
  },
  {
    method: 'PATCH', path: '/tenants/{id}/config', handler: 'tenants/update-config.handler', roles: ['tenant-admin'],
    access: 'tenant', summary: "Change the caller's tenant configuration (recorded with who and when)",
  },
  // Handover agreements: the receiving authority decides whose handovers it accepts (its own partition)
  {
    method: 'GET', path: '/tenants/{id}/handover-agreements', handler: 'tenants/handover-agreements/list.handler',
    roles: ['tenant-admin', 'county-admin'], access: 'tenant',
    summary: 'What the tenant accepts from whom, who accepts its handovers, and whether its declared handovers are agreed',
  },
  {
    method: 'PUT', path: '/tenants/{id}/handover-agreements/{service}/{task}/{from}', handler: 'tenants/handover-agreements/accept.handler',
    roles: ['tenant-admin', 'county-admin'], access: 'tenant',
    summary: 'The tenant accepts a task of a service handed over by another tenant (the receiver side of the agreement)',
  },
  {
    method: 'DELETE', path: '/tenants/{id}/handover-agreements/{service}/{task}/{from}', handler: 'tenants/handover-agreements/withdraw.handler',
    roles: ['tenant-admin', 'county-admin'], access: 'tenant',
    summary: 'The tenant no longer accepts that handover; nothing of it is written into its partition any more',
  },
  {
    method: 'POST', path: '/tenants/{id}/retry', handler: 'tenants/retry-onboarding.handler', roles: ['county-admin'],
    access: 'tenant', uses: ['onboarding-workflow'], summary: 'Retry a failed onboarding',
  },
  {
    method: 'POST', path: '/tenants/{id}/deactivate', handler: 'tenants/deactivate-tenant.handler',
    roles: ['county-admin'], access: 'county', uses: ['accounts-workflow'],
    summary: "Offboard a tenant: every request refused, its users disabled in the user pool, data kept",
  },
  {
    method: 'POST', path: '/tenants/{id}/reactivate', handler: 'tenants/reactivate-tenant.handler',
    roles: ['county-admin'], access: 'county', uses: ['accounts-workflow'],
    summary: 'Undo a deactivation: requests served again, the users the deactivation disabled enabled again',
  },

  // Data protection (issue 14): retention, legal holds, the record of processing, the person's rights
  {
    method: 'PUT', path: '/applications/{id}/legal-hold', handler: 'privacy/legal-hold.handler',
    roles: ['caseworker', 'data-protection-officer'], access: 'tenant',
    summary: 'Stop the deletion of a case (retention sweep, erasure requests), with the reason',
  },
  {
    method: 'DELETE', path: '/applications/{id}/legal-hold', handler: 'privacy/legal-hold-release.handler',
    roles: ['caseworker', 'data-protection-officer'], access: 'tenant',
    summary: 'Release a legal hold: the retention period applies again',
  },
  {
    method: 'POST', path: '/privacy/exports', handler: 'privacy/request-export.handler',
    roles: ['citizen', 'business', 'employee'], access: 'tenant', uses: ['documents-bucket', 'email'], timeoutSeconds: 29,
    summary: 'Ask for everything stored about oneself (Art. 15 DSGVO): JSON and a PDF summary, produced asynchronously',
  },
  {
    method: 'GET', path: '/privacy/me', handler: 'privacy/my-data.handler',
    roles: ['citizen', 'business', 'employee'], access: 'tenant',
    summary: "The caller's access exports and erasure requests with their answers",
  },
  {
    method: 'GET', path: '/privacy/exports/{id}/{format}', handler: 'privacy/download-export.handler',
    roles: ['citizen', 'business', 'employee'], access: 'tenant', uses: ['documents-bucket'],
    summary: "A short-lived download link for the caller's ready export (json or pdf)",
  },
  {
    method: 'POST', path: '/privacy/erasure-requests', handler: 'privacy/request-erasure.handler',
    roles: ['citizen', 'business', 'employee'], access: 'tenant',
    summary: 'Ask for one\'s data to be erased (Art. 17 DSGVO); the data protection officer reviews it',
  },
  {
    method: 'GET', path: '/privacy/erasure-requests', handler: 'privacy/list-erasure-requests.handler',
    roles: ['data-protection-officer'], access: 'tenant',
    summary: 'The erasure requests of the tenant, open (oldest first) or decided',
  },
  {
    method: 'GET', path: '/privacy/erasure-requests/{id}', handler: 'privacy/review-erasure-request.handler',
    roles: ['data-protection-officer'], access: 'tenant',
    summary: 'The review of an erasure request: what an approval erases, what must be kept and why',
  },
  {
    method: 'POST', path: '/privacy/erasure-requests/{id}/decision', handler: 'privacy/decide-erasure-request.handler',
    roles: ['data-protection-officer'], access: 'tenant', uses: ['documents-erasure', 'email'], timeoutSeconds: 29,
    summary: 'Approve the review: erase what may be erased, keep the rest with its reason, answer the person',
  },
  {
    method: 'GET', path: '/privacy/processing-record', handler: 'privacy/processing-record.handler',
    roles: ['data-protection-officer', 'tenant-admin'], access: 'tenant', uses: ['documents-bucket'],
    summary: 'The record of processing activities (Art. 30 DSGVO) from the catalogue and the configuration; JSON or a PDF link',
  },

  // Online applications (the application engine)
  {
    method: 'GET', path: '/services', handler: 'services/list-services.handler',
    roles: ['citizen', 'business', 'caseworker', 'tenant-admin'], access: 'tenant',
    summary: "The online services of the caller's tenant, each with the JSON Schema of its form",
  },
  {
    method: 'POST', path: '/services/{id}/quote', handler: 'services/quote.handler',
    roles: ['citizen', 'business', 'caseworker'], access: 'tenant',
    summary: 'The fee of a form, checked as a submission checks it (schema, the service\'s checks); writes nothing',
  },
  {
    method: 'POST', path: '/applications', handler: 'applications/submit.handler',
    roles: ['citizen', 'business', 'caseworker'], access: 'tenant', uses: ['applications-workflow', 'documents-bucket', 'email'],
    summary: 'Submit an application (Idempotency-Key header); caseworkers file at the counter for a citizen',
  },
  {
    method: 'GET', path: '/applications', handler: 'applications/list-mine.handler',
    roles: ['citizen', 'business'], access: 'tenant', summary: "The caller's own applications, newest first",
  },
  {
    method: 'GET', path: '/applications/{id}', handler: 'applications/get-application.handler',
    roles: ['citizen', 'business', 'caseworker'], access: 'tenant',
    summary: 'An application with its full status timeline (its applicant, or a caseworker of the tenant)',
  },
  {
    method: 'POST', path: '/applications/{id}/withdraw', handler: 'applications/withdraw.handler',
    roles: ['citizen', 'business'], access: 'tenant', uses: ['applications-workflow'],
    summary: 'Withdraw before the decision; a paid fee is refunded',
  },
  {
    method: 'POST', path: '/applications/{id}/payment', handler: 'applications/pay-again.handler',
    roles: ['citizen', 'business'], access: 'tenant', uses: ['applications-workflow'],
    summary: 'Pay again after a cancelled, failed or expired payment: the same application gets a new payment',
  },
  {
    method: 'POST', path: '/applications/{id}/payment/check', handler: 'applications/check-payment.handler',
    roles: ['citizen', 'business'], access: 'tenant', uses: ['applications-workflow', 'payment-provider'],
    summary: "Back from the provider's pay page: query the payment's status now and complete the waiting application",
  },
  {
    method: 'GET', path: '/caseworker/applications', handler: 'applications/inbox.handler',
    roles: ['caseworker'], access: 'tenant', summary: "The caseworker inbox of the caller's tenant (status, service; cursor)",
  },
  {
    method: 'POST', path: '/applications/{id}/decision', handler: 'applications/decide.handler',
    roles: ['caseworker'], access: 'tenant', uses: ['applications-workflow', 'documents-bucket'],
    summary: 'Approve or reject an application that awaits a decision; a rejection needs a hearing and is issued as a Bescheid (PDF)',
  },
  {
    method: 'POST', path: '/applications/{id}/steps', handler: 'applications/open-step.handler',
    roles: ['caseworker'], access: 'tenant', uses: ['email'],
    summary: 'Send a hearing letter (§ 28 VwVfG NRW) or ask for missing documents or details, with a deadline',
  },
  {
    method: 'POST', path: '/applications/{id}/steps/{stepId}/answer', handler: 'applications/answer-step.handler',
    roles: ['citizen', 'business'], access: 'tenant', uses: ['documents-bucket'],
    summary: "The applicant's answer to a hearing letter or a request: text, uploads, corrected form fields",
  },
  // Drafts of applications: kept per person in their tenant, expire 30 days after the last save
  {
    method: 'GET', path: '/drafts', handler: 'applications/drafts/list-drafts.handler',
    roles: ['citizen', 'business'], access: 'tenant', summary: "The caller's drafts (without content) and the drafts that expired recently",
  },
  {
    method: 'GET', path: '/drafts/{serviceId}', handler: 'applications/drafts/get-draft.handler',
    roles: ['citizen', 'business'], access: 'tenant', summary: "The caller's draft of a service (410 when it expired)",
  },
  {
    method: 'PUT', path: '/drafts/{serviceId}', handler: 'applications/drafts/put-draft.handler',
    roles: ['citizen', 'business'], access: 'tenant', summary: 'Save the draft of a service (If-Match: the version saved last)',
  },
  {
    method: 'DELETE', path: '/drafts/{serviceId}', handler: 'applications/drafts/delete-draft.handler',
    roles: ['citizen', 'business'], access: 'tenant', summary: 'Discard the draft of a service',
  },
  // Documents
  {
    method: 'POST', path: '/uploads', handler: 'documents/create-upload.handler',
    roles: ['citizen', 'business', 'caseworker'], access: 'tenant', uses: ['documents-bucket'],
    summary: 'A presigned upload URL for a proof (PDF, JPEG, PNG; size-limited)',
  },
  {
    method: 'GET', path: '/applications/{id}/documents/{documentId}', handler: 'documents/download.handler',
    roles: ['citizen', 'business', 'caseworker'], access: 'tenant', uses: ['documents-bucket'],
    summary: 'A short-lived download URL for a document of the application',
  },
  {
    method: 'GET', path: '/verify/{token}', handler: 'documents/verify.handler', roles: 'public', access: 'system',
    uses: ['verification-key'], summary: 'Public verification of a permit or certificate QR code: valid | expired | revoked',
  },
  // Payments
  {
    method: 'POST', path: '/payments/webhook', handler: 'payments/webhook.handler', roles: 'public', access: 'system',
    uses: ['applications-workflow', 'payment-provider'], summary: "The payment provider's signed confirmation",
  },
  {
    method: 'GET', path: '/sandbox-pay/{paymentId}', handler: 'payments/sandbox/checkout-page.handler', roles: 'public',
    access: 'system', devOnly: true, uses: ['payment-provider'], summary: 'The sandbox payment page (pay, cancel, fail)',
  },
  {
    method: 'POST', path: '/sandbox-pay/{paymentId}', handler: 'payments/sandbox/checkout-action.handler', roles: 'public',
    access: 'system', devOnly: true, uses: ['payment-provider'], summary: 'The sandbox payment page action; sends the signed webhook',
  },
  // The XBezahldienste sandbox: a stand-in payment platform of the pull kind (no webhook; the service queries)
  {
    method: 'POST', path: '/xbezahldienste-sandbox/paymenttransaction/{originatorId}/{endPointId}', handler: 'payments/xbezahldienste/sandbox/create.handler',
    roles: 'public', access: 'system', devOnly: true, uses: ['payment-provider'], summary: 'XBezahldienste sandbox: create a payment transaction (PaymentRequest)',
  },
  {
    method: 'GET', path: '/xbezahldienste-sandbox/paymenttransaction/{originatorId}/{endPointId}/{transactionId}', handler: 'payments/xbezahldienste/sandbox/transaction.handler',
    roles: 'public', access: 'system', devOnly: true, uses: ['payment-provider'], summary: 'XBezahldienste sandbox: the status query of a payment transaction',
  },
  {
    method: 'GET', path: '/xbezahldienste-sandbox/paypage/{transactionId}', handler: 'payments/xbezahldienste/sandbox/paypage.handler',
    roles: 'public', access: 'system', devOnly: true, uses: ['payment-provider'], summary: 'XBezahldienste sandbox: the pay page (pay, cancel, decline)',
  },
  {
    method: 'POST', path: '/xbezahldienste-sandbox/paypage/{transactionId}', handler: 'payments/xbezahldienste/sandbox/paypage-action.handler',
    roles: 'public', access: 'system', devOnly: true, uses: ['payment-provider'], summary: "XBezahldienste sandbox: the payer's choice on the pay page",
  },
  // Resident parking permits
  {
    method: 'GET', path: '/permits/check', handler: 'services/resident-parking/check-plate.handler',
    roles: ['enforcement', 'caseworker'], access: 'tenant', summary: 'Enforcement: is there a valid permit for this plate and zone?',
  },
  {
    method: 'GET', path: '/parking-zones', handler: 'services/resident-parking/list-zones.handler',
    roles: ['citizen', 'business', 'caseworker', 'enforcement'], access: 'tenant', summary: "The tenant's resident parking zones with their streets",
  },
  {
    method: 'POST', path: '/parking-zones/lookup', handler: 'services/resident-parking/lookup-zone.handler',
    roles: ['citizen', 'business', 'caseworker'], access: 'tenant',
    summary: 'The parking zones an address lies in (same rule as the application check); the address in the body, nothing stored',
  },
  {
    method: 'POST', path: '/permits/{id}/revoke', handler: 'services/resident-parking/revoke-permit.handler',
    roles: ['caseworker'], access: 'tenant', uses: ['email', 'documents-bucket'],
    summary: 'Revoke a permit after the hearing (or with the reason why none was needed), issued as a Bescheid kept with its application',
  },
  {
    method: 'POST', path: '/permits/{id}/revocation', handler: 'services/resident-parking/start-revocation.handler',
    roles: ['caseworker'], access: 'tenant', uses: ['email'],
    summary: 'Widerruf beabsichtigt: the hearing letter to the holder (§ 28 VwVfG NRW), answered on the status page',
  },
  {
    method: 'POST', path: '/permits/{id}/revocation/drop', handler: 'services/resident-parking/drop-revocation.handler',
    roles: ['caseworker'], access: 'tenant', summary: 'Drop an intended revocation (the permit stays valid); the reason goes into the timeline',
  },
  {
    method: 'GET', path: '/permits/{id}/renewal', handler: 'services/resident-parking/renewal-form.handler',
    roles: ['citizen'], access: 'tenant', summary: 'A pre-filled application form to renew a permit',
  },
  // @@business-registration routes (insert below this line)
  {
    method: 'GET', path: '/businesses', handler: 'services/business/list-businesses.handler',
    roles: ['business', 'citizen'], access: 'tenant',
    summary: "The caller's businesses in the trade register (registered online): Betriebs-ID, names, premises, status",
  },
  {
    method: 'GET', path: '/business/register', handler: 'services/business/search-register.handler',
    roles: ['caseworker'], access: 'tenant',
    summary: "The municipality's trade register (Gewerberegister): search by name, words, WZ code, status or Betriebs-ID, paged",
  },
  {
    method: 'GET', path: '/business/register/{businessId}', handler: 'services/business/get-business.handler',
    roles: ['caseworker'], access: 'tenant', summary: 'One business of the trade register with its versions',
  },
  {
    method: 'GET', path: '/business/relocations/{id}', handler: 'services/business/relocation-status.handler',
    roles: ['business', 'citizen', 'caseworker'], access: 'tenant',
    summary: 'One status of a business move (Rückmeldeverfahren): the registration here and the deregistration at the old office',
  },
  {
    method: 'GET', path: '/business/deliveries', handler: 'services/business/forwarding/list-deliveries.handler',
    roles: ['caseworker'], access: 'tenant',
    summary: 'Gewerbeanzeige forwarding (§ 3 GewAnzV): deliveries by status (default dead) or of one application',
  },
  {
    method: 'POST', path: '/business/deliveries', handler: 'services/business/forwarding/forward-notice.handler',
    roles: ['caseworker'], access: 'tenant', uses: ['documents-bucket'],
    summary: 'Forward an accepted Gewerbeanzeige to one recipient of the matrix (e.g. customs on indications)',
  },
  {
    method: 'POST', path: '/business/deliveries/{id}/resend', handler: 'services/business/forwarding/resend-delivery.handler',
    roles: ['caseworker'], access: 'tenant', uses: ['documents-bucket'],
    summary: 'Send a failed or dead delivery again (a new round of attempts, the first at once)',
  },
  // @@address-change routes (insert below this line)
  {
    method: 'GET', path: '/address-change/{id}/status', handler: 'services/address-change/status.handler',
    roles: ['citizen', 'caseworker'], access: 'tenant',
    summary: 'One status of a change of address across the municipality and the county (vehicle tasks)',
  },
  {
    method: 'POST', path: '/address-change/{id}/handovers/{handoverId}/zb1-number', handler: 'services/address-change/correct-zb1.handler',
    roles: ['citizen'], access: 'tenant',
    summary: 'The applicant sends the corrected ZB I number the county asked for; the county task reopens with it',
  },
  {
    method: 'GET', path: '/vehicle-registration/tasks', handler: 'services/address-change/list-tasks.handler',
    roles: ['caseworker'], access: 'tenant', summary: "The vehicle tasks of the caller's office: the county's handed over by municipalities, or a pilot town's own ZB I sticker tasks (status; cursor)",
  },
  {
    method: 'GET', path: '/vehicle-registration/tasks/{id}', handler: 'services/address-change/get-task.handler',
    roles: ['caseworker'], access: 'tenant', summary: "One vehicle task of the caller's office (county, or a pilot town's sticker task)",
  },
  {
    method: 'POST', path: '/vehicle-registration/tasks/{id}/complete', handler: 'services/address-change/complete-task.handler',
    roles: ['caseworker'], access: 'tenant', summary: 'The county updated the Zulassungsbescheinigung Teil I, or a pilot town put the address sticker on it (then reported to the county)',
  },
  {
    method: 'POST', path: '/vehicle-registration/tasks/{id}/fail', handler: 'services/address-change/fail-task.handler',
    roles: ['caseworker'], access: 'tenant', summary: 'The county cannot update the certificate (reason shown to the municipality and the citizen, who may be asked to correct the ZB I number)',
  },
  {
    method: 'POST', path: '/vehicle-registration/tasks/{id}/reopen', handler: 'services/address-change/reopen-task.handler',
    roles: ['caseworker'], access: 'tenant', summary: 'Reopen a failed vehicle registration task to retry it',
  },
  {
    method: 'GET', path: '/vehicle-registration/reports', handler: 'services/address-change/list-reports.handler',
    roles: ['caseworker'], access: 'tenant', summary: "The pilot towns' reports of ZB I address stickers to the county (read-only; county caseworkers only; cursor)",
  },
  {
    method: 'GET', path: '/vehicle-registration/register', handler: 'services/address-change/register-entry.handler',
    roles: ['caseworker'], access: 'tenant', summary: "The county's register entry of a vehicle's holder address as the reports left it (plate; county caseworkers only)",
  },
  // @@building-encumbrances routes (insert below this line)
  // Baulastenverzeichnis (register of building encumbrances) and its access log
  {
    method: 'POST', path: '/baulasten/uploads', handler: 'services/building-encumbrances/create-upload.handler', roles: ['caseworker'],
    access: 'tenant', uses: ['documents-bucket'], summary: 'A presigned upload URL for the scan of a Baulastenblatt (PDF, TIFF, PNG, JPEG; at most 50 MB)',
  },
  {
    method: 'POST', path: '/baulasten/sheets', handler: 'services/building-encumbrances/create-sheet.handler', roles: ['caseworker'],
    access: 'tenant', uses: ['documents-bucket'], summary: 'Register a Baulast with its scan and metadata (version 1)',
  },
  {
    method: 'GET', path: '/baulasten/sheets', handler: 'services/building-encumbrances/search-sheets.handler', roles: ['caseworker'],
    access: 'tenant', summary: 'The Baulasten of a parcel (gemarkung, flur, flurstueck): one query of the parcel index',
  },
  {
    method: 'GET', path: '/baulasten/sheets/{id}', handler: 'services/building-encumbrances/get-sheet.handler', roles: ['caseworker'],
    access: 'tenant', summary: 'A Baulast with all its versions (the look is recorded in the access log)',
  },
  {
    method: 'POST', path: '/baulasten/sheets/{id}/versions', handler: 'services/building-encumbrances/add-version.handler', roles: ['caseworker'],
    access: 'tenant', uses: ['documents-bucket'], summary: 'A new version of a Baulast (rescan and/or corrected metadata); earlier versions are kept',
  },
  {
    method: 'POST', path: '/baulasten/sheets/{id}/delete', handler: 'services/building-encumbrances/delete-sheet.handler', roles: ['caseworker'],
    access: 'tenant', summary: 'Record the Löschung of a Baulast (reason, date); it stays in the register as deleted',
  },
  {
    method: 'GET', path: '/baulasten/sheets/{id}/versions/{version}/file', handler: 'services/building-encumbrances/sheet-file.handler',
    roles: ['caseworker'], access: 'tenant', uses: ['documents-bucket'], summary: 'A short-lived download link for a scan; reason required, access recorded',
  },
  {
    method: 'GET', path: '/baulasten/sheets/{id}/access-log', handler: 'services/building-encumbrances/access-log.handler',
    roles: ['caseworker', 'tenant-admin'], access: 'tenant', summary: 'Who looked at or changed a Baulast or its scans, when and why (newest first; from the audit trail)',
  },
  // Audit trail of personal data (data protection officer)
  {
    method: 'GET', path: '/audit/entries', handler: 'audit/search.handler', roles: ['data-protection-officer'],
    access: 'tenant', summary: "Search the tenant's audit trail by person, record, user and time (ids only, newest first)",
  },
  {
    method: 'GET', path: '/audit/entries/export', handler: 'audit/export.handler', roles: ['data-protection-officer'],
    access: 'tenant', summary: 'The result of an audit trail search as CSV',
  },
  {
    method: 'GET', path: '/audit/verify', handler: 'audit/verify.handler', roles: ['data-protection-officer'],
    access: 'tenant', summary: "Verify the tenant's hash-chained audit trail (altered, deleted or inserted entries)",
  },
  // Staff training (LMS)
  {
    method: 'GET', path: '/training/courses', handler: 'training/list-courses.handler', roles: ['employee', 'caseworker', 'enforcement', 'tenant-admin', 'county-admin'],
    access: 'tenant', uses: ['training-content'], summary: 'The course catalogue: county courses and the tenant\'s own',
  },
  {
    method: 'GET', path: '/training/courses/{id}', handler: 'training/get-course.handler', roles: ['employee', 'caseworker', 'enforcement', 'tenant-admin', 'county-admin'],
    access: 'tenant', uses: ['training-content'], summary: 'A course with its lessons (quiz answers are never delivered)',
  },
  {
    method: 'POST', path: '/training/courses', handler: 'training/create-course.handler', roles: ['tenant-admin'],
    access: 'tenant', uses: ['training-content'], summary: 'A tenant publishes its own course (same schema as the files)',
  },
  {
    method: 'POST', path: '/training/courses/files', handler: 'training/publish-course-files.handler', roles: ['tenant-admin'],
    access: 'tenant', uses: ['training-content'], summary: "A tenant publishes its own course as the files of a course folder, checked like content:check (errors as file:line)",
  },
  {
    method: 'POST', path: '/training/courses/{id}/enrol', handler: 'training/enrol.handler', roles: ['employee', 'caseworker', 'enforcement', 'tenant-admin', 'county-admin'],
    access: 'tenant', uses: ['training-content'], summary: 'Enrol in a course (keeps the version it started with)',
  },
  {
    method: 'POST', path: '/training/courses/{id}/lessons/{lessonId}/read', handler: 'training/mark-lesson-read.handler',
    roles: ['employee', 'caseworker', 'enforcement', 'tenant-admin', 'county-admin'], access: 'tenant', uses: ['training-content'],
    summary: 'Mark a lesson as read (may complete the course)',
  },
  {
    method: 'POST', path: '/training/courses/{id}/attempts', handler: 'training/start-attempt.handler', roles: ['employee', 'caseworker', 'enforcement', 'tenant-admin', 'county-admin'],
    access: 'tenant', uses: ['training-content'], summary: 'Start a quiz attempt: the questions, without answers',
  },
  {
    method: 'POST', path: '/training/courses/{id}/attempts/{attempt}/submit', handler: 'training/submit-attempt.handler',
    roles: ['employee', 'caseworker', 'enforcement', 'tenant-admin', 'county-admin'], access: 'tenant', uses: ['training-content'],
    summary: 'Submit a quiz attempt once; scored on the server; completion records the certificate (PDF on first download)',
  },
  {
    method: 'GET', path: '/training/me', handler: 'training/my-training.handler', roles: ['employee', 'caseworker', 'enforcement', 'tenant-admin', 'county-admin'], access: 'tenant',
    summary: 'My courses, progress, due dates and certificates',
  },
  {
    method: 'GET', path: '/training/me/courses/{id}', handler: 'training/my-course.handler', roles: ['employee', 'caseworker', 'enforcement', 'tenant-admin', 'county-admin'],
    access: 'tenant', uses: ['training-content'], summary: 'One course as I learn it: my cycle\'s version (no answers), my progress, attempts allowed, certificate',
  },
  {
    method: 'GET', path: '/training/certificates/{id}', handler: 'training/download-certificate.handler', roles: ['employee', 'caseworker', 'enforcement', 'tenant-admin', 'county-admin'],
    access: 'tenant', uses: ['documents-bucket', 'signing-key'], summary: 'A download link for one of my certificates',
  },
  {
    method: 'GET', path: '/training/xapi/statements', handler: 'training/xapi-statements.handler', roles: ['tenant-admin'],
    access: 'tenant', summary: 'xAPI 1.0.3 statements of the tenant (pseudonymous actors), LRS statements resource shape',
  },
  {
    method: 'POST', path: '/training/employees/import', handler: 'training/import-employees.handler', roles: ['tenant-admin'],
    access: 'tenant', uses: ['user-pool-admin', 'training-content'], timeoutSeconds: 29, summary: 'Import employees from CSV: all rows or none, with a per-row report',
  },
  {
    method: 'GET', path: '/training/employees', handler: 'training/list-employees.handler', roles: ['tenant-admin'],
    access: 'tenant', summary: 'The tenant\'s employees with their compliance status',
  },
  {
    method: 'GET', path: '/training/employees/{id}', handler: 'training/get-employee.handler', roles: ['tenant-admin'],
    access: 'tenant', summary: 'One employee of the tenant with the compliance status of their assigned courses',
  },
  {
    method: 'POST', path: '/training/employees/{id}/deactivate', handler: 'training/deactivate-employee.handler', roles: ['tenant-admin'],
    // The participation module also reactivates (applying the rules reads the catalogue), so it loads the catalogue.
    access: 'tenant', uses: ['training-content'], summary: 'The person takes no part in the training any more: counted in no report, no reminders or assignments; history kept',
  },
  {
    method: 'POST', path: '/training/employees/{id}/reactivate', handler: 'training/reactivate-employee.handler', roles: ['tenant-admin'],
    access: 'tenant', uses: ['training-content'], timeoutSeconds: 29, summary: 'A deactivated person takes part again: their training counts, the assignment rules apply',
  },
  {
    method: 'POST', path: '/training/employees/{id}/courses/{courseId}/attempts', handler: 'training/grant-attempts.handler', roles: ['tenant-admin'],
    access: 'tenant', summary: 'Grant an employee further quiz attempts in an assigned course (recorded: who, when, why, how many)',
  },
  {
    method: 'POST', path: '/training/rules', handler: 'training/create-rule.handler', roles: ['tenant-admin'], access: 'tenant',
    uses: ['training-content'], timeoutSeconds: 29, summary: 'An assignment rule: role and/or department → course, due within N days',
  },
  {
    method: 'GET', path: '/training/rules', handler: 'training/list-rules.handler', roles: ['tenant-admin'], access: 'tenant',
    summary: 'The tenant\'s assignment rules',
  },
  {
    method: 'DELETE', path: '/training/rules/{id}', handler: 'training/delete-rule.handler', roles: ['tenant-admin'], access: 'tenant',
    summary: 'Remove an assignment rule (existing assignments stay)',
  },
  {
    method: 'GET', path: '/training/reports/compliance', handler: 'training/report-compliance.handler', roles: ['tenant-admin'],
    access: 'tenant', uses: ['training-content'], summary: 'Per course and department: assigned, completed, overdue, completion rate (JSON or CSV)',
  },
  {
    method: 'GET', path: '/training/reports/overdue', handler: 'training/report-overdue.handler', roles: ['tenant-admin'],
    access: 'tenant', summary: 'The overdue list (compliance status only, no quiz details)',
  },
  {
    method: 'GET', path: '/training/reports/history', handler: 'training/report-history.handler', roles: ['tenant-admin'],
    access: 'tenant', summary: 'Compliance over time: the figures per day (in all and per course) as the daily job recorded them',
  },
  {
    method: 'GET', path: '/training/reminders', handler: 'training/list-reminders.handler', roles: ['tenant-admin'],
    access: 'tenant', summary: 'The reminder history: what the daily job sent to whom about which course, and whether it was delivered',
  },
  {
    method: 'GET', path: '/training/reports/county', handler: 'training/report-county.handler', roles: ['county-admin'],
    access: 'county', summary: 'Per municipality and course: aggregates only, never individual employees',
  },
  {
    method: 'GET', path: '/reports/kpis', handler: 'reports/kpis.handler', roles: ['tenant-admin'], access: 'tenant',
    summary: 'The e-government KPIs of the tenant for a year and the year before, from counters (JSON or CSV)',
  },
  {
    method: 'GET', path: '/reports/kpis/county', handler: 'reports/county-kpis.handler', roles: ['county-admin'], access: 'county',
    summary: 'The e-government KPIs of every municipality side by side (JSON or CSV)',
  },
  {
    method: 'GET', path: '/reports/annual-report', handler: 'reports/annual-report.handler', roles: ['tenant-admin'], access: 'tenant',
    timeoutSeconds: 29, summary: 'The annual e-government report of the tenant as a tagged, accessible PDF',
  },
  {
    method: 'GET', path: '/open-data/{tenantId}/catalog', handler: 'reports/open-data-catalog.handler', roles: 'public', access: 'tenant',
    summary: "The tenant's open-data catalogue, DCAT-AP.de 2.0 (JSON-LD, or Turtle)",
  },
  {
    method: 'GET', path: '/open-data/{tenantId}/datasets/{datasetId}', handler: 'reports/open-data-dataset.handler', roles: 'public', access: 'tenant',
    summary: 'One open dataset of the tenant for a year (CSV or JSON; counts below 3 withheld)',
  },
];

/** `routeKey` as API Gateway HTTP API writes it into the event: `"POST /tenants/{id}"`. */
export function routeKey(route: Pick<Route, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

export function findRoute(key: string): Route | undefined {
  return routes.find((route) => routeKey(route) === key);
}
