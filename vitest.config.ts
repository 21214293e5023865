import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Configuration the handlers read at load time; unit tests mock every AWS call, so these are placeholders. */
const unitEnvironment = {
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'unit-test',
  AWS_SECRET_ACCESS_KEY: 'unit-test',
  TABLE_NAME: 'openkreis-test-data',
  BUCKET_NAME: 'openkreis-test-documents',
  COUNTY_TENANT_ID: 'rhein-kreis-neuss',
  USER_POOL_ID: 'eu-central-1_unittest',
  ONBOARDING_STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:000000000000:stateMachine:openkreis-test-tenant-onboarding',
  ACCOUNTS_STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:000000000000:stateMachine:openkreis-test-tenant-accounts',
  APPLICATIONS_STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:000000000000:stateMachine:openkreis-test-application-lifecycle',
  PUBLIC_API_URL: 'https://api.openkreis.test',
  PUBLIC_SITE_URL: 'https://portal.openkreis.test',
  NOTIFICATION_FROM_ADDRESS: 'noreply@openkreis.test',
  PAYMENT_PROVIDER: 'sandbox',
  PAYMENT_WEBHOOK_SECRET: 'unit-test-webhook-secret-0123456789',
  TRAINING_CONTENT_DIR: fileURLToPath(new URL('./training-content/', import.meta.url)),
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

export default defineConfig({
  test: {
    // Vitest's default is one worker less than the cores: one worker on CI's 2 cores. The unit and infra files run
    // after the integration files, when the local platform in the main process is idle, so both cores can take them.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          env: unitEnvironment,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/browser/**/*.test.ts'],
          globalSetup: ['test/support/platform-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The emulators are shared; two cores are not enough to run many integration files at once.
          maxWorkers: 2,
          env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
        },
      },
    ],
  },
});
