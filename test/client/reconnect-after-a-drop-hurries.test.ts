import { describe, expect, it } from 'vitest';
import { type ClientOptions, createClient, type ReconnectOptions } from '../../src/index.js';
import { clientOf, memoryLogger, simulator, until } from './helpers.js';

// After a working connection drops (a failover is likely) the client tries again at a short,
// jittered cadence for `reconnect.afterDrop.window` ms, then the exponential back-off resumes.
// The attempts in that window are refused or reset before any login: the server's login rate
// limit is never touched. With the controllers' own addresses, the standby found during the
// failover is kept and used as it is once promoted: no second login. Speed itself is measured by
// `npm run bench -- failover`; these tests check the mechanism, with no timing assertion.

/** The delays the connector chose between rounds, in order (from its debug lines). */
function delays(lines: readonly string[]): number[] {
  return lines.flatMap((line) => {
    const m = /next attempt in (\d+) ms/.exec(line);
    return m ? [Number(m[1])] : [];
  });
}

const logins = (lines: readonly string[]) => lines.filter((line) => line.startsWith('info logged in to')).length;

describe('reconnect after a drop', () => {
  it('refuses bad reconnect options with a TypeError naming the field', () => {
    const bad = (reconnect: unknown) => () => createClient({ url: 'ws://127.0.0.1:1', env: false, auth: null, reconnect } as ClientOptions);
    expect(bad({ afterDrop: { window: 0 } })).toThrow(/reconnect\.afterDrop\.window must be a positive number/);
    expect(bad({ afterDrop: { interval: -5 } })).toThrow(/reconnect\.afterDrop\.interval/);
    expect(bad({ afterDrop: 'fast' })).toThrow(/reconnect\.afterDrop must be an object/);
    expect(bad({ initialDelay: Number.NaN })).toThrow(/reconnect\.initialDelay/);
    expect(bad({ maxDelay: 0 })).toThrow(/reconnect\.maxDelay/);
    expect(bad({ factor: 0.5 })).toThrow(/reconnect\.factor/);
    expect(bad({ jitter: 2 })).toThrow(/reconnect\.jitter/);
    expect(bad({ maxAttempts: 1.5 })).toThrow(/reconnect\.maxAttempts/);
    expect(bad('often')).toThrow(/reconnect must be an object or false/);
    expect(bad({ afterDrop: false, initialDelay: 10 })).not.toThrow();
  });

  /** A client that connected through the VIP, which is then partitioned: every attempt is reset during the handshake. */
  async function cutOff(reconnect: ReconnectOptions) {
    const sim = await simulator();
    const log = memoryLogger();
    const client = clientOf(sim, { logger: log.logger, keepAlive: false, reconnect });
    await client.connect();
    expect(logins(log.lines)).toBe(1);
    sim.faults.partitionVip();
    return { sim, client, log };
  }

  it('retries at the short cadence during the window, without logging in, then backs off from the start', async () => {
    // A window long enough for several short rounds even on a loaded machine; a first back-off
    // delay (100–200 ms) that cannot be mistaken for the short cadence (10–20 ms), and a cap far
    // above it, which the back-off would have reached had it counted the short rounds.
    const { sim, client, log } = await cutOff({ initialDelay: 200, maxDelay: 10_000, afterDrop: { window: 1500, interval: 20 } });
    await until(() => delays(log.lines).some((d) => d >= 100), 'the back-off to resume after the window', 30_000);
    const seen = delays(log.lines);
    const firstLong = seen.findIndex((d) => d >= 100);
    expect(firstLong, `delays: ${seen.join(', ')}`).toBeGreaterThan(0);
    for (const d of seen.slice(0, firstLong)) {
      expect(d).toBeGreaterThanOrEqual(10);
      expect(d).toBeLessThanOrEqual(20);
    }
    expect(seen[firstLong]).toBeLessThanOrEqual(200);
    expect(logins(log.lines)).toBe(1);
    sim.faults.healVip();
    expect(await client.failover.status()).toBe('MASTER');
    expect(logins(log.lines)).toBe(2);
  });

  it('with afterDrop: false the back-off paces every round', async () => {
    const { sim, client, log } = await cutOff({ initialDelay: 100, maxDelay: 100, afterDrop: false });
    await until(() => delays(log.lines).length >= 3, 'three rounds');
    for (const d of delays(log.lines)) expect(d).toBeGreaterThanOrEqual(50);
    sim.faults.healVip();
    expect(await client.failover.status()).toBe('MASTER');
  });

  it('goes back to the back-off when a round spends a login: a standby answering REDIRECT', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0' });
    const log = memoryLogger();
    // B, the standby, answers every login with REDIRECT to the VIP; the VIP is cut off.
    const client = clientOf(sim, {
      logger: log.logger,
      keepAlive: false,
      urls: [sim.vip.ws, sim.b.ws],
      reconnect: { initialDelay: 200, maxDelay: 200, afterDrop: { window: 60_000, interval: 10 } },
    });
    await client.connect();
    sim.faults.partitionVip();
    await until(() => delays(log.lines).length >= 3, 'three rounds');
    expect(log.text()).toMatch(/is the standby; following its redirect/);
    // Every round logged in on B: each pause is the back-off's (100–200 ms), never the 5–10 ms cadence.
    for (const d of delays(log.lines)) expect(d).toBeGreaterThanOrEqual(100);
    sim.faults.healVip();
    expect(await client.failover.status()).toBe('MASTER');
  });

  it('with A and B known, keeps the standby it found and switches to it once promoted, without a new login', async () => {
    // Real-time promotion (about 2 s) so that the client finds B still a standby. The VIP is left
    // out: it moves to B the moment B is promoted, and a round that reaches it before B's status
    // event has been read logs in again through the VIP. That is right (the client is on the
    // MASTER), but not the path this test follows; busy CI machines took it twice.
    const sim = await simulator({ timeScale: 1 });
    const log = memoryLogger();
    const client = clientOf(sim, { logger: log.logger, keepAlive: false, urls: { a: sim.a.ws, b: sim.b.ws } });
    await client.connect();
    expect(client.controller).toMatchObject({ node: 'A', status: 'MASTER' });
    const before = logins(log.lines);
    const failovers: string[] = [];
    client.on('failover', (e) => failovers.push(`${e.from.node}->${e.to.node}`));
    sim.faults.killController('A');
    // A read made during the failover goes out on the new MASTER.
    expect(await client.failover.status({ timeout: 60_000 })).toBe('MASTER');
    expect(failovers).toEqual(['A->B']);
    expect(client.controller).toMatchObject({ node: 'B', status: 'MASTER' });
    // The standby's own connection, found while B was promoting: one login (to B, as a standby)
    // in all.
    expect(client.controller?.url.startsWith(sim.b.ws)).toBe(true);
    expect(logins(log.lines) - before).toBe(1);
    expect(log.text()).toMatch(/is (BACKUP|ELECTING|IMPORTING); looking for the active controller/);
  });
});

