import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { pairEnv, runCli, startPair, until } from './helpers.js';

interface WatchLine {
  time: string;
  event: string;
  node: string | null;
  fields: Record<string, unknown>;
  caughtUp: boolean;
}

const parse = (stdout: string): WatchLine[] =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as WatchLine);

describe('watch: one line per HA event with its time', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('--json is NDJSON: current values first, then the events of a failover, until Ctrl-C (exit 0)', async () => {
    sim = await startPair({ timeScale: 0.05 });
    const pair = sim;
    let sent = false;
    const r = await runCli(['watch', '--json'], {
      env: pairEnv(pair),
      timeout: 90_000,
      onSpawn: (child, output) => {
        void (async () => {
          await until(() => output().includes('failover.reboot.info'), 'the first lines of watch');
          // A planned failover from the outside: the VIP moves, node A reboots and comes back.
          const done = await runCli(['failover', '--yes'], { env: pairEnv(pair) });
          expect(done.code, done.output).toBe(0);
          await until(
            () => /"disabled_reasons":\[\]/.test(output().split('"event":"failover"')[1] ?? ''),
            'watch to see the pair healthy again',
          );
          sent = child.kill('SIGINT');
        })();
      },
    });
    expect(sent).toBe(true);
    expect(r.code, r.stderr).toBe(0);
    const lines = parse(r.stdout);
    for (const l of lines) expect(Number.isNaN(Date.parse(l.time))).toBe(false);
    expect(lines[0]).toMatchObject({ event: 'failover.status', node: 'A', fields: { status: 'MASTER' }, caughtUp: false });
    expect(lines[1]).toMatchObject({ event: 'failover.disabled.reasons', fields: { disabled_reasons: [] }, caughtUp: false });
    expect(lines[2]).toMatchObject({ event: 'failover.reboot.info' });
    const events = lines.map((l) => l.event);
    expect(events).toContain('connection');
    expect(lines.find((l) => l.event === 'failover')).toMatchObject({ fields: { from: 'A', to: 'B' } });
    const reasons = lines.filter((l) => l.event === 'failover.disabled.reasons' && l.node === 'B');
    expect(reasons.length).toBeGreaterThan(1);
    expect(reasons.at(-1)?.fields).toEqual({ disabled_reasons: [] });
  });

  it('human lines: ISO time, event, node, meaning of each reason; --count stops it', async () => {
    sim = await startPair();
    sim.faults.killController('B');
    const r = await runCli(['watch', '--count', '3'], { env: pairEnv(sim), timeout: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z {2}status +node A: MASTER$/);
    expect(lines[1]).toMatch(/disabled\.reasons +node A: NO_PONG \(the other controller does not answer over the heartbeat link\)/);
    expect(lines[2]).toMatch(/reboot\.info +node A: this: boot \w{8}, no reboot needed; other: not reachable/);
  });

  it('--for ends it after that many seconds', async () => {
    sim = await startPair();
    const started = Date.now();
    const r = await runCli(['watch', '--for', '1'], { env: pairEnv(sim), timeout: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
  });
});
