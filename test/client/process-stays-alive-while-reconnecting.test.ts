import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { simulator, until } from './helpers.js';

const script = fileURLToPath(new URL('./fixtures/await-job-across-partition.ts', import.meta.url));

// A script that awaits a job (or a call) while the client reconnects must not be ended by Node for
// lack of pending work: reconnect back-off and job polling keep the process alive until it settles.
it('keeps a Node process alive while it reconnects with a job awaited', async () => {
  const sim = await simulator({ rateLimit: false });
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, SIM_VIP: sim.vip.ws, SIM_USER: sim.credentials.username, SIM_KEY: sim.credentials.apiKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await until(() => out.includes('STARTED'), 'the job to start', 20_000);
    sim.faults.partitionVip();
    await new Promise((r) => setTimeout(r, 1500));
    sim.faults.healVip();
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
    expect(code, out).toBe(0);
    expect(out).toContain('DONE');
  } finally {
    child.kill();
  }
}, 60_000);
