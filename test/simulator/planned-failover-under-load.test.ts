/**
 * 64 raw-socket clients keep writing failover timeouts from 0 to 120 through the VIP while the pair
 * goes through 10 planned failovers (plugins/failover.py `become_passive` on the active controller,
 * after the checks of `do_failover()` in middlewared/test/integration/utils/failover.py: MASTER and
 * no disabled reasons). Whatever timeout the standby holds when the active controller reboots
 * (up to 120, a 122.85 s master-down interval), the reboot lasts longer, so the master moves every
 * time. Writes cut by a failover are never replayed: a worker just moves on to its next value.
 */
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { type RpcConnection, session, simulator, waitUntil } from './helpers.js';

const WORKERS = 64;
const FAILOVERS = 10;

/** One worker: writes its sequence of timeouts until told to stop, reconnecting through the VIP after drops. */
async function worker(sim: Simulator, index: number, values: () => number, stop: () => boolean, vipBack: () => Promise<void>) {
  let written = 0;
  let c: RpcConnection | null = null;
  // Bounded: a round ends within a few failover timeouts; each pass either writes or waits for the VIP.
  for (let pass = 0; pass < 100_000 && !stop(); pass++) {
    try {
      c ??= await session(sim.vip.ws, sim);
      const timeout = values();
      const reply = await c.request('failover.update', [{ timeout }], 10_000);
      if (reply.error) throw new Error(`worker ${index}: ${JSON.stringify(reply.error)}`);
      written++;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(`worker ${index}:`)) throw error;
      // The VIP moved (connection dropped or refused): wait for it to be held again.
      c?.close();
      c = null;
      await vipBack();
    }
  }
  c?.close();
  return written;
}

describe('planned failovers under concurrent timeout writes', () => {
  it(`${WORKERS} workers write timeouts 0–120 through ${FAILOVERS} become_passive: the master moves every time`, async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0', timeScale: 0.01 });
    // Listen first, then read: the simulator runs in a worker thread, so a VIP taken between a read
    // and a later subscription would be neither seen nor told, and the worker would wait forever.
    const vipHeld = () =>
      new Promise<void>((resolve) => {
        const off = sim.on('vip', ({ holder }) => {
          if (!holder) return;
          off();
          resolve();
        });
        if (sim.state().vip.holder) {
          off();
          resolve();
        }
      });
    const timeoutsAtElection: number[] = [];
    sim.on('transition', ({ node, to }) => {
      if (to === 'ELECTING') timeoutsAtElection.push(sim.state().nodes[node]!.config.timeout);
    });
    try {
      for (let round = 0; round < FAILOVERS; round++) {
        // do_failover(): the pair is settled first (MASTER through the VIP, no disabled reasons on either side).
        await waitUntil(
          async () => {
            const c = await session(sim.vip.ws, sim);
            try {
              return (
                (await c.call('failover.status', [], 2000)) === 'MASTER' &&
                (await c.call<string[]>('failover.disabled.reasons', [], 5000)).length === 0
              );
            } finally {
              c.close();
            }
          },
          30_000,
          `the pair to settle before failover ${round + 1}`,
        );
        const master = sim.state().vip.holder!;
        // Even rounds write only 100–120, so the standby surely holds a long timeout when the master goes.
        const low = round % 2 === 0 ? 100 : 0;
        let stop = false;
        const workers = Array.from({ length: WORKERS }, (_, i) => {
          let n = i;
          return worker(
            sim,
            i,
            () => low + ((n++ * 7) % (121 - low)),
            () => stop,
            vipHeld,
          );
        });
        // Let every worker land writes first, then fail over while they keep writing.
        await waitUntil(() => sim.state().nodes[master]!.config.timeout >= low, 10_000, 'writes to land');
        const c = await session(sim.vip.ws, sim);
        await c.request('failover.become_passive', [], 10_000).catch(() => undefined);
        await waitUntil(
          () => {
            const holder = sim.state().vip.holder;
            return holder !== null && holder !== master;
          },
          60_000,
          `the master to move away from ${master} (failover ${round + 1})`,
        );
        stop = true;
        const written = await Promise.all(workers);
        expect(written.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
        expect(sim.state().vip.holder).not.toBe(master);
      }
      expect(timeoutsAtElection).toHaveLength(FAILOVERS);
      // The even rounds failed over with a timeout of at least 100 s on the promoting standby.
      expect(timeoutsAtElection.filter((_, i) => i % 2 === 0).every((t) => t >= 100)).toBe(true);
    } finally {
      await sim.stop();
    }
  }, 300_000);
});
