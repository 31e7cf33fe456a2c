import { describe, expect, it, onTestFinished } from 'vitest';
import { createClient, type PairChange, type PairUpdate, watchPair } from '../../src/index.js';
import { startPair, until } from './helpers.js';

const auth = (sim: Awaited<ReturnType<typeof startPair>>) => ({ username: sim.credentials.username, apiKey: sim.credentials.apiKey });

describe('watchPair', () => {
  it('follows a planned failover: node B becomes MASTER, counted once, with the changes in order', async () => {
    const sim = await startPair();
    onTestFinished(() => sim.stop());
    const watch = watchPair({ name: 'nas1', connection: { url: sim.vip.ws, auth: auth(sim), env: false }, interval: 60_000 });
    onTestFinished(() => watch.close());
    const first = await watch.ready();
    expect(first).toMatchObject({ name: 'nas1', up: true, masterChanges: 0, lastMaster: 'A' });
    expect(first.ha).toMatchObject({
      licensed: true,
      master: 'A',
      failoverDisabled: false,
      disabledReasons: [],
      healthy: true,
      controllers: [
        { node: 'A', status: 'MASTER', statusSource: 'direct', rebootRequired: [] },
        { node: 'B', status: 'BACKUP', statusSource: 'inferred', rebootRequired: [] },
      ],
    });

    // The iterator sees the same updates as the listeners; the events drive the reads (the interval is a minute).
    const seen: PairUpdate[] = [];
    const iterating = (async () => {
      for await (const update of watch) {
        seen.push(update);
        if (update.state.ha?.healthy && update.state.masterChanges === 1) break;
      }
    })();
    const changes: PairChange[] = [];
    watch.on('change', (c) => changes.push(c));
    const admin = createClient({ url: sim.vip.ws, auth: auth(sim), env: false });
    onTestFinished(() => admin.close());
    await admin.failover.become_passive();
    await iterating;

    const last = seen.at(-1)!.state;
    expect(last).toMatchObject({ up: true, masterChanges: 1, lastMaster: 'B' });
    expect(last.ha?.controllers.map((c) => [c.node, c.status])).toEqual([
      ['B', 'MASTER'],
      ['A', 'BACKUP'],
    ]);
    expect(last.masterSince).toBeGreaterThan(first.masterSince!);
    const kinds = changes.map((c) => c.kind);
    expect(kinds).toContain('master');
    expect(changes.find((c) => c.kind === 'master')).toMatchObject({ pair: 'nas1', from: 'A', to: 'B' });
    // The VIP moved: the connection dropped (unreachable) before the new MASTER answered (reachable).
    expect(kinds.indexOf('unreachable')).toBeLessThan(kinds.indexOf('master'));
    expect(last.reads.connectionLosses).toBe(1);
    // The iterator merged every change for its consumer: none was lost between steps.
    expect(seen.flatMap((u) => u.changes).map((c) => c.kind)).toEqual(kinds.slice(0, seen.flatMap((u) => u.changes).length));
    expect(watch.changes.length).toBeGreaterThanOrEqual(3);
  });

  it('marks the pair down while its VIP is cut off, with why, and up again when it heals', async () => {
    const sim = await startPair();
    onTestFinished(() => sim.stop());
    const watch = watchPair({
      connection: { url: sim.vip.ws, auth: auth(sim), env: false, reconnect: { initialDelay: 20, maxDelay: 200 } },
      interval: 200,
      readTimeout: 1_000,
    });
    onTestFinished(() => watch.close());
    expect((await watch.ready()).up).toBe(true);
    expect(watch.name).toBe(new URL(sim.vip.ws).host);
    sim.faults.partitionVip();
    await until(() => !watch.state.up, 'the watch to see the pair unreachable');
    expect(watch.state.error).toBeTruthy();
    expect(watch.state.ha?.master).toBe('A'); // the last known state stays, marked as not current
    sim.faults.healVip();
    await until(() => watch.state.up, 'the watch to reach the pair again');
    expect(watch.changes.map((c) => c.kind)).toEqual(expect.arrayContaining(['unreachable', 'reachable']));
    expect(watch.state.masterChanges).toBe(0);
  });

  it('polls a REST pair (TrueNAS 25.10): failover disabled and enabled again are seen', async () => {
    const sim = await startPair({ apiVersion: 'v25.10.0' });
    onTestFinished(() => sim.stop());
    const watch = watchPair({ name: 'rest', connection: { url: sim.vip.http, auth: auth(sim), env: false }, interval: 100 });
    onTestFinished(() => watch.close());
    const first = await watch.ready();
    expect(first.up).toBe(true);
    // REST on 25.10 has neither failover.status nor the disabled reasons: no MASTER is claimed.
    expect(first.ha).toMatchObject({ failoverDisabled: false, disabledReasons: undefined, master: undefined, healthy: false });
    const admin = createClient({ url: sim.vip.ws, auth: auth(sim), env: false });
    onTestFinished(() => admin.close());
    await admin.failover.update({ disabled: true });
    await until(() => watch.state.ha?.failoverDisabled === true, 'the REST watch to see failover disabled');
    await admin.failover.update({ disabled: false });
    await until(() => watch.state.ha?.failoverDisabled === false, 'the REST watch to see failover enabled');
    expect(watch.changes.filter((c) => c.kind === 'failover').map((c) => (c as { disabled: boolean }).disabled)).toEqual([true, false]);
  });

  it('refuses bad options with a TypeError naming the option, before connecting', () => {
    const connection = { url: 'ws://127.0.0.1:1', auth: null };
    expect(() => watchPair({} as never)).toThrow(/either options.client .* or options.connection/);
    expect(() => watchPair({ connection, interval: 0 })).toThrow(/options.interval must be a positive number/);
    expect(() => watchPair({ connection, readTimeout: Number.NaN })).toThrow(/options.readTimeout/);
    expect(() => watchPair({ connection, name: ' ' })).toThrow(/options.name/);
    expect(() => watchPair({ connection, history: -1 })).toThrow(/options.history/);
    expect(() => watchPair({ connection, signal: 'stop' as never })).toThrow(/options.signal/);
  });
});
