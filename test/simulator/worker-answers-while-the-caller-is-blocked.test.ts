import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import type { Simulator, SimulatorEvents } from '../../src/simulator.js';
import { simulator } from './helpers.js';

const pollStatus = fileURLToPath(new URL('./fixtures/poll-status.cjs', import.meta.url));

/** Runs the separate program synchronously: this thread's event loop is blocked until it ends. */
function statusWhileBlocked(sim: Simulator, url: string, want: string): string {
  return execFileSync(process.execPath, [pollStatus, url, sim.credentials.username, sim.credentials.apiKey, want], {
    encoding: 'utf8',
    timeout: 60_000,
  }).trim();
}

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

// The default: the simulator runs in a worker thread, so a test (or a user's script) that runs a CLI
// with spawnSync/execSync against it does not deadlock.
it('answers a program run with execFileSync while the caller’s event loop is blocked', async () => {
  sim = await simulator();
  expect(statusWhileBlocked(sim, sim.vip.ws, 'MASTER')).toBe('MASTER');
});

// Its timers run too: a promotion completes while the caller is blocked, and the events it emitted
// meanwhile reach the caller's listeners afterwards, in the order they happened.
it('runs a failover while the caller is blocked and delivers its events afterwards, in order', async () => {
  sim = await simulator();
  const seen: string[] = [];
  const record =
    <K extends keyof SimulatorEvents>(name: K) =>
    (e: SimulatorEvents[K]) =>
      seen.push(`${name} ${JSON.stringify(e, ['node', 'from', 'to', 'power', 'holder'])}`);
  sim.on('transition', record('transition'));
  sim.on('vip', record('vip'));
  sim.faults.killController('A');
  expect(seen).toEqual(['vip {"holder":null}']); // emitted during the synchronous call
  expect(statusWhileBlocked(sim, sim.b.ws, 'MASTER')).toBe('MASTER');
  expect(seen).toEqual(['vip {"holder":null}']); // nothing delivered while blocked
  // A listener added now did not exist when those events were emitted in the worker: it gets none
  // of them, although they are still on their way to this thread.
  const late: string[] = [];
  sim.on('transition', (e) => late.push(e.to));
  await expect.poll(() => seen.at(-1), { timeout: 20_000 }).toBe('vip {"holder":"B"}');
  expect(seen).toEqual([
    'vip {"holder":null}',
    'transition {"node":"B","from":"BACKUP","to":"ELECTING"}',
    'transition {"node":"B","from":"ELECTING","to":"IMPORTING"}',
    'transition {"node":"B","from":"IMPORTING","to":"MASTER"}',
    'vip {"holder":"B"}',
  ]);
  expect(late).toEqual([]);
  expect(sim.state().vip.holder).toBe('B');
});
