/**
 * The simulator for the benchmarks, in its own process (so that it has a core of its own and its
 * work is not counted as the client's). Prints one JSON line with its endpoints and credentials on
 * stdout for the parent, then one line per VIP move (`{"vip": holder, "at": epoch ms}`, the moment
 * a new active controller serves), and takes fault commands as JSON lines on stdin
 * (`{"fault": "killController", "args": ["A"]}`). Stops when its stdin closes.
 */
import { createInterface } from 'node:readline';
import { startSimulator } from '../src/simulator.js';

const options = JSON.parse(process.argv[2] ?? '{}');
// In this process's own thread (it never blocks), as the benchmark baselines were measured.
const sim = await startSimulator({ rateLimit: false, seed: 'bench', inProcess: true, ...options });
const now = () => performance.timeOrigin + performance.now();
process.stdout.write(
  `${JSON.stringify({ vip: sim.vip, a: sim.a, b: sim.b, apiVersion: sim.apiVersion, credentials: { username: sim.credentials.username, password: sim.credentials.password, apiKey: sim.credentials.apiKey } })}\n`,
);
sim.on('vip', ({ holder }) => process.stdout.write(`${JSON.stringify({ vip: holder, at: now() })}\n`));
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const { fault, args } = JSON.parse(line) as { fault: string; args: unknown[] };
  (sim.faults as unknown as Record<string, (...a: unknown[]) => void>)[fault]!(...args);
});
lines.on('close', () => void sim.stop().then(() => process.exit(0)));