describe("a kept standby's failover.status events", () => {
  it('wake the search the moment the standby is promoted, with no short cadence and a back-off of 15 s or more', async () => {
    const sim = await simulator({ timeScale: 1 });
    const log = memoryLogger();
    // Had the client waited for its next round, the read below would take 15 s or more: each
    // pause of the search is ended early by an event of the standby instead.
    const client = clientOf(sim, {
      logger: log.logger,
      keepAlive: false,
      urls: { vip: sim.vip.ws, a: sim.a.ws, b: sim.b.ws },
      reconnect: { initialDelay: 30_000, maxDelay: 30_000, afterDrop: false },
    });
    await client.connect();
    const before = logins(log.lines);
    sim.faults.killController('A');
    expect(await client.failover.status({ timeout: 120_000 })).toBe('MASTER');
    expect(client.controller).toMatchObject({ node: 'B', status: 'MASTER' });
    expect(client.controller?.url.startsWith(sim.b.ws)).toBe(true);
    expect(logins(log.lines) - before).toBe(1);
    const text = log.text();
    expect(text).toMatch(/watching failover\.status on the standby ws:\/\/127\.0\.0\.1:\d+/);
    expect(text).toMatch(/reports a change of failover\.status; asking it now/);
    // Every pause the search started was cut short by an event: none ran its 15–30 s.
    const pauses = log.lines
      .filter((line) => /next attempt in|asking it now/.test(line))
      .map((line) => (line.includes('asking') ? 'woken' : 'pause'));
    expect(pauses, log.text()).toContain('pause');
    pauses.forEach((p, i) => {
      if (p === 'pause') expect(pauses[i + 1], log.text()).toBe('woken');
    });
  }, 60_000);
});
