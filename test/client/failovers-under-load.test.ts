import { describe, expect, it, onTestFinished } from 'vitest';
import { type FailoverEvent, OutcomeUnknownError, TrueNasError } from '../../src/index.js';
import { clientOf, master, simulator, until } from './helpers.js';

// Through failovers of several kinds, with 32 workers calling all the time: every call settles,
// every read is answered, writes fail only as "outcome unknown", and events keep coming.
describe('failovers under load', () => {
  it('planned failover, dead master, rebooted standby, heartbeat cut: nothing hangs, reads never fail', async () => {
    const sim = await simulator();
    const client = clientOf(sim, {
      urls: { vip: sim.vip.ws, a: sim.a.ws, b: sim.b.ws },
      keepAlive: { interval: 500, timeout: 1000 },
      timeout: 30_000,
    });
    const failovers: FailoverEvent[] = [];
    client.on('failover', (e) => failovers.push(e));
    const reasons: string[][] = [];
    await client.subscribe('failover.disabled.reasons', (f) => reasons.push(f.disabled_reasons));

    const tally = { issued: 0, resolved: 0, readsRejected: [] as unknown[], writesRejected: [] as unknown[] };
    let running = true;
    const worker = async (n: number) => {
      for (let i = 0; running; i++) {
        const write = (n + i) % 5 === 0;
        tally.issued++;
        try {
          if (write) await client.failover.update({ timeout: (n + i) % 50 });
          else await [client.failover.status, client.failover.config, client.failover.reboot.info][i % 3]!();
          tally.resolved++;
        } catch (error) {
          if (client.state === 'closed') return;
          (write ? tally.writesRejected : tally.readsRejected).push(error);
        }
      }
    };
    const workers = Array.from({ length: 32 }, (_, n) => worker(n));
    // Workers stop with the test, pass or fail (a closed client rejects at once: no busy loop).
    onTestFinished(() => {
      running = false;
    });
    const healthy = () => until(async () => (await client.failover.disabled.reasons()).length === 0, 'a healthy pair', 30_000);
    const failedOver = (count: number) => until(() => failovers.length === count, `failover ${count}`, 30_000);

    await new Promise((r) => setTimeout(r, 200));
    // 1. Planned failover.
    await client.failover.become_passive();
    await failedOver(1);
    await healthy();
    // 2. The active controller dies, and comes back later as standby.
    const active = master(sim)!;
    sim.faults.killController(active);
    await failedOver(2);
    sim.faults.restoreController(active);
    await healthy();
    // 3. The standby reboots (no failover).
    await client.failover.reboot.other_node();
    await healthy();
    // 4. The heartbeat is cut and restored (no failover while the active controller lives).
    const before = reasons.length;
    sim.faults.cutHeartbeat();
    await until(() => reasons.slice(before).some((r) => r.includes('NO_PONG')), 'NO_PONG to be pushed', 30_000);
    sim.faults.restoreHeartbeat();
    await healthy();
    // 5. Planned failover again.
    await client.failover.become_passive();
    await failedOver(3);
    await healthy();

    running = false;
    await Promise.all(workers);
    expect(tally.resolved + tally.readsRejected.length + tally.writesRejected.length).toBe(tally.issued);
    expect(tally.readsRejected).toEqual([]);
    for (const error of tally.writesRejected) {
      expect(error).toBeInstanceOf(TrueNasError);
      expect(error).toBeInstanceOf(OutcomeUnknownError);
    }
    expect(tally.resolved).toBeGreaterThan(100);
    expect(failovers.map((f) => f.nodeChanged)).toEqual([true, true, true]);
    expect(await client.failover.status()).toBe('MASTER');
  }, 120_000);
});
