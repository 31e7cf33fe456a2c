/**
 * The simulator for the benchmarks, in its own process (so that it has a core of its own and its
 * work is not counted as the client's). Prints one JSON line with its endpoints and credentials on
 * stdout for the parent, and stops when its stdin closes.
 */
import { startSimulator } from '../src/simulator.js';

const options = JSON.parse(process.argv[2] ?? '{}');
// In this process's own thread (it never blocks), as the benchmark baselines were measured.
const sim = await startSimulator({ rateLimit: false, seed: 'bench', inProcess: true, ...options });
process.stdout.write(
  `${JSON.stringify({ vip: sim.vip, a: sim.a, b: sim.b, apiVersion: sim.apiVersion, credentials: { username: sim.credentials.username, password: sim.credentials.password, apiKey: sim.credentials.apiKey } })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => void sim.stop().then(() => process.exit(0)));
