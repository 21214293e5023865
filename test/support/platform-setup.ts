import type { TestProject } from 'vitest/node';
import { startPlatform, type Platform } from '../../infra/local/platform.ts';

export interface ProvidedPlatform {
  url: string;
  endpoints: Platform['endpoints'];
  environment: Record<string, string>;
  userPoolId: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    platform: ProvidedPlatform;
  }
}

/**
 * Starts the local platform once for all integration and end-to-end tests, the way `npm start` does (same
 * synthesized templates, emulators, seed), on free ports with throw-away data.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  // Every answer is checked against its route's declared responses: each test is also a test of the OpenAPI contract.
  const platform = await startPlatform({ port: 0, contractChecks: true });
  project.provide('platform', {
    url: platform.url,
    endpoints: platform.endpoints,
    environment: platform.environment,
    userPoolId: platform.userPool.userPoolId,
  });
  return () => platform.stop();
}
