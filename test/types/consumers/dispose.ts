/**
 * `await using` on a client and a subscription: compiled only where the project's lib declares
 * `Symbol.asyncDispose` (esnext.disposable) and TypeScript has `using` (5.2+); see client.ts.
 */
import { createClient } from 'truenas-failover';

export async function disposed(url: string): Promise<string> {
  await using client = createClient({ url });
  await using subscription = await client.subscribe('failover.status', () => {});
  return `${subscription.event} ${await client.failover.status()}`;
}
