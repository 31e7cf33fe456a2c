/**
 * Shared by the examples: an embedded simulated HA pair and a client of it given the VIP and both
 * controllers, as you would configure it for a real pair:
 *
 *   createClient({ urls: { vip: 'wss://nas', a: 'wss://nas-a', b: 'wss://nas-b' }, auth: { username, apiKey } })
 *
 * (In your own project, import from 'truenas-failover' and 'truenas-failover/simulator'.)
 */
import { type ApiVersion, type Client, createClient, type Workflow } from '../../src/index.js';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator.js';

export interface Pair {
  sim: Simulator;
  client: Client;
  /** Closes the client and stops the simulator. */
  close(): Promise<void>;
}

export async function startPair(options: SimulatorOptions = {}): Promise<Pair> {
  // EXAMPLE_TIME_SCALE speeds the pair up (the tests run the examples at 0.02) or slows it down (1 = real time).
  const timeScale = Number(process.env.EXAMPLE_TIME_SCALE ?? 0.05);
  const sim = await startSimulator({ timeScale, ...options });
  const client = createClient({
    urls: { vip: sim.vip.ws, a: sim.a.ws, b: sim.b.ws },
    auth: { username: sim.credentials.username, apiKey: sim.credentials.apiKey },
    apiVersion: options.apiVersion as ApiVersion | undefined,
    env: false,
    reconnect: { initialDelay: 50, maxDelay: 1_000 },
  }) as Client;
  return {
    sim,
    client,
    close: async () => {
      await client.close();
      await sim.stop();
    },
  };
}

/** Prints a workflow's phases, progress and warnings as they happen. */
export function printProgress<R>(workflow: Workflow<R>): void {
  workflow.on('progress', (u) => {
    const at = `${(u.elapsedMs / 1000).toFixed(1).padStart(5)} s`;
    if (u.type === 'phase') console.log(`${at}  [${u.phase?.index}/${u.phase?.total}] ${u.description}`);
    else if (u.type === 'warning') console.log(`${at}  WARNING (${u.warning?.code}): ${u.description}`);
    else console.log(`${at}        ${u.percent === null ? '' : `${u.percent}% `}${u.description.replace(/\n/g, ' | ')}`);
  });
}
