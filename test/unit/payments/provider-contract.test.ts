import { memoryLedger } from './support/memory-ledger.ts';
import { providerContract } from './support/provider-contract.ts';
import { sandboxHarness } from './support/sandbox-harness.ts';

// The DynamoDB ledger runs the same contract in test/integration/payments.test.ts.
providerContract('sandbox (in-memory ledger)', () => sandboxHarness(memoryLedger()));
