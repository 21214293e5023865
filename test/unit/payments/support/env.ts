/**
 * Payments configuration for unit tests. Imported first by the test files that load handlers (ES modules evaluate
 * imports in order, so this runs before the handlers read their configuration). Values already set — e.g. by the
 * unit project's `env` in vitest.config.ts — win.
 */
process.env.PUBLIC_API_URL ??= 'http://localhost:3000';
process.env.PAYMENT_PROVIDER ??= 'sandbox';
process.env.PAYMENT_WEBHOOK_SECRET ??= 'unit-webhook-secret-0123456789abcdef';

export const UNIT_WEBHOOK_SECRET = process.env.PAYMENT_WEBHOOK_SECRET;
export const UNIT_PUBLIC_API_URL = process.env.PUBLIC_API_URL;
