/** A test's code against `truenas-failover/simulator` (Node projects only; see client.ts). */
import { createClient } from 'truenas-failover';
import { type Simulator, startSimulator } from 'truenas-failover/simulator';

export async function drill(): Promise<string> {
  const sim: Simulator = await startSimulator({ apiVersion: 'v25.10.0' });
  const client = createClient({ url: sim.vip.ws, auth: { username: sim.credentials.username, apiKey: sim.credentials.apiKey } });
  try {
    sim.faults.killController('A');
    // @ts-expect-error controllers are A and B
    sim.faults.killController('C');
    return await client.failover.status();
  } finally {
    await client.close();
    await sim.stop();
  }
}
