import type { SandboxLedger } from '../../../../functions/payments/sandbox/ledger.ts';
import { SandboxProvider } from '../../../../functions/payments/sandbox/provider.ts';
import type { ProviderHarness } from './provider-contract.ts';

/** The sandbox adapter with the payer played through its own checkout action. */
export function sandboxHarness(ledger: SandboxLedger, secret = 'contract-secret-0123456789abcdef'): ProviderHarness & { provider: SandboxProvider } {
  const provider = new SandboxProvider({ ledger, secret, publicApiUrl: 'http://localhost:3000' });
  return {
    provider,
    async complete(request, outcome) {
      await provider.settle(request.paymentId, outcome, new Date());
    },
    signedWebhook(event, at) {
      const { headers, body } = provider.signedWebhook(event, at);
      return { headers, body };
    },
  };
}
